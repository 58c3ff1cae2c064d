import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';
import { xpathNumber } from './cs-bedrag.ts';

/**
 * TR358: the TotaalIngediendBedrag of a Declaratie is the sum of the IngediendBedragen of all its
 * Prestaties, debet minus credit. The Prestaties are records, released once read, so each leaves
 * only its signed amount; the total (read before the Clienten) is compared when the Declaratie ends.
 *
 * As the XSLT does it: the sum is an XPath number (a Bedrag that is no number makes it NaN), it is
 * written as `formatNumber` writes it (no leading zeros, a minus sign, '' for NaN) and compared
 * as text with the TotaalBedrag: with DebetCredit D it must be the sum, with C the sum negated.
 * With another DebetCredit nothing is checked. Reported at the TotaalBedrag, one of the XSLT's
 * Locaties (DebetCredit, TotaalBedrag and every IngediendBedrag).
 */
export function totalOfLines(
  code: string,
  p: { member: string; scope: string; line: string; total: string },
): SetCheck<number> {
  return {
    kind: 'set',
    code,
    member: p.member,
    scope: p.scope,
    collect: (member) => signedAmount(member.at(p.line)),
    check(members, scope) {
      const total = scope.at(p.total);
      const debetCredit = total?.value('DebetCredit');
      if (!total || (debetCredit !== 'D' && debetCredit !== 'C')) return undefined;
      const sum = members.reduce((acc, m) => acc + m.summary, 0);
      const expected = formatNumber(debetCredit === 'D' ? sum : 0 - sum);
      const bedrag = total.at('TotaalBedrag');
      const written = bedrag?.value() ?? '';
      if (written === expected) return undefined;
      return {
        at: bedrag ?? total.at('DebetCredit'),
        detail: `TotaalBedrag ${written || '(leeg)'} ${debetCredit} is niet de som van de ${members.length} ingediende bedragen (${describe(sum)}).`,
      };
    },
  };
}

/** A line's amount, positive for debet and negative for credit; another DebetCredit counts for nothing. */
export function signedAmount(line: El | undefined): number {
  const debetCredit = line?.value('DebetCredit');
  if (debetCredit !== 'D' && debetCredit !== 'C') return 0;
  const amount = xpathNumber(line!.value('Bedrag'));
  return debetCredit === 'D' ? amount : -amount;
}

/** The XSLT's formatNumber for the integers amounts are: digits with a leading minus, '' for NaN. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '';
  return n === 0 ? '0' : String(n);
}

function describe(sum: number): string {
  if (Number.isNaN(sum)) return 'geen getal';
  return sum < 0 ? `${-sum} credit` : `${sum} debet`;
}
