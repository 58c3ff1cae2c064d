import type { El } from '../element.ts';
import type { Check, CheckResult } from '../types.ts';
import { xpathNumber } from './cs-bedrag.ts';
import { signedAmount } from './totaal-bedrag.ts';

/**
 * TR342 on a declaratie-antwoord: only rejected Prestaties are sent back, so (as the XSLT
 * computes it, debet positive and credit negative) the IngediendBedragen of the Prestaties add up
 * to TotaalIngediendBedrag minus TotaalToegekendBedrag. When the DeclaratieAntwoord itself has a
 * RetourCode other than 0200 or 8001 (the whole declaratie is rejected), TotaalToegekendBedrag
 * must be 0 instead.
 *
 * The Prestaties are records, so a set check sums them when the DeclaratieAntwoord ends. Without
 * Clienten there is no Prestatie to collect and the set check does not run; the element check
 * covers that case with a sum of 0 (the XSDs allow Clienten only with a Prestatie in it).
 */
const ACCEPTED = new Set(['0200', '8001']);

function toegekend(antwoord: El, sum: number): CheckResult {
  const ingediend = antwoord.at('TotaalIngediendBedrag');
  const toegekendAt = antwoord.at('TotaalToegekendBedrag');
  const [v5, v4] = [signedTotal(ingediend), signedTotal(toegekendAt)];
  const rejected = antwoord.all('RetourCodes/RetourCode').some((c) => !ACCEPTED.has(c.value() ?? ''));
  if (rejected) {
    if (v4 === 0) return undefined;
    return {
      at: toegekendAt ?? antwoord,
      detail: 'De declaratie is in zijn geheel afgewezen, maar TotaalToegekendBedrag is niet 0.',
    };
  }
  const expected = v5 - v4;
  if (sum === expected || (Number.isNaN(sum) && Number.isNaN(expected))) return undefined;
  return {
    at: ingediend ?? antwoord,
    detail: `De afgewezen Prestaties tellen op tot ${describe(sum)}, niet tot TotaalIngediendBedrag min TotaalToegekendBedrag (${describe(expected)}).`,
  };
}

/** The XSLT's number(TotaalBedrag), negated for credit. */
function signedTotal(total: El | undefined): number {
  const amount = xpathNumber(total?.value('TotaalBedrag'));
  return total?.value('DebetCredit') === 'C' ? -amount : amount;
}

function describe(n: number): string {
  if (Number.isNaN(n)) return 'geen getal';
  return n < 0 ? `${-n} credit` : `${n} debet`;
}

export function rejectedLinesOnly(code: string): readonly Check[] {
  return [
    {
      kind: 'set',
      code,
      member: 'Prestaties/Prestatie',
      scope: 'DeclaratieAntwoord',
      collect: (prestatie: El) => signedAmount(prestatie.at('IngediendBedrag')),
      check: (members: readonly { summary: number }[], antwoord: El) =>
        toegekend(
          antwoord,
          members.reduce((acc, m) => acc + m.summary, 0),
        ),
    },
    {
      kind: 'element',
      code,
      context: 'Bericht/DeclaratieAntwoord',
      check: (antwoord) => (antwoord.at('Clienten') ? undefined : toegekend(antwoord, 0)),
    },
  ];
}
