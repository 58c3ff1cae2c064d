import type { ElementCheck } from '../types.ts';
import { dutchDate } from '../values.ts';

/**
 * CS139: a Geboortedatum says with DatumGebruik how much of its Datum is known, and the Datum has
 * to say the same: 1 (day unknown) is written on the first of the month, 2 (day and month unknown)
 * on 1 January, 3 (all unknown) as 1900-01-01. The official XSLT compares the texts as written
 * (`substring-after(Datum,'-')`), so this does too; it reports at Datum and DatumGebruik, of which
 * the Datum comes first.
 */

type Usage = { datum: (text: string) => boolean; meaning: string; expected: string };

const afterFirstDash = (text: string): string => {
  const i = text.indexOf('-');
  return i < 0 ? '' : text.slice(i + 1);
};

const USAGES: Record<string, Usage> = {
  '1': {
    datum: (t) => afterFirstDash(afterFirstDash(t)) === '01',
    meaning: 'dag onbekend',
    expected: 'de eerste dag van de maand',
  },
  '2': { datum: (t) => afterFirstDash(t) === '01-01', meaning: 'dag en maand onbekend', expected: '1 januari' },
  '3': { datum: (t) => t === '1900-01-01', meaning: 'datum onbekend', expected: '01-01-1900' },
};

export function datumGebruikFits(code: string, context = 'Geboortedatum'): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      const [datum, gebruik] = [el.child('Datum'), el.child('DatumGebruik')];
      if (!datum || !gebruik) return undefined;
      const usage = USAGES[gebruik.text];
      if (!usage || usage.datum(datum.text)) return undefined;
      const shown = /^\d{4}-\d{2}-\d{2}$/.test(datum.text) ? dutchDate(datum.text) : datum.text;
      return {
        at: datum,
        detail: `DatumGebruik ${gebruik.text} (${usage.meaning}) vraagt als Datum ${usage.expected}, maar Datum is ${shown}.`,
      };
    },
  };
}
