import type { El } from '../element.ts';
import { MAX_FINDINGS_PER_CODE } from '../limits.ts';
import type { SetCheck, Violation } from '../types.ts';
import { dateOf } from '../values.ts';
import { PeriodUnion } from './period-union.ts';
import { periodsOverlap, type Period } from './sets.ts';

/**
 * "Een Product mag alleen vaker voorkomen indien de zorgperiodes elkaar niet overlappen" (TR302)
 * as the XSLT decides it, each member against every earlier one: two members are the same
 * product when their Categorie is equal and their Code is equal or missing on either, and a
 * member without Categorie and Code is the same product as any other. `skip` leaves members out
 * altogether (hulpmiddelen in iWmo, assignments withdrawn on their first day).
 *
 * A member is reported once, at itself, naming the first earlier member it overlaps; the XSLT
 * reports every overlapping pair, which for 20,000 products of one client would be 200 million
 * findings. The earlier members' periods are kept as unions per kind of product, so the check is
 * n log n; only a period that ends before it begins (CS003's to report) makes it compare pair by pair.
 */
type Product = { categorie: string | undefined; code: string | undefined; period: Period };
type Member = { el: El; summary: Product };

export function productOverlap(
  code: string,
  p: { member: string; scope: string; begin: string; end: string; skip?: (member: El) => boolean },
): SetCheck<Product> {
  return {
    kind: 'set',
    code,
    member: p.member,
    scope: p.scope,
    collect(el) {
      if (p.skip?.(el)) return undefined;
      return {
        categorie: textAt(el, 'Product/Categorie'),
        code: textAt(el, 'Product/Code'),
        period: { begin: dateOf(el.value(p.begin)), end: dateOf(el.value(p.end)) },
      };
    },
    check(members) {
      const found: Violation[] = [];
      const overlapping = members.some((m) => inverted(m.summary.period))
        ? overlapsEarlierPairwise
        : overlapsEarlierByUnion();
      members.forEach((member, i) => {
        if (!overlapping(members, i)) return;
        // Only the first findings are listed (the rest are counted), so only they name their partner.
        const earlier = found.length < MAX_FINDINGS_PER_CODE ? members[firstEarlierClash(members, i)] : undefined;
        found.push({
          at: member.el,
          detail: earlier
            ? `Hetzelfde product als op ${earlier.el.xpath()}, met een overlappende periode.`
            : 'Hetzelfde product als eerder in het bericht, met een overlappende periode.',
        });
      });
      return found;
    },
  };
}

/**
 * The text at a path, undefined when the element is absent. At module level, not a closure per
 * member: under tsx every named closure made is also given its name at run time (esbuild's keepNames).
 */
const textAt = (el: El, path: string): string | undefined => (el.at(path) ? el.value(path) : undefined);

const inverted = (p: Period): boolean => p.begin !== undefined && p.end !== undefined && p.end < p.begin;

const clash = (a: Member, b: Member): boolean =>
  sameProduct(a.summary, b.summary) && periodsOverlap(a.summary.period, b.summary.period);

/** The first member before `i` that is the same product with an overlapping period, or -1. */
function firstEarlierClash(members: readonly Member[], i: number): number {
  for (let j = 0; j < i; j++) if (clash(members[i]!, members[j]!)) return j;
  return -1;
}

const overlapsEarlierPairwise = (members: readonly Member[], i: number): boolean => firstEarlierClash(members, i) >= 0;

/**
 * Per kind of product, the union of the earlier members' periods; called with i = 0, 1, 2, … in
 * turn. What a member is the same product as (sameProduct): with Categorie and Code, those with
 * both equal, those of its Categorie without Code, and those with neither; with only a Categorie,
 * all of its Categorie and those with neither; with only a Code, those with neither; with
 * neither, every member.
 */
function overlapsEarlierByUnion(): (members: readonly Member[], i: number) => boolean {
  const all = new PeriodUnion();
  const neither = new PeriodUnion();
  const byCategorie = new Map<string, PeriodUnion>();
  const withoutCode = new Map<string, PeriodUnion>();
  const exact = new Map<string, PeriodUnion>();
  const union = (map: Map<string, PeriodUnion>, key: string): PeriodUnion => {
    let u = map.get(key);
    if (!u) map.set(key, (u = new PeriodUnion()));
    return u;
  };
  return (members, i) => {
    const { categorie, code, period } = members[i]!.summary;
    const exactKey = `${categorie}\u0000${code}`;
    const candidates =
      categorie === undefined
        ? code === undefined
          ? [all]
          : [neither]
        : code === undefined
          ? [union(byCategorie, categorie), neither]
          : [union(exact, exactKey), union(withoutCode, categorie), neither];
    const overlaps = candidates.some((u) => u.overlaps(period));
    all.add(period);
    if (categorie === undefined && code === undefined) neither.add(period);
    if (categorie !== undefined) union(byCategorie, categorie).add(period);
    if (categorie !== undefined && code === undefined) union(withoutCode, categorie).add(period);
    if (categorie !== undefined && code !== undefined) union(exact, exactKey).add(period);
    return overlaps;
  };
}

function sameProduct(a: Product, b: Product): boolean {
  if ((a.categorie === undefined && a.code === undefined) || (b.categorie === undefined && b.code === undefined))
    return true;
  if (a.categorie === undefined || b.categorie === undefined || a.categorie !== b.categorie) return false;
  return a.code === undefined || b.code === undefined || a.code === b.code;
}
