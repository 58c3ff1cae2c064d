import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';

/**
 * The ProductReferentie rules of a declaratie, across all its Prestaties (of every client):
 * TR315, no two Prestaties with the same VorigReferentieNummer; TR316, no Prestatie credits
 * (VorigReferentieNummer) a line of the same message (its ReferentieNummer), itself included.
 * The Prestaties are records, released once read, so each leaves its two numbers and the
 * element of its VorigReferentieNummer, where the XSLT reports.
 */
type Referentie = { nummer: string | undefined; vorig: string | undefined; vorigAt: El | undefined };

function collectReferentie(prestatie: El): Referentie {
  const vorigAt = prestatie.at('ProductReferentie/VorigReferentieNummer');
  return {
    nummer: prestatie.value('ProductReferentie/ReferentieNummer') || undefined,
    vorig: vorigAt?.value() || undefined,
    vorigAt,
  };
}

type Members = readonly { el: El; summary: Referentie }[];

function referentieCheck(
  code: string,
  p: { member: string; scope: string },
  check: (members: Members) => { at: El; detail: string }[],
): SetCheck<Referentie> {
  return { kind: 'set', code, member: p.member, scope: p.scope, collect: collectReferentie, check };
}

/** TR315: each later Prestatie with a VorigReferentieNummer already used is reported. */
export const uniqueVorigReferentie = (code: string, p: { member: string; scope: string }): SetCheck<Referentie> =>
  referentieCheck(code, p, (members) => {
    const first = new Map<string, El>();
    const found = [];
    for (const { el, summary } of members) {
      if (!summary.vorig) continue;
      const earlier = first.get(summary.vorig);
      if (earlier)
        found.push({
          at: summary.vorigAt ?? el,
          detail: `VorigReferentieNummer ${summary.vorig} staat ook bij ${earlier.xpath()}.`,
        });
      else first.set(summary.vorig, el);
    }
    return found;
  });

/** TR316: a VorigReferentieNummer may not be the ReferentieNummer of any Prestatie in the message. */
export const noCreditOfOwnLines = (code: string, p: { member: string; scope: string }): SetCheck<Referentie> =>
  referentieCheck(code, p, (members) => {
    const byNummer = new Map<string, El>();
    for (const { el, summary } of members)
      if (summary.nummer && !byNummer.has(summary.nummer)) byNummer.set(summary.nummer, el);
    const found = [];
    for (const { el, summary } of members) {
      const debet = summary.vorig ? byNummer.get(summary.vorig) : undefined;
      if (!debet) continue;
      const where = debet === el ? 'deze Prestatie zelf' : debet.xpath();
      found.push({
        at: summary.vorigAt ?? el,
        detail: `VorigReferentieNummer ${summary.vorig} is het ReferentieNummer van ${where}, in hetzelfde bericht.`,
      });
    }
    return found;
  });
