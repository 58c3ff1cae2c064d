import type { Mutable } from '../helpers/mutate.ts';
import { both, text, breaks, satisfies, type CorpusCase } from './case.ts';

/** Cases for the CS rules (constraints on values) from CS050 on; CS002 and CS003 are in seed.ts. */

const NAAM = 'Client/Naam';
const RELATIE_NAAM = 'Client/Relaties/Relatie[1]/Naam';
const CLIENT_ADRES = 'Client/Contactgegevens/Contact[1]/Adres';
const RELATIE_ADRES = 'Client/Relaties/Relatie[1]/Contact/Adres';
const GEBOORTEDATUM = 'Client/Geboortedatum';
const TP = 'Client/ToegewezenProducten/ToegewezenProduct[1]';
const AP = 'Client/AangevraagdeProducten/AangevraagdProduct[1]';
const NP = 'Client/Verzoek/NieuweProducten/NieuwProduct[1]';
const DECLARATIE = 'Declaratie';
const PRESTATIE = 'Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]';

/** A DatumGebruik for the client's Geboortedatum (the examples have none), with the Datum it goes with. */
const datumGebruik = (m: Mutable, gebruik: string, datum?: string, at = GEBOORTEDATUM): Mutable => {
  if (datum) m.set(`${at}/Datum`, datum);
  return m.insert(`${at}/Datum`, 'after', `<b:DatumGebruik>${gebruik}</b:DatumGebruik>`);
};

/** A RedenWijziging on the first ToegewezenProduct, where the XSD wants it: after the Einddatum. */
const redenWijziging = (m: Mutable, reden: string): Mutable =>
  m.insert(`${TP}/Einddatum`, 'after', `<m:RedenWijziging>${reden}</m:RedenWijziging>`);

/**
 * The first Prestatie declares `bedrag` instead of its amount, as debet or credit (a credit names
 * the line it corrects, CD060), and the TotaalIngediendBedrag follows (TR358).
 */
function prestatieBedrag(m: Mutable, bedrag: string, debetCredit: 'D' | 'C'): Mutable {
  const was = Number(text(m, `${PRESTATIE}/IngediendBedrag/Bedrag`));
  m.set(`${PRESTATIE}/IngediendBedrag/Bedrag`, bedrag).set(`${PRESTATIE}/IngediendBedrag/DebetCredit`, debetCredit);
  if (debetCredit === 'C')
    m.insert(
      `${PRESTATIE}/ProductReferentie/ReferentieNummer`,
      'after',
      '<b:VorigReferentieNummer>RN900</b:VorigReferentieNummer>',
    );
  const total = `${DECLARATIE}/TotaalIngediendBedrag/TotaalBedrag`;
  return m.set(total, String(Number(text(m, total)) - was + (debetCredit === 'D' ? Number(bedrag) : -Number(bedrag))));
}

/** The first Prestatie in euro's (Eenheid 83, so without ProductTarief, CD087). */
const inEuros = (m: Mutable): Mutable => m.set(`${PRESTATIE}/Eenheid`, '83').remove(`${PRESTATIE}/ProductTarief`);

/**
 * The first Prestatie moves to December 2020, before the iStandaarden 3.x declare. Its Einddatum
 * stays within five years of the DeclaratieDagtekening (TR335): the JW323 is dated 2026, so its
 * DeclaratieDagtekening moves back to 2025-12-01.
 */
function inDecember2020(m: Mutable, begin = '2020-12-01'): Mutable {
  m.set(`${PRESTATIE}/ProductPeriode/Begindatum`, begin).set(`${PRESTATIE}/ProductPeriode/Einddatum`, '2020-12-31');
  return text(m, `${DECLARATIE}/DeclaratieDagtekening`) > '2025-12-01'
    ? m.set(`${DECLARATIE}/DeclaratieDagtekening`, '2025-12-01')
    : m;
}

const NAAM_GEBRUIK = both((p) => [
  breaks('CS050', `${p}301`, 'NaamGebruik 5 with a Partnernaam', (m) => m.set(`${RELATIE_NAAM}/NaamGebruik`, '5')),
  breaks('CS050', `${p}301`, 'NaamGebruik 2 without a Partnernaam', (m) =>
    m.remove(`${RELATIE_NAAM}/Partnernaam`).set(`${RELATIE_NAAM}/NaamGebruik`, '2'),
  ),
  satisfies('CS050', `${p}301`, 'NaamGebruik 4 with a Partnernaam', (m) => m.set(`${RELATIE_NAAM}/NaamGebruik`, '4')),
  satisfies('CS050', `${p}301`, 'NaamGebruik 1 without a Partnernaam', (m) => m.remove(`${RELATIE_NAAM}/Partnernaam`)),
]);

