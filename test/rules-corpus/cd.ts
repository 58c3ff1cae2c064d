import type { Mutable } from '../helpers/mutate.ts';
import { both, text, breaks, satisfies, type CorpusCase } from './case.ts';

/** Cases for the CD rules (condities), CD005–CD096, on the iWmo and iJw examples alike. */

const CONTACT = 'Client/Contactgegevens/Contact[1]';
const RELATIE_CONTACT = 'Client/Relaties/Relatie[1]/Contact';
const TP = 'Client/ToegewezenProducten/ToegewezenProduct[1]';
const AP = 'Client/AangevraagdeProducten/AangevraagdProduct[1]';
const VERWIJZER = `${AP}/Verwijzer`;
const NP = 'Client/Verzoek/NieuweProducten/NieuwProduct[1]';
const TWP = 'Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[1]';
const PRESTATIE_323 = 'Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]';
const PRESTATIE_325 = 'DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]';

const BUDGET = '<m:Budget>150000</m:Budget>';
const AGB = '<b:ZorgverlenerCode>12345678</b:ZorgverlenerCode>';
const PERIODE = '<m:Periode><b:Begindatum>2020-01-01</b:Begindatum></m:Periode>';

const removeIfThere = (m: Mutable, path: string): Mutable => (m.all(path).length > 0 ? m.remove(path) : m);

/** A ToegewezenProduct on a Budget: category only (no code, so no Omvang), as CD041/CD077 want. */
function budgetInsteadOfOmvang(m: Mutable, record: string, before: string | undefined): Mutable {
  m.remove(`${record}/Product/Code`).remove(`${record}/Omvang`);
  return before ? m.insert(`${record}/${before}`, 'before', BUDGET) : m.insert(record, 'into', BUDGET);
}

/**
 * The other AangevraagdProduct goes: one without a product code (or without a Product) counts as
 * the same product as any of the same category, and the examples' periods overlap (TR386).
 */
const onlyFirstAanvraag = (m: Mutable): Mutable =>
  removeIfThere(m, 'Client/AangevraagdeProducten/AangevraagdProduct[2]');

/** The same for the JW301's second ToegewezenProduct, of the same category and period (TR302). */
const onlyFirstToewijzing = (m: Mutable): Mutable =>
  removeIfThere(m, 'Client/ToegewezenProducten/ToegewezenProduct[2]');

/** The JW317 example has no TeWijzigenProduct: add one like the WMO317's, after the OngewijzigdeProducten. */
function withTeWijzigen(m: Mutable): Mutable {
  if (m.all(TWP).length > 0) return m;
  return m.insert(
    'Client/Verzoek/OngewijzigdeProducten',
    'after',
    '<m:TeWijzigenProducten><m:TeWijzigenProduct><m:ToewijzingNummer>10072</m:ToewijzingNummer>' +
      '<m:GewensteIngangsdatum>2026-11-01</m:GewensteIngangsdatum><m:Einddatum>2027-02-28</m:Einddatum></m:TeWijzigenProduct></m:TeWijzigenProducten>',
  );
}

/** A Prestatie turned into a credit that names the line it corrects, with the total (TR358/TR342) following. */
function creditLine(m: Mutable, prestatie: string, total: string): Mutable {
  const amount = Number(text(m, `${prestatie}/IngediendBedrag/Bedrag`));
  m.set(`${prestatie}/IngediendBedrag/DebetCredit`, 'C').insert(
    `${prestatie}/ProductReferentie/ReferentieNummer`,
    'after',
    '<b:VorigReferentieNummer>RN900</b:VorigReferentieNummer>',
  );
  return m.set(`${total}/TotaalBedrag`, String(Number(text(m, `${total}/TotaalBedrag`)) - 2 * amount));
}

