import { passesElfproef } from './messages/bsn.ts';

/**
 * The Wlz-Registertoets: a municipality asks the CIZ by BSN whether an inwoner has
 * a Wlz-indicatie. Pure rules shared by web (first check, saves a round trip) and the workflow
 * (checks again: it must not trust its caller).
 */

export const WLZ_OUTCOMES = ['ja', 'nee', 'fout'] as const;
export type WlzOutcome = (typeof WLZ_OUTCOMES)[number];

export const WLZ_OUTCOME_LABELS: Record<WlzOutcome, string> = {
  ja: 'Ja, er is een Wlz-indicatie',
  nee: 'Nee, er is geen Wlz-indicatie',
  fout: 'Geen antwoord (fout)',
};

/** Why the municipality consults the register: the processing log must name a purpose (AVG art. 5). */
export const WLZ_PURPOSES = [
  ['aanvraag', 'Beoordeling aanvraag Wmo-maatwerkvoorziening'],
  ['herbeoordeling', 'Herbeoordeling Wmo-maatwerkvoorziening'],
  ['melding', 'Onderzoek na een melding (keukentafelgesprek)'],
  ['beeindiging', 'Beëindiging Wmo-voorziening na Wlz-indicatie'],
  ['anders', 'Anders'],
] as const;
export type WlzPurposeChoice = (typeof WLZ_PURPOSES)[number][0];

export const PURPOSE_OTHER_MAX = 200;

export type WlzRequestForm = { bsn: string; purpose: string; purposeOther: string };
export type WlzFieldErrors = Partial<Record<'bsn' | 'purpose' | 'purposeOther', string>>;

/** Spaces and dots people type in a BSN are not part of it. */
export const normaliseBsn = (value: string): string => value.replace(/[\s.]/g, '');

export function bsnError(bsn: string): string | undefined {
  if (bsn === '') return 'Vul het BSN in.';
  if (!/^\d{9}$/.test(bsn)) return 'Een BSN bestaat uit 9 cijfers.';
  if (!passesElfproef(bsn)) return 'Dit BSN klopt niet (11-proef). Controleer het nummer.';
  return undefined;
}

/** The purpose as it goes into the log: the label, or "Anders: <text>". */
export function purposeText(choice: string, other: string): string | undefined {
  const found = WLZ_PURPOSES.find(([value]) => value === choice);
  if (!found) return undefined;
  return found[0] === 'anders' ? `Anders: ${other.trim()}` : found[1];
}

/** Field errors of the form (empty when it may be sent). */
export function validateWlzRequest(form: WlzRequestForm): WlzFieldErrors {
  const errors: WlzFieldErrors = {};
  const bsn = bsnError(normaliseBsn(form.bsn));
  if (bsn) errors.bsn = bsn;
  if (!WLZ_PURPOSES.some(([value]) => value === form.purpose)) errors.purpose = 'Kies het doel van de raadpleging.';
  else if (form.purpose === 'anders') {
    const other = form.purposeOther.trim();
    if (other === '') errors.purposeOther = 'Beschrijf het doel van de raadpleging.';
    else if (other.length > PURPOSE_OTHER_MAX) errors.purposeOther = `Gebruik ten hoogste ${PURPOSE_OTHER_MAX} tekens.`;
    // The log must never hold a BSN in plain text, also not one typed into the free text.
    else if (/\d{8,}/.test(other.replace(/[\s.]/g, ''))) errors.purposeOther = 'Noem hier geen BSN of ander nummer.';
  }
  return errors;
}

/** Only the last three digits, for the answer page: "******006". */
export const maskBsn = (bsn: string): string => `******${bsn.slice(-3)}`;
