import type { MessageNumber } from './message-codes.ts';

/**
 * The single-message rules we check, as data, transcribed from the official validation XSLTs
 * ("TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl", XSLTVersie 2.10.5; domain.md §4.1). Paths are
 * local names, written the way the XSLT matches them (`ToegewezenProduct/Einddatum` is an Einddatum
 * whose parent is a ToegewezenProduct) and apply to the listed message numbers of both standards:
 * the WMO and JW stylesheets have the same templates for CS002, CS003, TR018, TR134 and TR137.
 * TR101's keys were read in the WMO stylesheet (and the JW one for Client and Prestatie); we
 * assume the JW keys are the same everywhere, which JW323's known TR101 finding agrees with.
 * Rules that need history (berichtoverstijgend) or external lists are not single-message rules.
 */

/** "End must not be before begin" within one element (XSLT `checkafter`). */
export type PeriodRule = {
  code: 'CS003' | 'TR018' | 'TR137';
  messages: readonly MessageNumber[];
  /** The element holding both dates, as a path suffix. */
  context: readonly string[];
  end: string;
  begin: string;
  /** TR137 also wants the end not after the Dagtekening. */
  endNotAfterDagtekening?: boolean;
};

export const PERIOD_RULES: readonly PeriodRule[] = [
  { code: 'CS003', messages: ['301'], context: ['Beschikking'], end: 'Einddatum', begin: 'Ingangsdatum' },
  { code: 'CS003', messages: ['301'], context: ['ToegewezenProduct'], end: 'Einddatum', begin: 'Ingangsdatum' },
  { code: 'CS003', messages: ['301'], context: ['Contact', 'Periode'], end: 'Einddatum', begin: 'Begindatum' },
  { code: 'CS003', messages: ['315'], context: ['AangevraagdProduct'], end: 'ToewijzingEinddatum', begin: 'ToewijzingIngangsdatum' },
  { code: 'CS003', messages: ['317'], context: ['TeWijzigenProduct'], end: 'Einddatum', begin: 'GewensteIngangsdatum' },
  { code: 'CS003', messages: ['317'], context: ['NieuwProduct'], end: 'Einddatum', begin: 'GewensteIngangsdatum' },
  { code: 'TR018', messages: ['307'], context: ['StopProduct'], end: 'Einddatum', begin: 'Begindatum' },
  { code: 'TR137', messages: ['323'], context: ['DeclaratiePeriode'], end: 'Einddatum', begin: 'Begindatum', endNotAfterDagtekening: true },
  { code: 'TR137', messages: ['323', '325'], context: ['ProductPeriode'], end: 'Einddatum', begin: 'Begindatum', endNotAfterDagtekening: true },
];

/** TR134: a date that must not be after the message's Dagtekening. */
export type DagtekeningRule = { messages: readonly MessageNumber[]; path: readonly string[] };

export const TR134_DATES: readonly DagtekeningRule[] = [
  { messages: ['301'], path: ['Beschikking', 'Afgiftedatum'] },
  { messages: ['301', '305', '307', '315'], path: ['Client', 'Geboortedatum', 'Datum'] },
  { messages: ['301'], path: ['Relatie', 'Geboortedatum', 'Datum'] },
  { messages: ['301'], path: ['ToegewezenProduct', 'Toewijzingsdatum'] },
  { messages: ['305'], path: ['StartProduct', 'Begindatum'] },
  { messages: ['307'], path: ['StopProduct', 'Einddatum'] },
  { messages: ['323'], path: ['DeclaratiePeriode', 'Begindatum'] },
  { messages: ['323', '325'], path: ['ProductPeriode', 'Begindatum'] },
];

/** Where the Dagtekening of a message is (every message type in scope has this header). */
export const DAGTEKENING_PATH: readonly string[] = ['Bericht', 'Header', 'BerichtIdentificatie', 'Dagtekening'];

/**
 * TR101: per berichtklasse its logical key ("de logische sleutel in combinatie met de logische
 * sleutels van de bovenliggende berichtklassen"): two siblings of the class with equal key values
 * are a duplicate line. A missing key element only equals another missing one.
 */
export type DuplicateRule = { messages: readonly MessageNumber[]; element: string; key: readonly string[] };

export const TR101_KEYS: readonly DuplicateRule[] = [
  { messages: ['305', '307', '315', '317', '323', '325'], element: 'Client', key: ['Bsn'] },
  { messages: ['301'], element: 'Contact', key: ['Soort'] },
  { messages: ['301'], element: 'Relatie', key: ['Nummer'] },
  { messages: ['301'], element: 'ToegewezenProduct', key: ['ToewijzingNummer'] },
  { messages: ['305'], element: 'StartProduct', key: ['Begindatum', 'Product/Categorie', 'Product/Code', 'ToewijzingNummer'] },
  { messages: ['307'], element: 'StopProduct', key: ['Begindatum', 'Einddatum', 'Product/Categorie', 'Product/Code', 'RedenBeeindiging', 'ToewijzingNummer'] },
  { messages: ['315'], element: 'AangevraagdProduct', key: ['ReferentieAanbieder'] },
  { messages: ['317'], element: 'Verzoek', key: ['ReferentieAanbieder'] },
  { messages: ['317'], element: 'OngewijzigdProduct', key: ['ToewijzingNummer'] },
  { messages: ['317'], element: 'TeWijzigenProduct', key: ['ToewijzingNummer'] },
  { messages: ['317'], element: 'NieuwProduct', key: ['GewensteIngangsdatum', 'Product/Categorie', 'Product/Code'] },
  { messages: ['319'], element: 'Antwoord', key: ['ReferentieAanbieder', 'VerzoekAntwoord'] },
  { messages: ['323'], element: 'Declaratie', key: ['DeclaratieNummer'] },
  { messages: ['323', '325'], element: 'Prestatie', key: ['ProductReferentie/ReferentieNummer', 'ProductReferentie/VorigReferentieNummer'] },
  { messages: ['325'], element: 'DeclaratieAntwoord', key: ['DeclaratieNummer'] },
];

/** The rules of one message type, looked up once per message. */
export type RuleSet = {
  periods: readonly PeriodRule[];
  dagtekeningDates: readonly DagtekeningRule[];
  duplicates: ReadonlyMap<string, DuplicateRule>;
  /** CS002 on every Bsn element. */
  elfproef: boolean;
};

export function rulesFor(message: MessageNumber, ruleChecked: boolean): RuleSet {
  if (!ruleChecked) return { periods: [], dagtekeningDates: [], duplicates: new Map(), elfproef: false };
  const applies = (rule: { messages: readonly MessageNumber[] }): boolean => rule.messages.includes(message);
  return {
    periods: PERIOD_RULES.filter(applies),
    dagtekeningDates: TR134_DATES.filter(applies),
    duplicates: new Map(TR101_KEYS.filter(applies).map((rule) => [rule.element, rule])),
    elfproef: true,
  };
}