const ADDRESS = both((p) => [
  breaks('CD005', `${p}301`, 'Postcode without LandCode', (m) => m.remove(`${CONTACT}/Adres/LandCode`)),
  breaks('CD005', `${p}301`, 'LandCode (BE) without Postcode, in a contact of Soort 02', (m) =>
    m
      .set(`${RELATIE_CONTACT}/Soort`, '02')
      .set(`${RELATIE_CONTACT}/Adres/LandCode`, 'BE')
      .remove(`${RELATIE_CONTACT}/Adres/Postcode`),
  ),
  satisfies('CD005', `${p}301`, 'every Adres has both Postcode and LandCode'),
  breaks('CD007', `${p}301`, 'Communicatie Vorm 2 (doventolk) with a Taal', (m) =>
    m.set('Client/Communicatie/Vorm', '2'),
  ),
  breaks('CD007', `${p}301`, 'Communicatie Vorm 1 (tolk taal) without Taal', (m) =>
    m.remove('Client/Communicatie/Taal'),
  ),
  satisfies('CD007', `${p}301`, 'Communicatie Vorm 1 (tolk taal) with its Taal'),
  satisfies('CD007', `${p}301`, 'Communicatie Vorm 2 (doventolk) without Taal', (m) =>
    m.set('Client/Communicatie/Vorm', '2').remove('Client/Communicatie/Taal'),
  ),
  breaks('CD009', `${p}301`, 'a Periode on a contact that is no tijdelijk adres', (m) =>
    m.insert(CONTACT, 'into', PERIODE),
  ),
  breaks('CD025', `${p}301`, 'a Dutch address without Huis', (m) =>
    m.set(`${RELATIE_CONTACT}/Adres/LandCode`, 'NL').remove(`${RELATIE_CONTACT}/Adres/Huis`),
  ),
  satisfies('CD025', `${p}301`, 'a Dutch address with its Huisnummer', (m) =>
    m.set(`${RELATIE_CONTACT}/Adres/LandCode`, 'NL'),
  ),
  breaks('CD034', `${p}301`, 'a contact of Soort 01/03 with an Adres without Postcode', (m) =>
    m.remove(`${RELATIE_CONTACT}/Adres/Postcode`).remove(`${RELATIE_CONTACT}/Adres/LandCode`),
  ),
  satisfies('CD034', `${p}301`, 'contacts of Soort 01/03 with a Postcode'),
]);

const CONTACT_PERIODE: readonly CorpusCase[] = [
  // WMO301 has no tijdelijk adres: add one (its own Soort keeps TR101 quiet).
  satisfies('CD009', 'WMO301', 'a second contact, Soort 04 (tijdelijk adres), with a Periode', (m) =>
    m.duplicate(CONTACT, (copy, at) => copy.set(`${at}/Soort`, '04').insert(at, 'into', PERIODE)),
  ),
  satisfies('CD009', 'JW301', 'the contact of Soort 04 (tijdelijk adres) with its Periode'),
];

