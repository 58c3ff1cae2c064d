import type { Mutable } from '../helpers/mutate.ts';
import { both, text, breaks, satisfies, type CorpusCase } from './case.ts';

/** Cases for TR346–TR382: TR352, TR353, TR380 (317), TR358 (323) and iJw's TR377 (319). */

const VERZOEK = 'Client/Verzoek';
const NP = `${VERZOEK}/NieuweProducten/NieuwProduct[1]`;
const DAGTEKENING = 'Header/BerichtIdentificatie/Dagtekening';
const TOTAAL = 'Declaratie/TotaalIngediendBedrag';
const PRESTATIE = 'Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]';

const removeIfThere = (m: Mutable, path: string): Mutable => (m.all(path).length > 0 ? m.remove(path) : m);

/** The first Prestatie becomes a credit that names the line it corrects (CD060), and the total follows. */
function firstLineCredit(m: Mutable): Mutable {
  const amount = Number(text(m, `${PRESTATIE}/IngediendBedrag/Bedrag`));
  m.set(`${PRESTATIE}/IngediendBedrag/DebetCredit`, 'C').insert(
    `${PRESTATIE}/ProductReferentie/ReferentieNummer`,
    'after',
    '<b:VorigReferentieNummer>RN900</b:VorigReferentieNummer>',
  );
  return m.set(`${TOTAAL}/TotaalBedrag`, String(Number(text(m, `${TOTAAL}/TotaalBedrag`)) - 2 * amount));
}

const VERZOEK_OM_WIJZIGING = both((p) => [
  // The WMO317 has all three product classes, the JW317 an OngewijzigdProduct and a NieuwProduct.
  breaks('TR352', `${p}317`, 'a verzoek with only NieuweProducten', (m) =>
    removeIfThere(m.remove(`${VERZOEK}/OngewijzigdeProducten`), `${VERZOEK}/TeWijzigenProducten`),
  ),
  satisfies('TR352', `${p}317`, 'a verzoek with an OngewijzigdProduct'),
  breaks('TR353', `${p}317`, 'a verzoek with only OngewijzigdeProducten', (m) =>
    removeIfThere(m.remove(`${VERZOEK}/NieuweProducten`), `${VERZOEK}/TeWijzigenProducten`),
  ),
  satisfies('TR353', `${p}317`, 'a verzoek with a NieuwProduct'),
  breaks('TR380', `${p}317`, 'NieuwProduct GewensteIngangsdatum on the Dagtekening', (m) =>
    m.set(`${NP}/GewensteIngangsdatum`, text(m, DAGTEKENING)),
  ),
  satisfies('TR380', `${p}317`, 'NieuwProduct GewensteIngangsdatum after the Dagtekening'),
]);

const DECLARATIE = both((p) => [
  breaks('TR358', `${p}323`, 'TotaalBedrag one cent more than the Prestaties', (m) =>
    m.set(`${TOTAAL}/TotaalBedrag`, String(Number(text(m, `${TOTAAL}/TotaalBedrag`)) + 1)),
  ),
  breaks('TR358', `${p}323`, 'the debet sum of the Prestaties as a credit total', (m) =>
    m.set(`${TOTAAL}/DebetCredit`, 'C'),
  ),
  satisfies('TR358', `${p}323`, 'TotaalBedrag the sum of the debet Prestaties'),
  satisfies('TR358', `${p}323`, 'a credit Prestatie counted against the debet ones', firstLineCredit),
]);

const ANTWOORD: readonly CorpusCase[] = [
  breaks('TR377', 'JW319', 'RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) without Woonplaatsbeginsel', (m) =>
    m.remove('Antwoord/Woonplaatsbeginsel'),
  ),
  satisfies('TR377', 'JW319', 'RedenAfwijzingVerzoek 8 with the Woonplaatsbeginsel'),
];

export const CASES: readonly CorpusCase[] = [...VERZOEK_OM_WIJZIGING, ...DECLARATIE, ...ANTWOORD];
