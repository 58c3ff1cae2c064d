import { describe, expect, it } from 'vitest';
import { PeriodUnion } from '../../validation/rules/checks/period-union.ts';
import { productOverlap } from '../../validation/rules/checks/product-overlap.ts';
import { repeatedKey } from '../../validation/rules/checks/repeated-key.ts';
import { periodsOverlap, type Period } from '../../validation/rules/checks/sets.ts';
import type { El } from '../../validation/rules/element.ts';
import type { MessageContext, Violation } from '../../validation/rules/types.ts';

// The set checks that compare members with earlier members: the same verdicts as the XSLT's pair
// loops, at n log n (or n), so that a 25 MB message cannot make a validation thread run out of memory.

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (n: number): string => `2023-01-${String(n).padStart(2, '0')}`;
const pick = <T>(next: () => number, options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
const element = (i: number) => ({ xpath: () => `/Bericht/P[${i + 1}]`, pos: i }) as unknown as El;
const context = {} as MessageContext;

function randomPeriod(next: () => number): Period {
  const begin = next() < 0.1 ? undefined : 1 + Math.floor(next() * 25);
  const end = next() < 0.1 ? undefined : (begin ?? 1) + Math.floor(next() * 5);
  return {
    begin: begin === undefined ? undefined : day(begin),
    end: end === undefined ? undefined : day(Math.min(end, 31)),
  };
}

describe('PeriodUnion', () => {
  it('says whether a period overlaps any added so far, as periodsOverlap pair by pair would', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const union = new PeriodUnion();
      const added: Period[] = [];
      for (let i = 0; i < 30; i++) {
        const period = randomPeriod(next);
        expect(
          union.overlaps(period),
          `seed ${seed}, period ${i}: ${JSON.stringify(period)} against ${JSON.stringify(added)}`,
        ).toBe(added.some((a) => periodsOverlap(a, period)));
        union.add(period);
        added.push(period);
      }
    }
  });

  it('keeps days that only touch apart: 1–5 and 6–9 leave nothing to overlap on the 5th and 6th together', () => {
    const union = new PeriodUnion();
    union.add({ begin: day(1), end: day(5) });
    expect(union.overlaps({ begin: day(6), end: day(9) })).toBe(false);
    union.add({ begin: day(7), end: day(9) });
    expect(union.overlaps({ begin: day(6), end: day(6) })).toBe(false);
    expect(union.overlaps({ begin: day(5), end: day(7) })).toBe(true);
  });
});

describe('productOverlap', () => {
  const check = productOverlap('TR302', {
    member: 'ToegewezenProducten/ToegewezenProduct',
    scope: 'ToegewezenProducten',
    begin: 'Ingangsdatum',
    end: 'Einddatum',
  });
  const reported = (found: ReturnType<typeof check.check>): number[] =>
    ((found ?? []) as Violation[]).map((v) => (v.at as unknown as { pos: number }).pos);

  it('reports each member that is the same product as an earlier one with an overlapping period, once', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const members = Array.from({ length: 25 }, (_, i) => {
        const categorie = pick(next, ['01', '02', undefined]);
        const code = pick(next, ['A', 'B', undefined]);
        // Now and then a period that ends before it begins (CS003's to report): the pairwise path.
        const period = seed % 10 === 0 && i === 3 ? { begin: day(9), end: day(2) } : randomPeriod(next);
        return { el: element(i), summary: { categorie, code, period } };
      });
      const same = (a: (typeof members)[0]['summary'], b: (typeof members)[0]['summary']) =>
        (a.categorie === undefined && a.code === undefined) ||
        (b.categorie === undefined && b.code === undefined) ||
        (a.categorie !== undefined &&
          a.categorie === b.categorie &&
          (a.code === undefined || b.code === undefined || a.code === b.code));
      const expected = members.flatMap((m, i) =>
        members
          .slice(0, i)
          .some((e) => same(m.summary, e.summary) && periodsOverlap(m.summary.period, e.summary.period))
          ? [i]
          : [],
      );
      expect(reported(check.check(members, element(-1), context)), `seed ${seed}`).toEqual(expected);
    }
  });

  it('names the first earlier member it overlaps', () => {
    const members = [
      { el: element(0), summary: { categorie: '01', code: 'A', period: { begin: day(1), end: day(3) } } },
      { el: element(1), summary: { categorie: '01', code: 'A', period: { begin: day(10), end: day(12) } } },
      { el: element(2), summary: { categorie: '01', code: 'A', period: { begin: day(11), end: day(11) } } },
    ];
    const found = check.check(members, element(-1), context) as Violation[];
    expect(found.map((f) => f.detail)).toEqual([
      'Hetzelfde product als op /Bericht/P[2], met een overlappende periode.',
    ]);
  });

  it('gives 20,000 overlapping products 20,000 findings, not one per pair', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => ({
      el: element(i),
      summary: { categorie: '01', code: 'A', period: { begin: day(1), end: day(2) } },
    }));
    expect((check.check(members, element(-1), context) as Violation[]).length).toBe(19_999);
  });
});

describe('repeatedKey', () => {
  const check = repeatedKey('TR383', {
    member: 'X',
    scope: 'Bericht',
    key: () => undefined,
    what: 'ReferentieAanbieder',
  });

  it('reports every repeat once, naming the first member with that key', () => {
    const members = ['a', 'b', 'a', 'a', 'c', 'b'].map((key, i) => ({ el: element(i), summary: key }));
    const found = check.check(members, element(-1), context) as Violation[];
    expect(found.map((f) => [(f.at as unknown as { pos: number }).pos, f.detail])).toEqual([
      [2, 'X met ReferentieAanbieder gelijk aan die op /Bericht/P[1].'],
      [3, 'X met ReferentieAanbieder gelijk aan die op /Bericht/P[1].'],
      [5, 'X met ReferentieAanbieder gelijk aan die op /Bericht/P[2].'],
    ]);
  });
});