const PRODUCTS = both((p) => [
  breaks('CD041', `${p}301`, 'ToegewezenProduct with a product code but no Omvang', (m) => m.remove(`${TP}/Omvang`)),
  breaks('CD041', `${p}315`, 'AangevraagdProduct with a product code but no Omvang', (m) => m.remove(`${AP}/Omvang`)),
  breaks('CD041', `${p}317`, 'NieuwProduct with a product code but no Omvang', (m) => m.remove(`${NP}/Omvang`)),
  satisfies('CD041', `${p}301`, 'ToegewezenProduct with a product code and an Omvang'),
  satisfies('CD041', `${p}317`, 'NieuwProduct with a product code and an Omvang'),

  breaks('CD075', `${p}301`, 'ToegewezenProduct on a Budget without Einddatum', (m) =>
    budgetInsteadOfOmvang(onlyFirstToewijzing(m), TP, 'Commentaar').remove(`${TP}/Einddatum`),
  ),
  breaks('CD075', `${p}315`, 'AangevraagdProduct on a Budget without ToewijzingEinddatum', (m) =>
    budgetInsteadOfOmvang(onlyFirstAanvraag(m), AP, 'Verwijzer').remove(`${AP}/ToewijzingEinddatum`),
  ),
  breaks('CD075', `${p}317`, 'NieuwProduct on a Budget without Einddatum', (m) =>
    budgetInsteadOfOmvang(m, NP, undefined).remove(`${NP}/Einddatum`),
  ),
  breaks('CD075', `${p}317`, 'TeWijzigenProduct with a Budget without Einddatum', (m) =>
    withTeWijzigen(m).remove(`${TWP}/Einddatum`).insert(TWP, 'into', BUDGET),
  ),
  satisfies('CD075', `${p}301`, 'ToegewezenProduct on a Budget with an Einddatum', (m) =>
    budgetInsteadOfOmvang(onlyFirstToewijzing(m), TP, 'Commentaar'),
  ),
  satisfies('CD075', `${p}315`, 'AangevraagdProduct on a Budget with a ToewijzingEinddatum', (m) =>
    budgetInsteadOfOmvang(onlyFirstAanvraag(m), AP, 'Verwijzer'),
  ),
  satisfies('CD075', `${p}317`, 'TeWijzigenProduct with a Budget and an Einddatum', (m) =>
    withTeWijzigen(m).insert(TWP, 'into', BUDGET),
  ),

  breaks('CD076', `${p}301`, 'ToegewezenProduct per week (Frequentie 2) without Einddatum', (m) =>
    m.set(`${TP}/Omvang/Frequentie`, '2').remove(`${TP}/Einddatum`),
  ),
  breaks('CD076', `${p}315`, 'AangevraagdProduct per week without ToewijzingEinddatum', (m) =>
    m.set(`${AP}/Omvang/Frequentie`, '2').remove(`${AP}/ToewijzingEinddatum`),
  ),
  breaks('CD076', `${p}317`, 'NieuwProduct per week without Einddatum', (m) =>
    m.set(`${NP}/Omvang/Frequentie`, '2').remove(`${NP}/Einddatum`),
  ),
  satisfies('CD076', `${p}301`, 'ToegewezenProduct per week with an Einddatum', (m) =>
    m.set(`${TP}/Omvang/Frequentie`, '2'),
  ),
  satisfies('CD076', `${p}317`, 'NieuwProduct per week with an Einddatum', (m) =>
    m.set(`${NP}/Omvang/Frequentie`, '2'),
  ),

  // CD077 and CD078 are one condition (Budget and Omvang together) seen from either side: an
  // XSD-valid message never breaks one without the other (an empty Budget is no integer).
  breaks(
    'CD077',
    `${p}301`,
    'ToegewezenProduct with a Budget and an Omvang (also CD078)',
    (m) => m.insert(`${TP}/Commentaar`, 'before', BUDGET),
    ['CD078'],
  ),
  breaks(
    'CD078',
    `${p}317`,
    'NieuwProduct with an Omvang and a Budget (also CD077)',
    (m) => m.insert(NP, 'into', BUDGET),
    ['CD077'],
  ),
  satisfies('CD077', `${p}301`, 'ToegewezenProduct on a Budget, without Omvang', (m) =>
    budgetInsteadOfOmvang(onlyFirstToewijzing(m), TP, 'Commentaar'),
  ),
  satisfies('CD078', `${p}301`, 'ToegewezenProduct with an Omvang, without Budget'),
  satisfies('CD078', `${p}315`, 'AangevraagdProducten with an Omvang, without Budget'),

  breaks('CD079', `${p}301`, 'ToegewezenProduct with neither Budget nor Product', (m) =>
    onlyFirstToewijzing(m).remove(`${TP}/Product`).remove(`${TP}/Omvang`),
  ),
  breaks('CD079', `${p}315`, 'AangevraagdProduct with neither Budget nor Product', (m) =>
    onlyFirstAanvraag(m).remove(`${AP}/Product`).remove(`${AP}/Omvang`),
  ),
  breaks('CD079', `${p}317`, 'NieuwProduct with neither Budget nor Product', (m) =>
    m.remove(`${NP}/Product`).remove(`${NP}/Omvang`),
  ),
  satisfies('CD079', `${p}301`, 'ToegewezenProduct without Budget, with a Product'),
  satisfies('CD079', `${p}317`, 'NieuwProduct on a Budget, with only a product category', (m) =>
    budgetInsteadOfOmvang(m, NP, undefined),
  ),

  breaks('CD080', `${p}301`, 'ToegewezenProduct ending after 2020 with an Omvang but no product code', (m) =>
    onlyFirstToewijzing(m).remove(`${TP}/Product/Code`),
  ),
  satisfies('CD080', `${p}301`, 'ToegewezenProduct with an Omvang and a product code'),
  satisfies('CD080', `${p}301`, 'ToegewezenProduct ended on 31-12-2020 with an Omvang but no product code', (m) =>
    m.remove(`${TP}/Product/Code`).set(`${TP}/Ingangsdatum`, '2020-01-01').set(`${TP}/Einddatum`, '2020-12-31'),
  ),
  breaks('CD095', `${p}315`, 'AangevraagdProduct ending after 2020 with an Omvang but no product code', (m) =>
    onlyFirstAanvraag(m).remove(`${AP}/Product/Code`),
  ),
  breaks('CD095', `${p}315`, 'open-ended AangevraagdProduct with an Omvang but no product code', (m) =>
    onlyFirstAanvraag(m).remove(`${AP}/Product/Code`).remove(`${AP}/ToewijzingEinddatum`),
  ),
  satisfies('CD095', `${p}315`, 'AangevraagdProducten with an Omvang and a product code'),
  satisfies('CD095', `${p}315`, 'AangevraagdProduct ended on 31-12-2020 with an Omvang but no product code', (m) =>
    onlyFirstAanvraag(m)
      .remove(`${AP}/Product/Code`)
      .set(`${AP}/BeschikkingIngangsdatum`, '2020-06-01')
      .set(`${AP}/ToewijzingIngangsdatum`, '2020-06-01')
      .set(`${AP}/ToewijzingEinddatum`, '2020-12-31'),
  ),
  breaks('CD096', `${p}317`, 'NieuwProduct ending after 2020 with an Omvang but no product code', (m) =>
    m.remove(`${NP}/Product/Code`),
  ),
  satisfies('CD096', `${p}317`, 'NieuwProduct with an Omvang and a product code'),
]);

