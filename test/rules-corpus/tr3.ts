import type { Mutable } from '../helpers/mutate.ts';
import { both, text, breaks, satisfies, type CorpusCase } from './case.ts';

/** Cases for TR383–TR418: TR383 and TR386 (315), TR410 (317), TR416 (323) and iJw's TR409 (319). */

const AP = 'Client/AangevraagdeProducten/AangevraagdProduct';
const NP = 'Client/Verzoek/NieuweProducten/NieuwProduct';
const PRESTATIES = 'Declaratie/Clienten/Client[1]/Prestaties/Prestatie';

/** Gives the element at `to` the text of the one at `from`, for each relative path. */
const copy = (m: Mutable, from: string, to: string, paths: readonly string[]): Mutable => {
  for (const path of paths) m.set(`${to}/${path}`, text(m, `${from}/${path}`));
  return m;
};
const PRODUCT = ['Product/Categorie', 'Product/Code'];
/** The first and last day of the month `shift` months from the month of `date`. */
const month = (date: string, shift: number): [string, string] => {
  const [year, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, m - 1 + shift, 1));
  const last = new Date(Date.UTC(year, m + shift, 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
};

/** The second AangevraagdProduct becomes the first one's product, from the day after the first ends. */
function sameProductAfterwards(m: Mutable): Mutable {
  const [begin, end] = month(text(m, `${AP}[1]/ToewijzingEinddatum`), 1);
  return copy(m, `${AP}[1]`, `${AP}[2]`, PRODUCT)
    .set(`${AP}[2]/ToewijzingIngangsdatum`, begin)
    .set(`${AP}[2]/ToewijzingEinddatum`, end);
}

const VERZOEK_OM_TOEWIJZING = both((p) => [
  breaks(
    'TR383',
    `${p}315`,
    "the second AangevraagdProduct with the first one's ReferentieAanbieder",
    (m) => copy(m, `${AP}[1]`, `${AP}[2]`, ['ReferentieAanbieder']),
    ['TR101'],
  ),
  satisfies('TR383', `${p}315`, 'two AangevraagdProducten with their own ReferentieAanbieder'),
  breaks('TR386', `${p}315`, 'two AangevraagdProducten of the same product in the same period', (m) =>
    copy(m, `${AP}[1]`, `${AP}[2]`, PRODUCT),
  ),
  satisfies('TR386', `${p}315`, 'the same product again from the month after the first ends', sameProductAfterwards),
]);

/** A second NieuwProduct of the same product, starting `start` and ending `end`. */
const secondNieuwProduct = (start: (m: Mutable) => string, end: (m: Mutable) => string) => (m: Mutable) =>
  m.duplicate(NP, (c, at) => c.set(`${at}/GewensteIngangsdatum`, start(c)).set(`${at}/Einddatum`, end(c)));
const dayAfter = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const firstEnd = (m: Mutable): string => text(m, `${NP}[1]/Einddatum`);
const firstEndMonth = (m: Mutable): string => month(firstEnd(m), 0)[0];

const VERZOEK_OM_WIJZIGING = both((p) => [
  breaks(
    'TR410',
    `${p}317`,
    'a second NieuwProduct of the same product in the month the first ends',
    secondNieuwProduct(firstEndMonth, firstEnd),
  ),
  satisfies(
    'TR410',
    `${p}317`,
    'a second NieuwProduct of the same product starting the day after the first ends',
    secondNieuwProduct(
      (m) => dayAfter(firstEnd(m)),
      (m) => dayAfter(dayAfter(firstEnd(m))),
    ),
  ),
]);

/** iWmo leaves hulpmiddelen (ProductCategorie 11 to 14) out of TR386 and TR410; iJw has no such exception. */
const HULPMIDDELEN: readonly CorpusCase[] = [
  satisfies('TR386', 'WMO315', 'two AangevraagdProducten of the same hulpmiddel in the same period', (m) =>
    m.setAll(`${AP}/Product/Categorie`, '12').setAll(`${AP}/Product/Code`, '12A01'),
  ),
  satisfies('TR410', 'WMO317', 'two NieuwProducten of the same hulpmiddel in overlapping periods', (m) =>
    secondNieuwProduct(
      firstEndMonth,
      firstEnd,
    )(m.set(`${NP}/Product/Categorie`, '12').set(`${NP}/Product/Code`, '12A01')),
  ),
];

const DECLARATIE = both((p) => [
  breaks('TR416', `${p}323`, "a second debet Prestatie for the first one's assignment, product and period", (m) =>
    copy(m, `${PRESTATIES}[1]`, `${PRESTATIES}[2]`, ['ToewijzingNummer', 'ProductCode']),
  ),
  satisfies(
    'TR416',
    `${p}323`,
    'a second debet Prestatie for the same assignment and product in the month before',
    (m) => {
      const [begin, end] = month(text(m, `${PRESTATIES}[1]/ProductPeriode/Begindatum`), -1);
      copy(m, `${PRESTATIES}[1]`, `${PRESTATIES}[2]`, ['ToewijzingNummer', 'ProductCode']);
      return m
        .set(`${PRESTATIES}[2]/ProductPeriode/Begindatum`, begin)
        .set(`${PRESTATIES}[2]/ProductPeriode/Einddatum`, end);
    },
  ),
]);

const ANTWOORD: readonly CorpusCase[] = [
  breaks('TR409', 'JW319', 'RedenAfwijzingVerzoek 1 with a Woonplaatsbeginsel', (m) =>
    m.set('Antwoord/RedenAfwijzingVerzoek', '1'),
  ),
  satisfies('TR409', 'JW319', 'RedenAfwijzingVerzoek 1 without Woonplaatsbeginsel', (m) =>
    m.set('Antwoord/RedenAfwijzingVerzoek', '1').remove('Antwoord/Woonplaatsbeginsel'),
  ),
];

export const CASES: readonly CorpusCase[] = [
  ...VERZOEK_OM_TOEWIJZING,
  ...VERZOEK_OM_WIJZIGING,
  ...HULPMIDDELEN,
  ...DECLARATIE,
  ...ANTWOORD,
];
