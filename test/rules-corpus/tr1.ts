import { addDays, addMonths } from '../../validation/rules/values.ts';
import type { Mutable } from '../helpers/mutate.ts';
import { both, text, breaks, satisfies, type CorpusCase } from './case.ts';

/**
 * Cases for TR002–TR342 with a template in the stylesheets: TR002 (301, 305, 307, 315), TR006,
 * TR061, TR302 (301), TR315, TR316, TR319, TR335 (323) and TR342 (325), in iWmo and iJw. TR018,
 * TR101, TR134 and TR137 are in seed.ts.
 */

const removeIfThere = (m: Mutable, path: string): Mutable => (m.all(path).length > 0 ? m.remove(path) : m);

const DAGTEKENING = 'Header/BerichtIdentificatie/Dagtekening';
const GEBOORTEDATUM = 'Client/Geboortedatum/Datum';

/**
 * The date `years` years before the Dagtekening, same month and day (the examples' Dagtekeningen are no 29 February).
 */
const yearsBefore = (m: Mutable, years: number): string => {
  const dagtekening = text(m, DAGTEKENING);
  return `${String(Number(dagtekening.slice(0, 4)) - years).padStart(4, '0')}${dagtekening.slice(4)}`;
};

const GEBOORTE = both((p) =>
  (['301', '305', '307', '315'] as const).flatMap((message) => [
    breaks('TR002', `${p}${message}`, 'client born 120 years and a day before the Dagtekening', (m) =>
      m.set(GEBOORTEDATUM, addDays(yearsBefore(m, 120), -1)),
    ),
    satisfies('TR002', `${p}${message}`, 'client born exactly 120 years before the Dagtekening', (m) =>
      m.set(GEBOORTEDATUM, yearsBefore(m, 120)),
    ),
  ]),
);

const CONTACT = 'Client/Contactgegevens/Contact';

const TOEWIJZING = both((p) => [
  satisfies('TR002', `${p}301`, 'unknown Geboortedatum (DatumGebruik 3, 1900-01-01)', (m) =>
    m.set(GEBOORTEDATUM, '1900-01-01').insert(GEBOORTEDATUM, 'after', '<b:DatumGebruik>3</b:DatumGebruik>'),
  ),
  // Soort 02 (correspondentie) needs no Postcode (CD034), so the Adres can go.
  breaks('TR006', `${p}301`, 'a Contact without Telefoon and without Adres', (m) =>
    removeIfThere(m.set(`${CONTACT}[1]/Soort`, '02').remove(`${CONTACT}[1]/Adres`), `${CONTACT}[1]/Telefoon`),
  ),
  satisfies('TR006', `${p}301`, 'a Contact with Huis and Postcode but no Telefoon', (m) =>
    removeIfThere(m, `${CONTACT}[1]/Telefoon`),
  ),
  // WMO301 has one Contact (01), JW301 a 03 and a 04: what stays is a tijdelijk adres (04) only.
  breaks('TR061', `${p}301`, 'Contactgegevens with only a tijdelijk adres (Soort 04)', (m) =>
    p === 'WMO' ? m.set(`${CONTACT}/Soort`, '04') : m.remove(`${CONTACT}[1]`),
  ),
  satisfies('TR061', `${p}301`, 'Contactgegevens with a Contact of Soort 01, 02 or 03'),
]);

const TP = 'Client/ToegewezenProducten/ToegewezenProduct';

const OVERLAP = both((p) => [
  breaks('TR302', `${p}301`, 'a second assignment of the same product in the same period', (m) =>
    m.duplicate(`${TP}[1]`, (copy, at) => copy.set(`${at}/ToewijzingNummer`, '999')),
  ),
  satisfies('TR302', `${p}301`, 'the same product again from the day after the first ends', (m) =>
    m.duplicate(`${TP}[1]`, (copy, at) => {
      const next = addDays(text(copy, `${TP}[1]/Einddatum`), 1);
      copy.set(`${at}/ToewijzingNummer`, '999').set(`${at}/Ingangsdatum`, next).set(`${at}/Einddatum`, next);
    }),
  ),
  satisfies('TR302', `${p}301`, 'the same product again, withdrawn on its first day (RedenWijziging 13)', (m) =>
    m.duplicate(`${TP}[1]`, (copy, at) => {
      const start = text(copy, `${at}/Ingangsdatum`);
      copy
        .set(`${at}/ToewijzingNummer`, '999')
        .set(`${at}/Einddatum`, start)
        .insert(`${at}/Einddatum`, 'after', '<m:RedenWijziging>13</m:RedenWijziging>');
    }),
  ),
]);

// iWmo leaves hulpmiddelen (categorie 11 to 14) out of TR302; iJw has no such categories.
const OVERLAP_HULPMIDDEL = satisfies('TR302', 'WMO301', 'a hulpmiddel (categorie 12) twice in the same period', (m) =>
  m
    .set(`${TP}[1]/Product/Categorie`, '12')
    .duplicate(`${TP}[1]`, (copy, at) => copy.set(`${at}/ToewijzingNummer`, '999')),
);

const TOTAAL = 'Declaratie/TotaalIngediendBedrag/TotaalBedrag';
const prestatie = (client: number, n: number): string =>
  `Declaratie/Clienten/Client[${client}]/Prestaties/Prestatie[${n}]`;
const PRESTATIES = 'Declaratie/Clienten/Client/Prestaties/Prestatie';