const AANVRAAG = both((p) => [
  breaks('CD043', `${p}315`, 'BeschikkingNummer without BeschikkingIngangsdatum', (m) =>
    m.remove(`${AP}/BeschikkingIngangsdatum`),
  ),
  breaks('CD043', `${p}315`, 'BeschikkingIngangsdatum without BeschikkingNummer', (m) =>
    m.remove(`${AP}/BeschikkingNummer`),
  ),
  satisfies('CD043', `${p}315`, 'BeschikkingNummer with its BeschikkingIngangsdatum'),
  satisfies('CD043', `${p}315`, 'neither BeschikkingNummer nor BeschikkingIngangsdatum', (m) =>
    m.remove(`${AP}/BeschikkingNummer`).remove(`${AP}/BeschikkingIngangsdatum`),
  ),

  breaks('CD066', `${p}315`, 'Verwijzer of Type 04 with both Naam and ZorgverlenerCode', (m) =>
    m.set(`${VERWIJZER}/Type`, '04').insert(`${VERWIJZER}/Naam`, 'after', AGB),
  ),
  satisfies('CD066', `${p}315`, 'Verwijzer of Type 04 with a ZorgverlenerCode and no Naam', (m) =>
    m.set(`${VERWIJZER}/Type`, '04').remove(`${VERWIJZER}/Naam`).insert(VERWIJZER, 'into', AGB),
  ),
  breaks('CD067', `${p}315`, 'Verwijzer of Type 04 with neither Naam nor ZorgverlenerCode', (m) =>
    m.set(`${VERWIJZER}/Type`, '04').remove(`${VERWIJZER}/Naam`),
  ),
  satisfies('CD067', `${p}315`, 'Verwijzer of Type 04 with a Naam and no ZorgverlenerCode', (m) =>
    m.set(`${VERWIJZER}/Type`, '04'),
  ),
  breaks('CD068', `${p}315`, 'Verwijzer of Type 01 (gemeente) with a ZorgverlenerCode', (m) =>
    m.set(`${VERWIJZER}/Type`, '01').insert(`${VERWIJZER}/Naam`, 'after', AGB),
  ),
  satisfies('CD068', `${p}315`, 'Verwijzer of Type 01 (gemeente) with only a Naam', (m) =>
    m.set(`${VERWIJZER}/Type`, '01'),
  ),
]);

