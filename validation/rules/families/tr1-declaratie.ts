import { custom } from '../checks/xslt.ts';
import { noCreditOfOwnLines, uniqueVorigReferentie } from '../checks/referenties.ts';
import { rejectedLinesOnly } from '../checks/toegekend-bedrag.ts';
import type { El } from '../element.ts';
import type { Check } from '../types.ts';
import { addMonths, dateAt, dutchDate } from '../values.ts';
import { family } from './family.ts';

/**
 * TR315, TR316, TR319, TR335 (declaratie, 323) and TR342 (declaratie-antwoord, 325) as
 * "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl" (XSLTVersie 2.10.5) check them: the same
 * templates in iWmo and iJw. The other rules of TR002–TR342 are in tr1.ts and tr1-not-checked.ts.
 */

const PRESTATIES = { member: 'Prestaties/Prestatie', scope: 'Clienten' };

/** The DeclaratiePeriode and DeclaratieDagtekening of the Declaratie a Prestatie is in (read before its Clienten). */
const declaratie = (prestatie: El, path: string): string | undefined =>
  dateAt(prestatie.ancestor('Declaratie')?.at(path));

/**
 * TR319: the ProductPeriode (its Begindatum and its Einddatum, as the XSLT checks both) ends by the end of the
 * DeclaratiePeriode.
 */
const withinDeclaratiePeriode = (end: 'Begindatum' | 'Einddatum'): Check =>
  custom('TR319', 'Declaratie/Clienten/Client/Prestaties/Prestatie', (prestatie) => {
    const [date, periodEnd] = [
      dateAt(prestatie, `ProductPeriode/${end}`),
      declaratie(prestatie, 'DeclaratiePeriode/Einddatum'),
    ];
    if (!date || !periodEnd || date <= periodEnd) return undefined;
    return {
      at: prestatie.at(`ProductPeriode/${end}`),
      detail: `${end} ${dutchDate(date)} van de ProductPeriode ligt na het einde van de DeclaratiePeriode (${dutchDate(periodEnd)}).`,
    };
  });

/** TR335: the ProductPeriode ends at most 60 months (the XSLT's monthsAfter -60) before the DeclaratieDagtekening. */
const NOT_TOO_OLD = custom('TR335', 'Prestatie/ProductPeriode/Einddatum', (einddatum) => {
  const [date, dagtekening] = [dateAt(einddatum), declaratie(einddatum, 'DeclaratieDagtekening')];
  if (!date || !dagtekening) return undefined;
  const limit = addMonths(dagtekening, -60);
  if (date >= limit) return undefined;
  return {
    at: einddatum,
    detail: `Einddatum ${dutchDate(date)} ligt meer dan 5 jaar voor de DeclaratieDagtekening (${dutchDate(dagtekening)}).`,
  };
});

export const TR1_DECLARATIE = family({
  checks: {
    '323': [
      uniqueVorigReferentie('TR315', PRESTATIES),
      noCreditOfOwnLines('TR316', PRESTATIES),
      withinDeclaratiePeriode('Begindatum'),
      withinDeclaratiePeriode('Einddatum'),
      NOT_TOO_OLD,
    ],
    '325': rejectedLinesOnly('TR342'),
  },
});
