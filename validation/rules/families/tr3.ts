import { productOverlap } from '../checks/product-overlap.ts';
import { repeatedKey } from '../checks/repeated-key.ts';
import { implication } from '../checks/xslt.ts';
import type { El } from '../element.ts';
import type { Check, NotChecked } from '../types.ts';
import { family } from './family.ts';

/**
 * TR383–TR418: technische regels, third part, as "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl"
 * (XSLTVersie 2.10.5) apply them. Of this range the stylesheets have templates for TR383 and
 * TR386 (315), TR410 (317), TR416 (323) and, in iJw only, TR409 (319); the other codes appear only
 * in their rule texts (`getDetails`). Those compare a message with earlier ones or with an
 * agreement outside the message; the reasons below say which.
 */

/**
 * iWmo's TR386 and TR410 leave out hulpmiddelen (ProductCategorie 11 to 14), as its TR302 does; iJw's have no such
 * exception.
 */
const hulpmiddel = (product: El): boolean =>
  ['11', '12', '13', '14'].includes(product.value('Product/Categorie') ?? '');

/** TR383: the template compares each AangevraagdProduct's ReferentieAanbieder with those of the earlier ones. */
const REFERENTIE_UNIEK = repeatedKey('TR383', {
  member: 'AangevraagdeProducten/AangevraagdProduct',
  scope: 'AangevraagdeProducten',
  key: (product) => product.value('ReferentieAanbieder'),
  what: 'dezelfde ReferentieAanbieder',
});

const aangevraagd = (skip?: (product: El) => boolean) =>
  productOverlap('TR386', {
    member: 'AangevraagdeProducten/AangevraagdProduct',
    scope: 'AangevraagdeProducten',
    begin: 'ToewijzingIngangsdatum',
    end: 'ToewijzingEinddatum',
    skip,
  });

const nieuw = (skip?: (product: El) => boolean) =>
  productOverlap('TR410', {
    member: 'NieuweProducten/NieuwProduct',
    scope: 'NieuweProducten',
    begin: 'GewensteIngangsdatum',
    end: 'Einddatum',
    skip,
  });

/**
 * TR416: a debet Prestatie after a debet Prestatie of the client with the same ProductPeriode,
 * ProductCategorie, ProductCode and ToewijzingNummer. The template's `=` on node sets means a
 * Prestatie lacking one of them (a ProductCode, say) equals no other.
 */
const DEBET_KEY = [
  'ProductPeriode/Begindatum',
  'ProductPeriode/Einddatum',
  'ProductCategorie',
  'ProductCode',
  'ToewijzingNummer',
];
const DEBET_DUBBEL = repeatedKey('TR416', {
  member: 'Prestaties/Prestatie',
  scope: 'Prestaties',
  key(prestatie) {
    if (prestatie.value('IngediendBedrag/DebetCredit') !== 'D') return undefined;
    const values = DEBET_KEY.map((path) => prestatie.value(path));
    return values.includes(undefined) ? undefined : values.join('\u0000');
  },
  what: 'debet en dezelfde ProductPeriode, ProductCategorie, ProductCode en ToewijzingNummer',
});

const checks = (skip?: (product: El) => boolean): Partial<Record<'315' | '317' | '323', readonly Check[]>> => ({
  '315': [REFERENTIE_UNIEK, aangevraagd(skip)],
  '317': [nieuw(skip)],
  '323': [DEBET_DUBBEL],
});

/** Rules of this range without a template; `why` says what deciding them would take. */
const noTemplate = (code: string, why: string): NotChecked => ({
  code,
  reason: `No template in the validation module: ${why}`,
});

const EARLIER_301 = 'it needs the assignment (301) with this ToewijzingNummer, sent earlier and not in this message.';

const NOT_CHECKED: Partial<Record<'301' | '307' | '317' | '323', readonly NotChecked[]>> = {
  '301': [
    noTemplate(
      'TR385',
      'whether approved, not credited Prestaties (323, 325) exist for this ToewijzingNummer is known only from earlier declaraties.',
    ),
  ],
  '307': [
    noTemplate(
      'TR413',
      'it compares the StopProduct with a StopProduct for the same Bsn, ToewijzingNummer and Begindatum sent earlier.',
    ),
    noTemplate(
      'TR414',
      'the Einddatum is compared with that of the current StopProduct sent earlier for the same Bsn, ToewijzingNummer and Begindatum.',
    ),
    noTemplate('TR415', 'it needs the StopProducten sent earlier for the same Bsn, ToewijzingNummer and Begindatum.'),
  ],
  '317': [
    noTemplate(
      'TR411',
      `a TeWijzigenProduct carries no Product; whether the assignment has a product Code is in the 301: ${EARLIER_301}`,
    ),
    noTemplate(
      'TR412',
      `a TeWijzigenProduct carries no Product; whether the assignment has a product Code is in the 301: ${EARLIER_301}`,
    ),
  ],
  '323': [
    noTemplate('TR384', `the RedenWijziging of the assignment declared on is in the 301: ${EARLIER_301}`),
    noTemplate(
      'TR387',
      `the Ingangsdatum of the assignment, which may excuse a Begindatum after the first of the month, is in the 301: ${EARLIER_301}`,
    ),
    noTemplate(
      'TR388',
      `the Einddatum of the assignment, which may excuse an Einddatum before the last of the month, is in the 301: ${EARLIER_301}`,
    ),
    noTemplate(
      'TR389',
      'it needs the debet Prestaties sent earlier for the same ProductPeriode, ProductCategorie, ProductCode and ToewijzingNummer.',
    ),
    noTemplate(
      'TR390',
      'it needs the credit Prestaties sent earlier with the same ProductReferentie (within one message TR315 applies).',
    ),
    noTemplate(
      'TR418',
      'the contractual tariff of the ProductCode is agreed between gemeente and aanbieder, outside the message.',
    ),
  ],
};

export const TR3 = family({
  checks: checks(hulpmiddel),
  ijwChecks: {
    ...checks(),
    // iJw only: a Woonplaatsbeginsel belongs only to a refusal for the woonplaatsbeginsel (RedenAfwijzingVerzoek 8),
    // the converse of TR377.
    '319': [
      implication('TR409', 'Antwoord/RedenAfwijzingVerzoek', {
        value1: '!8',
        other: '../Woonplaatsbeginsel',
        value2: '!#',
      }),
    ],
  },
  notChecked: NOT_CHECKED,
});