const ANTWOORD = both((p) => [
  breaks('CD085', `${p}319`, 'Verzoek afgewezen (1) without RedenAfwijzingVerzoek', (m) =>
    removeIfThere(m.remove('Antwoord/RedenAfwijzingVerzoek'), 'Antwoord/Woonplaatsbeginsel'),
  ),
  satisfies('CD085', `${p}319`, 'Verzoek afgewezen (1) with its RedenAfwijzingVerzoek'),
  breaks('CD086', `${p}319`, 'Aanvraag in onderzoek (2) with a RedenAfwijzingVerzoek', (m) =>
    m.set('Antwoord/VerzoekAntwoord', '2'),
  ),
  satisfies('CD086', `${p}319`, 'Aanvraag in onderzoek (2) without RedenAfwijzingVerzoek', (m) =>
    removeIfThere(
      m.set('Antwoord/VerzoekAntwoord', '2').remove('Antwoord/RedenAfwijzingVerzoek'),
      'Antwoord/Woonplaatsbeginsel',
    ),
  ),
]);

const DECLARATIE = both((p) => [
  breaks('CD060', `${p}323`, 'a debit Prestatie with a VorigReferentieNummer', (m) =>
    m.insert(
      `${PRESTATIE_323}/ProductReferentie/ReferentieNummer`,
      'after',
      '<b:VorigReferentieNummer>RN900</b:VorigReferentieNummer>',
    ),
  ),
  satisfies('CD060', `${p}323`, 'a credit Prestatie with its VorigReferentieNummer (total adjusted)', (m) =>
    creditLine(m, PRESTATIE_323, 'Declaratie/TotaalIngediendBedrag'),
  ),
  breaks('CD087', `${p}323`, 'Eenheid 04 without ProductTarief', (m) => m.remove(`${PRESTATIE_323}/ProductTarief`)),
  breaks('CD087', `${p}323`, "Eenheid 83 (euro's) with a ProductTarief", (m) =>
    m
      .set(`${PRESTATIE_323}/Eenheid`, '83')
      .set(`${PRESTATIE_323}/GeleverdVolume`, text(m, `${PRESTATIE_323}/IngediendBedrag/Bedrag`)),
  ),
  satisfies('CD087', `${p}323`, 'Eenheid 04 with a ProductTarief'),
  satisfies('CD087', `${p}323`, "Eenheid 83 (euro's) without ProductTarief", (m) =>
    m
      .set(`${PRESTATIE_323}/Eenheid`, '83')
      .set(`${PRESTATIE_323}/GeleverdVolume`, text(m, `${PRESTATIE_323}/IngediendBedrag/Bedrag`))
      .remove(`${PRESTATIE_323}/ProductTarief`),
  ),
]);

const DECLARATIE_ANTWOORD: readonly CorpusCase[] = [
  breaks('CD060', 'WMO325', 'a debit Prestatie with a VorigReferentieNummer', (m) =>
    m.insert(
      `${PRESTATIE_325}/ProductReferentie/ReferentieNummer`,
      'after',
      '<b:VorigReferentieNummer>RN900</b:VorigReferentieNummer>',
    ),
  ),
  satisfies('CD060', 'WMO325', 'a credit Prestatie with its VorigReferentieNummer (total adjusted)', (m) =>
    creditLine(m, PRESTATIE_325, 'DeclaratieAntwoord/TotaalIngediendBedrag'),
  ),
  breaks('CD060', 'JW325', 'a credit Prestatie without VorigReferentieNummer', (m) =>
    m.remove(`${PRESTATIE_325}/ProductReferentie/VorigReferentieNummer`),
  ),
  satisfies('CD060', 'JW325', 'credit Prestaties with their VorigReferentieNummer'),
];

export const CASES: readonly CorpusCase[] = [
  ...ADDRESS,
  ...CONTACT_PERIODE,
  ...PRODUCTS,
  ...AANVRAAG,
  ...ANTWOORD,
  ...DECLARATIE,
  ...DECLARATIE_ANTWOORD,
];
