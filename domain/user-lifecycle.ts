/**
 * Transitions of the user lifecycle over `UserState`: pure, no I/O, safe in workflow code. Each
 * command returns the next state or a refusal with a Dutch message; a command that changes
 * nothing returns the very same state object, so callers can tell "no change" by identity.
 *
 *   instellingen_invullen ─settings─> wacht_op_verificatie ─code─> actief <─> geschorst
 *            ^                         │ reject / expire               │          │
 *            └──── next login ──── afgewezen / verlopen            verwijderd <───┘
 */
import { actorKey } from './actor.ts';
import type { FieldErrors } from './field-rules.ts';
import {
  normalisePersonalSettings,
  normaliseRoles,
  sameRoles,
  sameSettings,
  validatePersonalSettings,
  validateRoles,
} from './user-validation.ts';
import { invalid, ok, withoutCode, wrongState, type Transition } from './user-transition.ts';
import type { PersonalSettings, Roles, UserState } from './user.ts';

export * from './user-validation.ts';
export { checkCode, issueCode, validateCodeInput, MAX_CODE_LIFETIME_MS, type CodeInput } from './user-code.ts';
export { invalid, wrongState, type Refusal, type Transition } from './user-transition.ts';

export type UserIdentity = Pick<UserState, 'gemeentecode' | 'subject' | 'organisationId'>;

export const MAX_REASON_LENGTH = 500;

/** Active and holding the gebruikersbeheerder role: what "a municipality keeps at least one" counts. */
export const isActiveGebruikersbeheerder = (state: UserState | undefined): boolean =>
  state?.status === 'actief' && state.roles.gebruikersbeheerder;

export function newUser(identity: UserIdentity, now: string): UserState {
  return {
    gemeentecode: identity.gemeentecode,
    subject: identity.subject,
    organisationId: identity.organisationId,
    userKey: actorKey(identity),
    status: 'instellingen_invullen',
    registeredAt: now,
    roles: { products: [], gebruikersbeheerder: false },
  };
}

/** True when a login must (re)start a registration: no state yet, or the last one was rejected or expired. */
export const startsRegistration = (state: UserState | undefined): boolean =>
  !state || state.status === 'afgewezen' || state.status === 'verlopen';

/**
 * At a login: a new user, or a fresh registration after a rejected or expired one (the entered
 * settings stay, to fill the form; how the last one ended is kept for the user to read). Any other
 * state is returned as it is.
 */
export function startOrRestartRegistration(
  state: UserState | undefined,
  identity: UserIdentity,
  now: string,
): UserState {
  if (!state) return newUser(identity, now);
  if (state.status !== 'afgewezen' && state.status !== 'verlopen') return state;
  const ended: UserState['previousRegistration'] =
    state.status === 'afgewezen'
      ? {
          status: 'afgewezen',
          endedAt: state.rejection?.at ?? now,
          ...(state.rejection ? { reason: state.rejection.reason } : {}),
        }
      : { status: 'verlopen', endedAt: state.expiredAt ?? now };
  return {
    ...newUser(state, now),
    ...(state.settings ? { settings: state.settings } : {}),
    previousRegistration: ended,
  };
}

/**
 * Saving the personal settings. The first save sends the registration to the gebruikersbeheerders
 * (status 'wacht_op_verificatie'); later saves only correct the data. The same settings again
 * (a double submit) change nothing.
 */
export function savePersonalSettings(state: UserState, settings: PersonalSettings, now: string): Transition {
  if (!['instellingen_invullen', 'wacht_op_verificatie', 'actief'].includes(state.status)) return wrongState(state);
  const refusal = invalid(validatePersonalSettings(settings));
  if (refusal) return refusal;
  const clean = normalisePersonalSettings(settings);
  if (state.status === 'instellingen_invullen') {
    return ok({ ...state, settings: clean, settingsSavedAt: now, status: 'wacht_op_verificatie' });
  }
  return sameSettings(state.settings, clean) ? ok(state) : ok({ ...state, settings: clean });
}