/** A Prestatie becomes a credit of `vorig` (CD060), and the total follows (TR358). */
function credit(m: Mutable, at: string, vorig: string): Mutable {
  const amount = Number(text(m, `${at}/IngediendBedrag/Bedrag`));
  m.set(`${at}/IngediendBedrag/DebetCredit`, 'C').insert(
    `${at}/ProductReferentie/ReferentieNummer`,
    'after',
    `<b:VorigReferentieNummer>${vorig}</b:VorigReferentieNummer>`,
  );
  return m.set(TOTAAL, String(Number(text(m, TOTAAL)) - 2 * amount));
}

const einddata = (m: Mutable): string[] =>
  m
    .all(`${PRESTATIES}/ProductPeriode/Einddatum`)
    .map((e) => e.textContent!)
    .sort();

const DECLARATIE = both((p) => [
  breaks('TR315', `${p}323`, 'two credits of the same VorigReferentieNummer, in different clients', (m) =>
    credit(credit(m, prestatie(1, 1), 'RN900'), prestatie(2, 1), 'RN900'),
  ),
  satisfies('TR315', `${p}323`, 'a credit with a VorigReferentieNummer of its own', (m) =>
    credit(m, prestatie(1, 1), 'RN900'),
  ),
  breaks('TR316', `${p}323`, 'a Prestatie crediting the ReferentieNummer of an earlier one', (m) =>
    credit(m, prestatie(1, 2), text(m, `${prestatie(1, 1)}/ProductReferentie/ReferentieNummer`)),
  ),
  breaks('TR316', `${p}323`, 'a Prestatie crediting its own ReferentieNummer', (m) =>
    credit(m, prestatie(1, 1), text(m, `${prestatie(1, 1)}/ProductReferentie/ReferentieNummer`)),
  ),
  satisfies('TR316', `${p}323`, 'a credit of a line sent in an earlier message', (m) =>
    credit(m, prestatie(2, 1), 'RN900'),
  ),
  // The DeclaratiePeriode moves a month back (still a whole month before the Dagtekening): the Prestaties of the later
  // month fall outside.
  breaks('TR319', `${p}323`, 'DeclaratiePeriode the month before the ProductPeriode', (m) => {
    const begin = addMonths(text(m, 'Declaratie/DeclaratiePeriode/Begindatum'), -1);
    m.set('Declaratie/DeclaratiePeriode/Begindatum', begin).set(
      'Declaratie/DeclaratiePeriode/Einddatum',
      addDays(addMonths(begin, 1), -1),
    );
  }),
  satisfies('TR319', `${p}323`, 'every ProductPeriode within the DeclaratiePeriode or before it'),
  breaks('TR335', `${p}323`, 'DeclaratieDagtekening 5 years and a day after the last ProductPeriode', (m) =>
    m.set('Declaratie/DeclaratieDagtekening', addDays(addMonths(einddata(m).at(-1)!, 60), 1)),
  ),
  satisfies('TR335', `${p}323`, 'DeclaratieDagtekening exactly 5 years after the first ProductPeriode ends', (m) =>
    m.set('Declaratie/DeclaratieDagtekening', addMonths(einddata(m)[0]!, 60)),
  ),
]);

const ANTWOORD = 'DeclaratieAntwoord';
const TOEGEKEND = `${ANTWOORD}/TotaalToegekendBedrag`;

const DECLARATIE_ANTWOORD = both((p) => [
  breaks('TR342', `${p}325`, 'TotaalToegekendBedrag one cent more than the rejected Prestaties leave', (m) =>
    m.set(`${TOEGEKEND}/TotaalBedrag`, String(Number(text(m, `${TOEGEKEND}/TotaalBedrag`)) + 1)),
  ),
  satisfies('TR342', `${p}325`, 'the rejected Prestaties are TotaalIngediendBedrag minus TotaalToegekendBedrag'),
  breaks('TR342', `${p}325`, 'the whole declaratie rejected (RetourCode 0001) with an amount toegekend', (m) =>
    m.set(`${ANTWOORD}/RetourCodes/RetourCode`, '0001'),
  ),
  satisfies('TR342', `${p}325`, 'the whole declaratie rejected with nothing toegekend', (m) =>
    m
      .set(`${ANTWOORD}/RetourCodes/RetourCode`, '0001')
      .set(`${TOEGEKEND}/TotaalBedrag`, '0')
      .set(`${TOEGEKEND}/DebetCredit`, 'D'),
  ),
  breaks('TR342', `${p}325`, 'no Prestatie returned while less is toegekend than ingediend', (m) =>
    m.remove(`${ANTWOORD}/Clienten`),
  ),
  satisfies('TR342', `${p}325`, 'no Prestatie returned and everything toegekend', (m) =>
    m
      .remove(`${ANTWOORD}/Clienten`)
      .set(`${TOEGEKEND}/TotaalBedrag`, text(m, `${ANTWOORD}/TotaalIngediendBedrag/TotaalBedrag`))
      .set(`${TOEGEKEND}/DebetCredit`, text(m, `${ANTWOORD}/TotaalIngediendBedrag/DebetCredit`)),
  ),
]);

export const CASES: readonly CorpusCase[] = [
  ...GEBOORTE,
  ...TOEWIJZING,
  ...OVERLAP,
  OVERLAP_HULPMIDDEL,
  ...DECLARATIE,
  ...DECLARATIE_ANTWOORD,
];
