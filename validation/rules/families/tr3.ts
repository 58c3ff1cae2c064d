import type { NotChecked } from '../types.ts';
import { family } from './family.ts';

/**
 * TR383–TR418: technische regels, third part, as "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl"
 * (XSLTVersie 2.10.5) apply them. Of this range the stylesheets have templates for TR383 and
 * TR386 (315), TR410 (317), TR416 (323) and, in iJw only, TR409 (319); the other codes appear only
 * in their rule texts (`getDetails`). Those compare a message with earlier ones or with an
 * agreement outside the message; the reasons below say which.
 */

/** Rules of this range without a template; `why` says what deciding them would take. */
const noTemplate = (code: string, why: string): NotChecked => ({ code, reason: `No template in the validation module: ${why}` });
const notYet = (code: string, what: string): NotChecked => ({ code, reason: `Not yet implemented here: ${what}` });

const EARLIER_301 = 'it needs the assignment (301) with this ToewijzingNummer, sent earlier and not in this message.';

const NOT_CHECKED: Partial<Record<'301' | '307' | '315' | '317' | '319' | '323', readonly NotChecked[]>> = {
  '301': [noTemplate('TR385', 'whether approved, not credited Prestaties (323, 325) exist for this ToewijzingNummer is known only from earlier declaraties.')],
  '307': [
    noTemplate('TR413', 'it compares the StopProduct with a StopProduct for the same Bsn, ToewijzingNummer and Begindatum sent earlier.'),
    noTemplate('TR414', 'the Einddatum is compared with that of the current StopProduct sent earlier for the same Bsn, ToewijzingNummer and Begindatum.'),
    noTemplate('TR415', 'it needs the StopProducten sent earlier for the same Bsn, ToewijzingNummer and Begindatum.'),
  ],
  '315': [
    notYet('TR383', 'the stylesheet reports an AangevraagdProduct whose ReferentieAanbieder an earlier AangevraagdProduct of the client already has.'),
    notYet('TR386', 'the stylesheet reports two AangevraagdProducten of the same product with overlapping ToewijzingIngangsdatum–ToewijzingEinddatum.'),
  ],
  '317': [
    notYet('TR410', 'the stylesheet reports two NieuwProducten of the same product with overlapping GewensteIngangsdatum–Einddatum.'),
    noTemplate('TR411', `a TeWijzigenProduct carries no Product; whether the assignment has a product Code is in the 301: ${EARLIER_301}`),
    noTemplate('TR412', `a TeWijzigenProduct carries no Product; whether the assignment has a product Code is in the 301: ${EARLIER_301}`),
  ],
  '323': [
    noTemplate('TR384', `the RedenWijziging of the assignment declared on is in the 301: ${EARLIER_301}`),
    noTemplate('TR387', `the Ingangsdatum of the assignment, which may excuse a Begindatum after the first of the month, is in the 301: ${EARLIER_301}`),
    noTemplate('TR388', `the Einddatum of the assignment, which may excuse an Einddatum before the last of the month, is in the 301: ${EARLIER_301}`),
    noTemplate('TR389', 'it needs the debet Prestaties sent earlier for the same ProductPeriode, ProductCategorie, ProductCode and ToewijzingNummer.'),
    noTemplate('TR390', 'it needs the credit Prestaties sent earlier with the same ProductReferentie (within one message TR315 applies).'),
    notYet('TR416', 'the stylesheet reports a debet Prestatie after a debet Prestatie with equal ProductPeriode, ProductCategorie, ProductCode and ToewijzingNummer.'),
    noTemplate('TR418', 'the contractual tariff of the ProductCode is agreed between gemeente and aanbieder, outside the message.'),
  ],
};

export const TR3 = family({
  checks: {},
  notChecked: NOT_CHECKED,
  ijwNotChecked: {
    '319': [notYet('TR409', 'the stylesheet reports a Woonplaatsbeginsel when RedenAfwijzingVerzoek is not 8.')],
  },
});
