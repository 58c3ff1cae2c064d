/**
 * The municipality lifecycle: registered by the servicedesk, active once both signed agreements
 * are recorded. Pure state and transitions, used by the organisation workflow and by web.
 */
import type { FieldErrors } from './field-rules.ts';
import type { StoredProductSettings } from './product-settings.ts';
import type { Product } from './user.ts';

export const AGREEMENT_KINDS = ['ib', 'vecozo'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const AGREEMENT_LABELS: Record<AgreementKind, string> = {
  ib: 'Aansluitings- en verwerkersovereenkomst met het Inlichtingenbureau',
  vecozo: 'Verwerkersovereenkomst met VECOZO',
};

export const ORGANISATION_STATUSES = ['wacht_op_overeenkomsten', 'actief'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export const ORGANISATION_STATUS_LABELS: Record<OrganisationStatus, string> = {
  wacht_op_overeenkomsten: 'Wacht op overeenkomsten',
  actief: 'Actief',
};

export type AgreementRecord = {
  /** Date on the signed agreement, YYYY-MM-DD. */
  signedOn: string;
  /** actorKey of the servicedesk agent who recorded it. */
  recordedBy: string;
  recordedAt: string;
};

export type OrganisationState = {
  gemeentecode: string;
  name: string;
  organisationId: string;
  registeredBy: string;
  registeredAt: string;
  agreements: Partial<Record<AgreementKind, AgreementRecord>>;
  activatedAt?: string;
  reminderSentAt?: string;
  /**
   * userKeys of the municipality's ACTIVE gebruikersbeheerders, kept by the user workflows through
   * changeGebruikersbeheerderUpdate. This workflow is the one authority for "at least one stays".
   * Missing in state carried over from before it existed: read it through gebruikersbeheerdersOf.
   */
  gebruikersbeheerders: string[];
  /** Per product, once its Productbeheerder saved them; absent in older state (the defaults apply). */
  productSettings?: Partial<Record<Product, StoredProductSettings>>;
};

export type RegistrationInput = { gemeentecode: string; name: string; organisationId: string };

export const GEMEENTECODE_PATTERN = /^\d{4}$/;
export const ORGANISATION_ID_PATTERN = /^(\d{8}|\d{20})$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function validateRegistration(input: RegistrationInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!GEMEENTECODE_PATTERN.test(input.gemeentecode)) {
    errors.gemeentecode = 'Vul de CBS-gemeentecode in: precies 4 cijfers, bijvoorbeeld 0363.';
  } else if (input.gemeentecode === '0000') {
    errors.gemeentecode = 'Gemeentecode 0000 bestaat niet.';
  }
  const name = input.name.trim();
  if (name.length < 2) errors.name = 'Vul de naam van de gemeente in.';
  else if (name.length > 100) errors.name = 'De naam mag hoogstens 100 tekens lang zijn.';
  if (!ORGANISATION_ID_PATTERN.test(input.organisationId)) {
    errors.organisationId = 'Vul het KvK-nummer (8 cijfers) of het OIN (20 cijfers) in dat eHerkenning meestuurt.';
  }
  return errors;
}

/** A real calendar date, not after `today` (an agreement cannot be signed in the future). */
export function validateSignedOn(signedOn: string, today: string): string | undefined {
  if (!DATE_PATTERN.test(signedOn)) return 'Vul de datum van ondertekening in als dag-maand-jaar.';
  const parsed = new Date(`${signedOn}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== signedOn)
    return 'Deze datum bestaat niet.';
  if (signedOn > today) return 'De datum van ondertekening kan niet in de toekomst liggen.';
  if (signedOn < '2015-01-01') return 'De datum van ondertekening ligt te ver in het verleden.';
  return undefined;
}

export function newOrganisation(input: RegistrationInput, registeredBy: string, now: string): OrganisationState {
  return {
    gemeentecode: input.gemeentecode,
    name: input.name.trim(),
    organisationId: input.organisationId,
    registeredBy,
    registeredAt: now,
    agreements: {},
    gebruikersbeheerders: [],
  };
}

export function statusOf(state: OrganisationState): OrganisationStatus {
  return missingAgreements(state).length === 0 ? 'actief' : 'wacht_op_overeenkomsten';
}

export function missingAgreements(state: Pick<OrganisationState, 'agreements'>): AgreementKind[] {
  return AGREEMENT_KINDS.filter((kind) => !state.agreements[kind]);
}

/** Records (or corrects) one agreement; activates the organisation when none is missing anymore. */
export function recordAgreement(
  state: OrganisationState,
  kind: AgreementKind,
  record: AgreementRecord,
): OrganisationState {
  const next: OrganisationState = { ...state, agreements: { ...state.agreements, [kind]: record } };
  if (!next.activatedAt && statusOf(next) === 'actief') next.activatedAt = record.recordedAt;
  return next;
}

export function needsAgreementReminder(state: OrganisationState): boolean {
  return statusOf(state) !== 'actief' && !state.reminderSentAt;
}

/** The active gebruikersbeheerders; [] for state carried over from before the list existed. */
export const gebruikersbeheerdersOf = (state: Pick<OrganisationState, 'gebruikersbeheerders'>): string[] =>
  Array.isArray(state.gebruikersbeheerders) ? state.gebruikersbeheerders : [];

/** "Gemeente Utrecht", also when the registered name already starts with "Gemeente". */
export function gemeenteLabel(state: Pick<OrganisationState, 'name'>): string {
  return /^gemeente\b/i.test(state.name) ? state.name : `Gemeente ${state.name}`;
}

/**
 * Registers (active = true) or removes (false) an active gebruikersbeheerder. Both are idempotent:
 * the same change again returns the same state. Removing the last one is refused, with the message
 * the administrator sees.
 */
export function changeGebruikersbeheerder(
  state: OrganisationState,
  userKey: string,
  active: boolean,
): { ok: true; state: OrganisationState } | { ok: false; message: string } {
  const current = gebruikersbeheerdersOf(state);
  const present = current.includes(userKey);
  if (active) return { ok: true, state: present ? state : { ...state, gebruikersbeheerders: [...current, userKey] } };
  if (!present) return { ok: true, state };
  if (current.length === 1)
    return { ok: false, message: `${gemeenteLabel(state)} moet minstens één actieve gebruikersbeheerder houden.` };
  return { ok: true, state: { ...state, gebruikersbeheerders: current.filter((key) => key !== userKey) } };
}
