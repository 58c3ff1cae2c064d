import type { MessageNumber } from '../../../domain/messages/message-codes.ts';
import { elfproef } from '../checks/bsn.ts';
import { noEndOrEndsAfter } from '../checks/cd-conditions.ts';
import { atXsltLocatie } from '../checks/cd-locatie.ts';
import { euroVolumeIsAmount, zeroIsDebet } from '../checks/cs-bedrag.ts';
import { datesEqual, notBeforeDate } from '../checks/cs-datums.ts';
import { datumGebruikFits } from '../checks/cs-geboortedatum.ts';
import { sameCalendarMonth, wholeCalendarMonth } from '../checks/cs-kalendermaand.ts';
import { onOrAfter } from '../checks/dates.ts';
import { implication, notValue, value } from '../checks/xslt.ts';
import type { Check, NotChecked } from '../types.ts';
import { family } from './family.ts';

/**
 * CS: constraints on values, as the templates `mode="CS002"` … `mode="CS343"` of "TR-CD-CS regels
 * WMO 3.2.xsl" and "… JW 3.2.xsl" (XSLTVersie 2.10.5) apply them. The stylesheet applies every
 * mode to every element; a template's match (its namespace) decides the message. iJw differs in
 * CS050 (without a Partnernaam, NaamGebruik may also be 6) and adds CS318 (a client's NaamGebruik
 * is not 6). CS015, CS025 and CS319 have no template: the message XSDs fix them.
 */

/** CS139 on every Geboortedatum (Client, Relatie). */
const GEBOORTEDATUM = datumGebruikFits('CS139');

/** CS050 on every Naam: with a Partnernaam NaamGebruik is 1–4, without one it is `alone` (iWmo 1, iJw 1 or 6). */
const naamGebruik = (alone: string): Check[] => [
  implication('CS050', 'Naam/NaamGebruik', { this: '../Partnernaam', value1: '#', value2: '1,2,3,4' }),
  implication('CS050', 'Naam/NaamGebruik', { this: '../Partnernaam', value1: '!#', value2: alone }),
];

/** CS089: a Dutch address has a postcode of the form 1234AB. Reported at the Postcode, the XSLT's first Locatie. */
const DUTCH_POSTCODE = atXsltLocatie(
  implication('CS089', 'Adres/LandCode', { value1: 'NL', other: '../Postcode', value2: '#1000ZZ' }),
  ['.', '../Postcode'],
);

/**
 * CS335, CS336 on a ToegewezenProduct: RedenWijziging 13 (verwijderd) only on a product that ends on its Ingangsdatum;
 * 01 is no longer used.
 */
const REDEN_WIJZIGING: readonly Check[] = [
  datesEqual('CS335', 'ToegewezenProduct', {
    this: 'Ingangsdatum',
    other: 'Einddatum',
    when: (tp) => tp.child('RedenWijziging')?.text === '13',
    why: 'RedenWijziging 13 (verwijderd): ',
  }),
  notValue('CS336', 'ToegewezenProduct/RedenWijziging', { values: '01' }),
];

/**
 * CS338 (toewijzing, verzoek om wijziging) and CS343 (verzoek om toewijzing): a unit of hours,
 * minutes, euro's or stuks per period needs Frequentie 2, 4 or 6 (week, maand, totaal), unless
 * the product ended before 2021. The XSLT names Eenheid, Frequentie and the end date, of which
 * the end date comes first in the product.
 */
function frequentie(code: 'CS338' | 'CS343', record: string, end: string): Check {
  return atXsltLocatie(
    implication(code, `${record}/Omvang/Eenheid`, {
      value1: '14,16,83,84',
      other: '../Frequentie',
      value2: '2,4,6',
      when: noEndOrEndsAfter(`../../${end}`, '2020-12-31'),
    }),
    ['.', '../Frequentie', `../../${end}`],
  );
}

/** CS325 on every bedrag class of the declaratie messages, with the name of its amount. */
const ZERO_IS_DEBET = {
  IngediendBedrag: zeroIsDebet('CS325', 'IngediendBedrag', 'Bedrag'),
  TotaalIngediendBedrag: zeroIsDebet('CS325', 'TotaalIngediendBedrag', 'TotaalBedrag'),
  TotaalToegekendBedrag: zeroIsDebet('CS325', 'TotaalToegekendBedrag', 'TotaalBedrag'),
};

