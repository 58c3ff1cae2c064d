/**
 * The 11-proef on a burgerservicenummer (CS002), as the official iWmo/iJw XSLT computes it:
 * (9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9) mod 11 = 0.
 * Only nine digits are a BSN at all (LDT_BurgerServicenummer, pattern [0-9]{9}); anything else is
 * an XSD error, not a CS002 finding, so this answers false for it and the rule skips it.
 */
export function passesElfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (bsn.charCodeAt(i) - 48);
  sum -= bsn.charCodeAt(8) - 48;
  // The XSLT's `mod` keeps the sign of the dividend, like `%`: a negative sum fails unless it is 0.
  return sum % 11 === 0;
}

/** Nine digits: the shape the XSD demands; the 11-proef applies only to these. */
export const isNineDigits = (value: string): boolean => /^\d{9}$/.test(value);
