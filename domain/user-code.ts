/**
 * The one-time verification code inside the user lifecycle:
 * only web sees the code; the workflow holds its salted hash and compares. Pure, workflow-safe.
 */
import type { FieldErrors } from './field-rules.ts';
import { invalid, ok, withoutCode, wrongState, type Transition } from './user-transition.ts';
import { MAX_CODE_ATTEMPTS, type CodeCheckOutcome, type CodeIssuer, type Roles, type UserState } from './user.ts';

export type CodeInput = {
  issuer: CodeIssuer;
  hash: string;
  salt: string;
  expiresAt: string;
  grantsGebruikersbeheerder: boolean;
};

/** A code may live at most this long (the configured default is 7 days, the setting's maximum 90). */
export const MAX_CODE_LIFETIME_MS = 91 * 24 * 60 * 60 * 1000;

/** Whether an issued code's fields can be used; field → Dutch message. */
export function validateCodeInput(
  input: Partial<Record<keyof CodeInput, unknown>> | undefined,
  now: string,
): FieldErrors {
  const given = input ?? {};
  const errors: FieldErrors = {};
  const issuer = (given.issuer ?? {}) as Partial<Record<keyof CodeIssuer, unknown>>;
  if (
    typeof issuer.actor !== 'string' ||
    !issuer.actor ||
    (issuer.kind !== 'gebruikersbeheerder' && issuer.kind !== 'servicedesk')
  ) {
    errors.issuer = 'Onbekend wie deze code uitgeeft.';
  }
  // Web sends hex; anything printable of a sane length is accepted, so the hash format can change.
  const wellFormed = (v: unknown): boolean => typeof v === 'string' && /^[\x21-\x7e]{16,512}$/.test(v);
  if (!wellFormed(given.hash) || !wellFormed(given.salt))
    errors.hash = 'De code is niet goed vastgelegd. Maak een nieuwe code aan.';
  const expiresAt = typeof given.expiresAt === 'string' ? Date.parse(given.expiresAt) : Number.NaN;
  if (Number.isNaN(expiresAt)) errors.expiresAt = 'De code heeft geen geldige vervaldatum.';
  else if (expiresAt <= Date.parse(now)) errors.expiresAt = 'De vervaldatum van de code ligt al in het verleden.';
  else if (expiresAt - Date.parse(now) > MAX_CODE_LIFETIME_MS)
    errors.expiresAt = 'Een code mag hoogstens 91 dagen geldig zijn.';
  if (typeof given.grantsGebruikersbeheerder !== 'boolean')
    errors.grantsGebruikersbeheerder = 'Geef aan of de code de rol gebruikersbeheerder geeft.';
  return errors;
}

/** A new live code replaces any earlier one (and its failed attempts). Never the user's own doing. */
export function issueCode(state: UserState, input: CodeInput, now: string): Transition {
  if (state.status !== 'wacht_op_verificatie') return wrongState(state);
  const refusal = invalid(validateCodeInput(input, now));
  if (refusal) return refusal;
  if (input.issuer.actor === state.userKey)
    return wrongState(state, 'U kunt geen verificatiecode voor uzelf aanmaken.');
  return ok({
    ...state,
    code: {
      hash: input.hash,
      salt: input.salt,
      issuer: { actor: input.issuer.actor, kind: input.issuer.kind },
      issuedAt: now,
      expiresAt: new Date(Date.parse(input.expiresAt)).toISOString(),
      failedAttempts: 0,
      grantsGebruikersbeheerder: input.grantsGebruikersbeheerder,
    },
  });
}

/** Compares in time independent of where the strings differ (hashes are no secret, but it is cheap to do right). */
function sameHash(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

/**
 * The user's attempt (web hashed the entered code with the live code's salt). An expired code
 * stays (the issuer sees it expired) and costs no attempt; a wrong one counts, and the fifth
 * wrong one revokes it; the right one verifies and, when the code says so, makes the user
 * gebruikersbeheerder.
 */
export function checkCode(
  state: UserState,
  hash: string,
  now: string,
): { state: UserState; outcome: CodeCheckOutcome } {
  const code = state.code;
  if (state.status !== 'wacht_op_verificatie' || !code) return { state, outcome: { outcome: 'no_code' } };
  if (Date.parse(now) >= Date.parse(code.expiresAt)) return { state, outcome: { outcome: 'expired' } };
  if (!sameHash(code.hash, hash)) {
    const failedAttempts = code.failedAttempts + 1;
    if (failedAttempts >= MAX_CODE_ATTEMPTS) return { state: withoutCode(state), outcome: { outcome: 'revoked' } };
    return {
      state: { ...state, code: { ...code, failedAttempts } },
      outcome: { outcome: 'wrong', remainingAttempts: MAX_CODE_ATTEMPTS - failedAttempts },
    };
  }
  const roles: Roles = code.grantsGebruikersbeheerder ? { ...state.roles, gebruikersbeheerder: true } : state.roles;
  return {
    state: { ...withoutCode(state), status: 'actief', verifiedAt: now, roles },
    outcome: { outcome: 'verified' },
  };
}