const NAAM_GEBRUIK_6: readonly CorpusCase[] = [
  // iWmo: without a Partnernaam only 1; iJw also allows 6 (niet-natuurlijk persoon), but not for the client (CS318).
  breaks('CS050', 'WMO301', 'a Relatie without Partnernaam, NaamGebruik 6', (m) =>
    m.remove(`${RELATIE_NAAM}/Partnernaam`).set(`${RELATIE_NAAM}/NaamGebruik`, '6'),
  ),
  satisfies('CS050', 'JW301', 'a Relatie without Partnernaam, NaamGebruik 6', (m) =>
    m.remove(`${RELATIE_NAAM}/Partnernaam`).set(`${RELATIE_NAAM}/NaamGebruik`, '6'),
  ),
  breaks('CS318', 'JW301', 'the client (no Partnernaam) with NaamGebruik 6', (m) => m.set(`${NAAM}/NaamGebruik`, '6')),
  satisfies('CS318', 'JW301', 'the client with NaamGebruik 1, a Relatie with 6', (m) =>
    m.remove(`${RELATIE_NAAM}/Partnernaam`).set(`${RELATIE_NAAM}/NaamGebruik`, '6'),
  ),
];

const POSTCODE: readonly CorpusCase[] = [
  breaks('CS089', 'WMO301', 'LandCode NL with Postcode 0999XX (no leading zero)', (m) =>
    m.set(`${CLIENT_ADRES}/LandCode`, 'NL').set(`${CLIENT_ADRES}/Postcode`, '0999XX'),
  ),
  satisfies('CS089', 'WMO301', 'LandCode NL with Postcode 9999XX', (m) => m.set(`${CLIENT_ADRES}/LandCode`, 'NL')),
  satisfies('CS089', 'WMO301', 'LandCode AD with a foreign postcode', (m) =>
    m.set(`${CLIENT_ADRES}/Postcode`, 'AD500'),
  ),
  breaks('CS089', 'JW301', 'LandCode NL with Postcode 9999 XX (a space)', (m) =>
    m.set(`${RELATIE_ADRES}/Postcode`, '9999 XX'),
  ),
  satisfies('CS089', 'JW301', 'every NL address with a postcode like 9999XX'),
];

const GEBOORTE = both((p) => [
  breaks('CS139', `${p}301`, 'DatumGebruik 1 (dag onbekend) on a Datum that is not the first', (m) =>
    datumGebruik(m, '1'),
  ),
  breaks('CS139', `${p}315`, 'DatumGebruik 2 (dag en maand onbekend) on a Datum in February', (m) =>
    datumGebruik(m, '2', `${p === 'WMO' ? 1972 : 2010}-02-01`),
  ),
  breaks('CS139', `${p}305`, 'DatumGebruik 3 (onbekend) on a real Datum', (m) => datumGebruik(m, '3')),
  satisfies('CS139', `${p}301`, 'DatumGebruik 1 on the first of the month', (m) =>
    datumGebruik(m, '1', p === 'WMO' ? '1967-08-01' : '2010-02-01'),
  ),
  satisfies('CS139', `${p}307`, 'DatumGebruik 2 on 1 January', (m) =>
    datumGebruik(m, '2', p === 'WMO' ? '1967-01-01' : '2010-01-01'),
  ),
  satisfies('CS139', `${p}301`, 'a Relatie with DatumGebruik 3 on 1900-01-01', (m) =>
    datumGebruik(m, '3', '1900-01-01', 'Client/Relaties/Relatie[1]/Geboortedatum'),
  ),
]);

const STATUS = both((p) => [
  breaks('CS058', `${p}305`, 'StartProduct with StatusAanlevering 2', (m) =>
    m.set('Client/StartProducten/StartProduct[1]/StatusAanlevering', '2'),
  ),
  breaks('CS058', `${p}307`, 'StopProduct with StatusAanlevering 9', (m) =>
    m.set('Client/StopProducten/StopProduct[1]/StatusAanlevering', '9'),
  ),
  satisfies('CS058', `${p}305`, 'StartProducten with StatusAanlevering 1'),
  satisfies('CS058', `${p}307`, 'StopProducten with StatusAanlevering 1'),
]);

