import { noEndOrEndsAfter } from '../checks/cd-conditions.ts';
import { atXsltLocatie } from '../checks/cd-locatie.ts';
import { empty, implication, same } from '../checks/xslt.ts';
import type { El } from '../element.ts';
import type { Check } from '../types.ts';
import { testValue } from '../values.ts';
import { family } from './family.ts';

/**
 * CD: condities, when an element must or must not be filled, as the templates `mode="CD005"` …
 * `mode="CD096"` of "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl" (XSLTVersie 2.10.5) apply
 * them. Both stylesheets have the same CD templates (iJw writes `ToegewezenProduct//Budget` where
 * iWmo writes `/`, which the XSDs make the same), so there is no iJw variant. Every CD code of the
 * catalogues has a template, so none is listed as not checked. Where a template names more
 * elements than the builder reports on, `atXsltLocatie` puts the finding where the XSLT does.
 */

/** Verwijzer types that carry an AGB code: huisarts, jeugdarts, gecertificeerde instelling, medisch specialist. */
const AGB_TYPES = '02,03,04,05';
const isAgbType = (verwijzer: El): boolean => testValue(verwijzer.at('Type'), AGB_TYPES);

/** CD005, CD025 on every address (CDT_Adres); CD007, CD009, CD034 on the client's Communicatie and Contacts. */
const ADDRESS_AND_CONTACT: readonly Check[] = [
  empty('CD005', 'Adres/Postcode', { other: '../LandCode' }),
  empty('CD005', 'Adres/LandCode', { other: '../Postcode' }),
  same('CD007', 'Communicatie', { this: 'Vorm', value1: '1', other: 'Taal', value2: '*' }),
  atXsltLocatie(implication('CD009', 'Contact/Periode', { value1: '#', other: '../Soort', value2: '04' }), [
    '.',
    '../Soort',
  ]),
  implication('CD025', 'Adres/LandCode', { value1: 'NL', other: '../Huis/Huisnummer', value2: '*' }),
  implication('CD034', 'Contact', { this: 'Soort', value1: '01,03', other: 'Adres/Postcode', value2: '*' }),
];

/**
 * The Omvang/Budget rules of a product class (`record`) whose end date is `end`: a Budget needs an
 * end date and excludes an Omvang (CD075, CD077, CD078), and a weekly Omvang needs an end date
 * (CD076). CD077 and CD078 are the same condition seen from either side: both report it.
 */
function omvangOrBudget(record: string, end: string): Check[] {
  return [
    implication('CD075', `${record}/Budget`, { value1: '*', other: `../${end}`, value2: '*' }),
    implication('CD076', `${record}/Omvang/Frequentie`, { value1: '2', other: `../../${end}`, value2: '*' }),
    atXsltLocatie(implication('CD077', `${record}/Budget`, { value1: '*', other: '../Omvang', value2: '!#' }), [
      '.',
      '../Omvang',
    ]),
    implication('CD078', `${record}/Omvang`, { value1: '#', other: '../Budget', value2: '!#' }),
  ];
}

/**
 * The product rules of a class with a Product: a product code needs an Omvang (CD041); without a
 * Budget there must be a Product (CD079); an Omvang needs a product code unless the class ended
 * before 2021 (CD080, CD095, CD096: the same template per class).
 */
function productRules(record: string, end: string, omvangWithoutCode: 'CD080' | 'CD095' | 'CD096'): Check[] {
  return [
    implication('CD041', record, { this: 'Product/Code', value1: '*', other: 'Omvang', value2: '#' }),
    implication('CD079', record, { this: 'Budget', value1: '', other: 'Product', value2: '#' }),
    atXsltLocatie(
      implication(omvangWithoutCode, `${record}/Omvang`, {
        value1: '#',
        other: '../Product/Code',
        value2: '*',
        when: noEndOrEndsAfter(`../${end}`, '2020-12-31'),
      }),
      ['.', '../Product/Code', `../${end}`],
    ),
  ];
}

/**
 * CD066–CD068 on the Verwijzer of an aanvraag: an AGB type names the referrer by ZorgverlenerCode or by Naam, not both;
 * other types have no ZorgverlenerCode.
 */
const VERWIJZER: readonly Check[] = [
  atXsltLocatie(
    implication('CD066', 'AangevraagdProduct/Verwijzer', {
      this: 'ZorgverlenerCode',
      value1: '*',
      other: 'Naam',
      value2: '',
      when: isAgbType,
    }),
    ['ZorgverlenerCode', 'Naam', 'Type'],
  ),
  atXsltLocatie(
    implication('CD067', 'AangevraagdProduct/Verwijzer', {
      this: 'ZorgverlenerCode',
      value1: '',
      other: 'Naam',
      value2: '*',
      when: isAgbType,
    }),
    ['ZorgverlenerCode', 'Naam', 'Type'],
  ),
  implication('CD068', 'AangevraagdProduct/Verwijzer', {
    this: 'Type',
    value1: `!${AGB_TYPES}`,
    other: 'ZorgverlenerCode',
    value2: '',
  }),
];

/** CD060 on a Prestatie: a credit line names the line it corrects, a debit line does not. */
const CREDIT_REFERS_BACK = same('CD060', 'Prestatie', {
  this: 'ProductReferentie/VorigReferentieNummer',
  value1: '*',
  other: 'IngediendBedrag/DebetCredit',
  value2: 'C',
});

export const CD = family({
  checks: {
    '301': [
      ...ADDRESS_AND_CONTACT,
      ...productRules('ToegewezenProduct', 'Einddatum', 'CD080'),
      ...omvangOrBudget('ToegewezenProduct', 'Einddatum'),
    ],
    '315': [
      ...productRules('AangevraagdProduct', 'ToewijzingEinddatum', 'CD095'),
      same('CD043', 'AangevraagdProduct', {
        this: 'BeschikkingNummer',
        value1: '*',
        other: 'BeschikkingIngangsdatum',
        value2: '*',
      }),
      ...omvangOrBudget('AangevraagdProduct', 'ToewijzingEinddatum'),
      ...VERWIJZER,
    ],
    '317': [
      ...productRules('NieuwProduct', 'Einddatum', 'CD096'),
      ...omvangOrBudget('TeWijzigenProduct', 'Einddatum'),
      ...omvangOrBudget('NieuwProduct', 'Einddatum'),
    ],
    '319': [
      implication('CD085', 'Antwoord/VerzoekAntwoord', { value1: '1', other: '../RedenAfwijzingVerzoek', value2: '*' }),
      implication('CD086', 'Antwoord/VerzoekAntwoord', { value1: '2', other: '../RedenAfwijzingVerzoek', value2: '' }),
    ],
    // CD087 has a template for the 323 only; the 325 repeats the Prestatie but not the rule.
    '323': [
      CREDIT_REFERS_BACK,
      same('CD087', 'Prestatie/Eenheid', { value1: '!83', other: '../ProductTarief', value2: '*' }),
    ],
    '325': [CREDIT_REFERS_BACK],
  },
});
