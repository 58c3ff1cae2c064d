/**
 * Verification code format: 10 symbols of Crockford base32,
 * shown as `XXXXX-XXXXX` (~50 bits). Pure, so web (generation, input) and tests share the rules.
 * The alphabet leaves out I, L, O and U, so a code read aloud or copied by hand cannot be
 * ambiguous; normalisation maps the look-alikes back, as Crockford's specification says.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

const WELL_FORMED = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/**
 * What the user typed → the canonical code: upper case, without spaces and dashes, O → 0,
 * I and L → 1. Anything else is left as is, so an invalid character stays invalid.
 */
export function normalizeCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Exactly 10 symbols of the alphabet (after normalisation, when the caller normalised). */
export function isWellFormedCode(code: string): boolean {
  return WELL_FORMED.test(code);
}

/** `ABCDE12345` → `ABCDE-12345`, the way the issuer reads it out or writes it down. */
export function formatCode(code: string): string {
  const canonical = normalizeCode(code);
  return `${canonical.slice(0, 5)}-${canonical.slice(5)}`;
}
