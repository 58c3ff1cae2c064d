import { both, breaks, satisfies, type CorpusCase } from './case.ts';

/** Cases for the rules checked before the full rule set: CS002, CS003, TR018, TR101, TR134, TR137. */

const TP = 'Client/ToegewezenProducten/ToegewezenProduct';

export const CASES: readonly CorpusCase[] = both((p) => [
  breaks('CS002', `${p}301`, 'Bsn 123456789 fails the 11-proef', (m) => m.set('Client/Bsn', '123456789')),
  satisfies('CS002', `${p}301`, 'Bsn 999900006 passes the 11-proef'),
  breaks('CS003', `${p}301`, 'ToegewezenProduct Einddatum before its Ingangsdatum', (m) =>
    m.set(`${TP}/Einddatum`, '2022-12-31'),
  ),
  satisfies('CS003', `${p}301`, 'ToegewezenProduct ends on its Ingangsdatum', (m) =>
    m.set(`${TP}/Einddatum`, m.all(`${TP}/Ingangsdatum`)[0]!.textContent!),
  ),
  // The copy is another product: the same one twice would overlap in time as well (TR302).
  breaks('TR101', `${p}301`, 'two ToegewezenProducten with the same ToewijzingNummer', (m) =>
    m.duplicate(TP, (copy, at) => copy.set(`${at}/Product/Code`, '99X99')),
  ),
  // Another product code, so the two do not overlap as the same product (TR302).
  satisfies('TR101', `${p}301`, 'a second ToegewezenProduct with its own ToewijzingNummer', (m) =>
    m.duplicate(TP, (copy, at) => copy.set(`${at}/ToewijzingNummer`, '999').set(`${at}/Product/Code`, '99X99')),
  ),
  breaks('TR134', `${p}301`, 'Toewijzingsdatum the day after the Dagtekening', (m) =>
    m.set(`${TP}/Toewijzingsdatum`, dayAfter(m.all('Header/BerichtIdentificatie/Dagtekening')[0]!.textContent!)),
  ),
  satisfies('TR134', `${p}301`, 'Toewijzingsdatum on the Dagtekening', (m) =>
    m.set(`${TP}/Toewijzingsdatum`, m.all('Header/BerichtIdentificatie/Dagtekening')[0]!.textContent!),
  ),
  breaks('TR018', `${p}307`, 'StopProduct Einddatum before its Begindatum', (m) =>
    m.set('Client/StopProducten/StopProduct/Einddatum', '2000-01-01'),
  ),
  satisfies('TR018', `${p}307`, 'StopProduct ends on its Begindatum', (m) =>
    m.set(
      'Client/StopProducten/StopProduct/Einddatum',
      m.all('Client/StopProducten/StopProduct/Begindatum')[0]!.textContent!,
    ),
  ),
  // The Dagtekening moves before the end of the period, not the end past the month: a ProductPeriode stays in one month
  // (CS337).
  breaks('TR137', `${p}323`, 'ProductPeriode Einddatum after the Dagtekening', (m) =>
    m.set(
      'Header/BerichtIdentificatie/Dagtekening',
      dayBefore(
        m.all('Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum')[0]!.textContent!,
      ),
    ),
  ),
  satisfies('TR137', `${p}323`, 'ProductPeriode within the DeclaratiePeriode, before the Dagtekening'),
]);

function dayAfter(iso: string, days = 1): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dayBefore = (iso: string): string => dayAfter(iso, -1);