const XSD_FIXED = (what: string): NotChecked[] => [
  {
    code: 'CS015',
    reason: `no template in the official validation module: the ${what} XSD fixes BerichtSubversie to 2 (pattern), so the schema check reports it`,
  },
  {
    code: 'CS025',
    reason: `no template in the official validation module: the ${what} XSD fixes BerichtVersie to 3 (pattern), so the schema check reports it`,
  },
];

const MESSAGES: readonly MessageNumber[] = ['301', '305', '307', '315', '317', '319', '323', '325'];

const NOT_CHECKED: Partial<Record<MessageNumber, readonly NotChecked[]>> = Object.fromEntries(
  MESSAGES.map((m) => [
    m,
    m === '323'
      ? [
          ...XSD_FIXED(m),
          {
            code: 'CS319',
            reason:
              'no template in the official validation module: the 323 XSD restricts DeclaratieNummer to ([a-zA-Z0-9])+, so the schema check reports it',
          },
        ]
      : XSD_FIXED(m),
  ]),
);

const CS301: readonly Check[] = [
  elfproef(),
  onOrAfter('CS003', 'Beschikking', { this: 'Einddatum', other: 'Ingangsdatum' }),
  onOrAfter('CS003', 'ToegewezenProduct', { this: 'Einddatum', other: 'Ingangsdatum' }),
  onOrAfter('CS003', 'Contact/Periode', { this: 'Einddatum', other: 'Begindatum' }),
  DUTCH_POSTCODE,
  GEBOORTEDATUM,
  ...REDEN_WIJZIGING,
  frequentie('CS338', 'ToegewezenProduct', 'Einddatum'),
];

export const CS = family({
  checks: {
    '301': [...CS301, ...naamGebruik('1')],
    '305': [elfproef(), GEBOORTEDATUM, value('CS058', 'StartProduct/StatusAanlevering', { values: '1,3' })],
    '307': [elfproef(), GEBOORTEDATUM, value('CS058', 'StopProduct/StatusAanlevering', { values: '1,3' })],
    '315': [
      elfproef(),
      onOrAfter('CS003', 'AangevraagdProduct', { this: 'ToewijzingEinddatum', other: 'ToewijzingIngangsdatum' }),
      GEBOORTEDATUM,
      frequentie('CS343', 'AangevraagdProduct', 'ToewijzingEinddatum'),
    ],
    '317': [
      elfproef(),
      onOrAfter('CS003', 'TeWijzigenProduct', { this: 'Einddatum', other: 'GewensteIngangsdatum' }),
      onOrAfter('CS003', 'NieuwProduct', { this: 'Einddatum', other: 'GewensteIngangsdatum' }),
      frequentie('CS338', 'TeWijzigenProduct', 'Einddatum'),
      frequentie('CS338', 'NieuwProduct', 'Einddatum'),
    ],
    '319': [elfproef()],
    // CS100, CS337, CS339 and CS340 have templates for the declaratie (323) only; the 325 repeats its Prestaties but
    // not these rules.
    '323': [
      elfproef(),
      notBeforeDate('CS100', 'DeclaratiePeriode/Begindatum', '2021-01-01'),
      notBeforeDate('CS100', 'ProductPeriode/Begindatum', '2021-01-01'),
      wholeCalendarMonth('CS340', 'DeclaratiePeriode'),
      sameCalendarMonth('CS337', 'Prestatie', { begin: 'ProductPeriode/Begindatum', end: 'ProductPeriode/Einddatum' }),
      euroVolumeIsAmount('CS339'),
      ZERO_IS_DEBET.TotaalIngediendBedrag,
      ZERO_IS_DEBET.IngediendBedrag,
    ],
    '325': [
      elfproef(),
      ZERO_IS_DEBET.TotaalIngediendBedrag,
      ZERO_IS_DEBET.TotaalToegekendBedrag,
      ZERO_IS_DEBET.IngediendBedrag,
    ],
  },
  ijwChecks: {
    '301': [...CS301, ...naamGebruik('1,6'), notValue('CS318', 'Client/Naam/NaamGebruik', { values: '6' })],
  },
  notChecked: NOT_CHECKED,
});