export function validateReason(reason: unknown): FieldErrors {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) return { reason: 'Vul de reden van de afwijzing in; de aanvrager krijgt die te zien.' };
  if (text.length > MAX_REASON_LENGTH)
    return { reason: `De reden mag hoogstens ${MAX_REASON_LENGTH} tekens lang zijn.` };
  return {};
}

export function reject(state: UserState, input: { reason: string; by: string }, now: string): Transition {
  if (state.status !== 'wacht_op_verificatie') return wrongState(state);
  const refusal = invalid(validateReason(input.reason));
  if (refusal) return refusal;
  return ok({
    ...withoutCode(state),
    status: 'afgewezen',
    rejection: { reason: input.reason.trim(), by: input.by, at: now },
  });
}

/** A registration nobody answered in time. */
export function expireRegistration(state: UserState, now: string): Transition {
  if (state.status !== 'wacht_op_verificatie') return wrongState(state);
  return ok({ ...withoutCode(state), status: 'verlopen', expiredAt: now });
}

export const markReminderSent = (state: UserState, now: string): UserState => ({ ...state, reminderSentAt: now });
export const markEscalated = (state: UserState, now: string): UserState => ({ ...state, escalatedAt: now });

/** Replaces every role of an active user; roles that are already so change nothing. */
export function setRoles(state: UserState, roles: Roles): Transition {
  if (state.status !== 'actief') return wrongState(state, 'Alleen een actieve gebruiker kan rollen krijgen.');
  const refusal = invalid(validateRoles(roles));
  if (refusal) return refusal;
  return sameRoles(state.roles, roles) ? ok(state) : ok({ ...state, roles: normaliseRoles(roles) });
}

/** Suspended users keep their roles, so reactivation gives back what they had. */
export function suspend(state: UserState, now: string): Transition {
  if (state.status === 'geschorst') return wrongState(state, 'Deze gebruiker is al geschorst.');
  if (state.status !== 'actief') return wrongState(state);
  return ok({ ...state, status: 'geschorst', suspendedAt: now });
}

export function reactivate(state: UserState): Transition {
  if (state.status === 'actief') return wrongState(state, 'Deze gebruiker is al actief.');
  if (state.status !== 'geschorst') return wrongState(state);
  const { suspendedAt: _suspendedAt, ...rest } = state;
  return ok({ ...rest, status: 'actief' });
}

/** Ends the account for good: roles and any live code removed, the record kept for the audit trail. */
export function deprovision(state: UserState, now: string): Transition {
  if (state.status === 'verwijderd') return wrongState(state, 'Deze gebruiker is al verwijderd.');
  return ok({
    ...withoutCode(state),
    status: 'verwijderd',
    deprovisionedAt: now,
    roles: { products: [], gebruikersbeheerder: false },
  });
}

export type RegistrationStep = 'remind' | 'escalate' | 'expire';

/** What the registration timers still have to do for a waiting user, in order. */
export function pendingRegistrationSteps(state: UserState | undefined): RegistrationStep[] {
  if (state?.status !== 'wacht_op_verificatie') return [];
  return [
    ...(state.reminderSentAt ? [] : ['remind' as const]),
    ...(state.escalatedAt ? [] : ['escalate' as const]),
    'expire',
  ];
}

/** The user's display name for administrators' mails: "mevrouw J. de Vries". Never for logs. */
export function displayName(settings: PersonalSettings | undefined): string {
  if (!settings) return 'een nieuwe gebruiker';
  const aanhef = settings.aanhef === 'dhr' ? 'de heer ' : settings.aanhef === 'mevr' ? 'mevrouw ' : '';
  return `${aanhef}${[settings.voorletters, settings.tussenvoegsel, settings.achternaam].filter(Boolean).join(' ')}`;
}