const TOEWIJZING = both((p) => [
  breaks('CS335', `${p}301`, 'RedenWijziging 13 on a product that runs for months', (m) => redenWijziging(m, '13')),
  satisfies('CS335', `${p}301`, 'RedenWijziging 13 on a product that ends on its Ingangsdatum', (m) =>
    redenWijziging(m, '13').set(`${TP}/Einddatum`, text(m, `${TP}/Ingangsdatum`)),
  ),
  breaks('CS336', `${p}301`, 'RedenWijziging 01 (vervallen)', (m) => redenWijziging(m, '01')),
  satisfies('CS336', `${p}301`, 'RedenWijziging 02', (m) => redenWijziging(m, '02')),
  breaks('CS338', `${p}301`, 'Eenheid 14 (minuten) per dag (Frequentie 1)', (m) =>
    m.set(`${TP}/Omvang/Eenheid`, '14').set(`${TP}/Omvang/Frequentie`, '1'),
  ),
  satisfies('CS338', `${p}301`, 'Eenheid 14 (minuten) per maand', (m) =>
    m.set(`${TP}/Omvang/Eenheid`, '14').set(`${TP}/Omvang/Frequentie`, '4'),
  ),
  satisfies('CS338', `${p}301`, 'Eenheid 01 (stuks) per dag: the rule does not ask for a period', (m) =>
    m.set(`${TP}/Omvang/Eenheid`, '01').set(`${TP}/Omvang/Frequentie`, '1'),
  ),
  breaks('CS338', `${p}317`, 'a NieuwProduct of 83 (euro) per dag', (m) =>
    m.set(`${NP}/Omvang/Eenheid`, '83').set(`${NP}/Omvang/Frequentie`, '1'),
  ),
  satisfies('CS338', `${p}317`, 'a NieuwProduct of 16 (uren) per maand', (m) =>
    m.set(`${NP}/Omvang/Eenheid`, '16').set(`${NP}/Omvang/Frequentie`, '4'),
  ),
  breaks('CS343', `${p}315`, 'an AangevraagdProduct of 84 (stuks per periode) per dag', (m) =>
    m.set(`${AP}/Omvang/Eenheid`, '84').set(`${AP}/Omvang/Frequentie`, '1'),
  ),
  satisfies('CS343', `${p}315`, 'AangevraagdeProducten in minuten or uren per maand'),
]);

const DECLARATIE_CASES = both((p) => [
  breaks('CS100', `${p}323`, 'a Prestatie in December 2020', (m) => inDecember2020(m)),
  satisfies('CS100', `${p}323`, 'Prestaties and DeclaratiePeriode from 2021 on'),
  breaks('CS337', `${p}323`, 'a ProductPeriode from the last day of the previous month', (m) =>
    m.set(
      `${PRESTATIE}/ProductPeriode/Begindatum`,
      `${text(m, `${PRESTATIE}/ProductPeriode/Begindatum`).slice(0, 5)}03-31`,
    ),
  ),
  satisfies('CS337', `${p}323`, 'a ProductPeriode from the middle to the end of one month', (m) =>
    m.set(
      `${PRESTATIE}/ProductPeriode/Begindatum`,
      `${text(m, `${PRESTATIE}/ProductPeriode/Begindatum`).slice(0, 8)}15`,
    ),
  ),
  breaks('CS339', `${p}323`, "a Prestatie in euro's declaring 5000 for a volume of 4", (m) => inEuros(m)),
  satisfies('CS339', `${p}323`, "a Prestatie in euro's declaring its volume", (m) =>
    inEuros(m).set(`${PRESTATIE}/GeleverdVolume`, text(m, `${PRESTATIE}/IngediendBedrag/Bedrag`)),
  ),
  breaks('CS340', `${p}323`, 'a DeclaratiePeriode from the 2nd to the end of the month', (m) =>
    m.set(
      `${DECLARATIE}/DeclaratiePeriode/Begindatum`,
      `${text(m, `${DECLARATIE}/DeclaratiePeriode/Begindatum`).slice(0, 8)}02`,
    ),
  ),
  satisfies('CS340', `${p}323`, 'a DeclaratiePeriode of one whole month (April)'),
  breaks('CS325', `${p}323`, 'a credit Prestatie of 0', (m) => prestatieBedrag(m, '0', 'C')),
  satisfies('CS325', `${p}323`, 'a debet Prestatie of 0', (m) => prestatieBedrag(m, '0', 'D')),
]);

export const CASES: readonly CorpusCase[] = [
  ...NAAM_GEBRUIK,
  ...NAAM_GEBRUIK_6,
  ...POSTCODE,
  ...GEBOORTE,
  ...STATUS,
  ...TOEWIJZING,
  ...DECLARATIE_CASES,
];
