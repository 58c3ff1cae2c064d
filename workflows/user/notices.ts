/**
 * The Dutch texts of the notifications about a user: pure, deterministic, safe in workflow code.
 * Administrators (gebruikersbeheerders, servicedesk) need to know who registered, so bodies may
 * name the person; titles (also mail subjects) do not. No BSN anywhere, no code ever.
 */
import type { NotificationContent, UserNotification } from '../../activities/index.ts';
import { displayName } from '../../domain/user-lifecycle.ts';
import { MAX_CODE_ATTEMPTS, type LiveVerificationCode, type UserState } from '../../domain/user.ts';

const SERVICEDESK_LINK = '/servicedesk/gebruikers';
const FOOTER_NO_CODE_BY_MAIL = 'Geef de verificatiecode persoonlijk of telefonisch door, nooit per e-mail.';

const longDate = (iso: string | undefined): string =>
  iso
    ? new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long' }).format(new Date(iso))
    : 'onbekende datum';

const adminLink = (state: UserState): string => `/beheer/gebruikers/${encodeURIComponent(state.subject)}`;

function who(state: UserState): string {
  const afdeling = state.settings?.afdeling ? ` (afdeling ${state.settings.afdeling})` : '';
  return `${displayName(state.settings)}${afdeling}`;
}

/**
 * The first save of the personal settings: the gebruikersbeheerders must verify, or the servicedesk when there are
 * none.
 */
export function registrationPending(state: UserState, workflowId: string): UserNotification {
  const code = state.gemeentecode;
  const fallback: NotificationContent = {
    kind: 'registration_pending',
    title: `Nieuwe aanmelding, gemeente ${code} heeft geen gebruikersbeheerder`,
    body: [
      `${who(state)} heeft zich op ${longDate(state.settingsSavedAt)} aangemeld voor Portaal Zorg bij gemeente ${code} en wacht op een verificatiecode.`,
      `Gemeente ${code} heeft nog geen actieve gebruikersbeheerder. Wordt deze persoon de gebruikersbeheerder van de gemeente, maak dan een verificatiecode aan die de rol gebruikersbeheerder geeft.`,
      FOOTER_NO_CODE_BY_MAIL,
    ].join('\n\n'),
    link: SERVICEDESK_LINK,
  };
  return {
    key: `${workflowId}:registration_pending:${state.settingsSavedAt ?? ''}`,
    kind: 'registration_pending',
    title: `Nieuwe aanmelding wacht op verificatie (gemeente ${code})`,
    body: [
      `${who(state)} heeft zich op ${longDate(state.settingsSavedAt)} aangemeld voor Portaal Zorg en wacht op een verificatiecode.`,
      'Controleer of deze persoon bij uw organisatie werkt en maak dan in Portaal Zorg een verificatiecode aan. Hoort de aanmelding niet bij uw organisatie, wijs haar dan af.',
      FOOTER_NO_CODE_BY_MAIL,
    ].join('\n\n'),
    link: adminLink(state),
    target: { kind: 'gebruikersbeheerders', gemeentecode: code, servicedeskFallback: fallback },
  };
}

/** After the remind delay, once: to the gebruikersbeheerders (the servicedesk when there are none). */
export function registrationReminder(state: UserState, workflowId: string): UserNotification {
  const code = state.gemeentecode;
  const waiting = `${who(state)} wacht sinds ${longDate(state.settingsSavedAt)} op een verificatiecode voor Portaal Zorg`;
  return {
    key: `${workflowId}:registration_reminder:${state.settingsSavedAt ?? ''}`,
    kind: 'registration_reminder',
    title: `Herinnering: aanmelding wacht op verificatie (gemeente ${code})`,
    body: [
      `${waiting}.`,
      'Maak een verificatiecode aan of wijs de aanmelding af. Zonder antwoord vervalt de aanmelding.',
      FOOTER_NO_CODE_BY_MAIL,
    ].join('\n\n'),
    link: adminLink(state),
    target: {
      kind: 'gebruikersbeheerders',
      gemeentecode: code,
      servicedeskFallback: {
        kind: 'registration_reminder',
        title: `Herinnering: aanmelding wacht op verificatie, gemeente ${code} heeft geen gebruikersbeheerder`,
        body: [
          `${waiting} bij gemeente ${code}.`,
          `Gemeente ${code} heeft nog geen actieve gebruikersbeheerder.`,
          FOOTER_NO_CODE_BY_MAIL,
        ].join('\n\n'),
        link: SERVICEDESK_LINK,
      },
    },
  };
}

/** After the escalate delay, once: the servicedesk steps in. */
export function registrationEscalated(state: UserState, workflowId: string): UserNotification {
  const code = state.gemeentecode;
  return {
    key: `${workflowId}:registration_escalated:${state.settingsSavedAt ?? ''}`,
    kind: 'registration_escalated',
    title: `Aanmelding wacht te lang op verificatie (gemeente ${code})`,
    body: [
      `${who(state)} heeft zich op ${longDate(state.settingsSavedAt)} aangemeld bij gemeente ${code} en heeft nog geen verificatiecode gekregen.`,
      state.reminderSentAt ? 'De gebruikersbeheerders van de gemeente hebben al een herinnering gekregen.' : '',
      'Neem contact op met de gemeente, of maak zelf een verificatiecode aan als de gemeente nog geen gebruikersbeheerder heeft.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    link: SERVICEDESK_LINK,
    target: { kind: 'servicedesk' },
  };
}

/** Five wrong attempts revoked the code: its issuer is told (the servicedesk, or that gebruikersbeheerder). */
export function codeRevoked(state: UserState, code: LiveVerificationCode, workflowId: string): UserNotification {
  const byServicedesk = code.issuer.kind === 'servicedesk';
  return {
    key: `${workflowId}:verification_code_revoked:${code.issuedAt}`,
    kind: 'verification_code_revoked',
    title: `Verificatiecode ingetrokken na ${MAX_CODE_ATTEMPTS} foute pogingen (gemeente ${state.gemeentecode})`,
    body: [
      `Voor ${who(state)} is ${MAX_CODE_ATTEMPTS} keer een verkeerde verificatiecode ingevoerd. De code die op ${longDate(code.issuedAt)} is aangemaakt, is daarom ingetrokken.`,
      'Neem contact op met deze persoon en maak zo nodig een nieuwe code aan. Vertrouwt u het niet, maak dan geen nieuwe code aan en wijs de aanmelding af.',
    ].join('\n\n'),
    link: byServicedesk ? SERVICEDESK_LINK : adminLink(state),
    target: byServicedesk
      ? { kind: 'servicedesk' }
      : { kind: 'administrator', gemeentecode: state.gemeentecode, userKey: code.issuer.actor },
  };
}
