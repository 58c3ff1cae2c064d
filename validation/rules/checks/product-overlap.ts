import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';
import { dateOf } from '../values.ts';
import { periodsOverlap, type Period } from './sets.ts';

/**
 * "Een Product mag alleen vaker voorkomen indien de zorgperiodes elkaar niet overlappen" (TR302)
 * as the XSLT decides it, pair by pair with every earlier member: two members are the same
 * product when their Categorie is equal and their Code is equal or missing on either, and a
 * member without Categorie and Code is the same product as any other. `skip` leaves members out
 * altogether (hulpmiddelen in iWmo, assignments withdrawn on their first day).
 */
type Product = { categorie: string | undefined; code: string | undefined; period: Period };

export function productOverlap(code: string, p: { member: string; scope: string; begin: string; end: string; skip?: (member: El) => boolean }): SetCheck<Product> {
  return {
    kind: 'set',
    code,
    member: p.member,
    scope: p.scope,
    collect(el) {
      if (p.skip?.(el)) return undefined;
      const text = (path: string) => (el.at(path) ? el.value(path) : undefined);
      return { categorie: text('Product/Categorie'), code: text('Product/Code'), period: { begin: dateOf(el.value(p.begin)), end: dateOf(el.value(p.end)) } };
    },
    check(members) {
      const found = [];
      // Pair by pair, as the XSLT does: the members of one scope (a client's products) are few.
      for (let i = 1; i < members.length; i++) {
        for (let j = 0; j < i; j++) {
          const [later, earlier] = [members[i]!, members[j]!];
          if (!sameProduct(later.summary, earlier.summary) || !periodsOverlap(later.summary.period, earlier.summary.period)) continue;
          found.push({ at: later.el, detail: `Hetzelfde product als op ${earlier.el.xpath()}, met een overlappende periode.` });
        }
      }
      return found;
    },
  };
}

function sameProduct(a: Product, b: Product): boolean {
  if ((a.categorie === undefined && a.code === undefined) || (b.categorie === undefined && b.code === undefined)) return true;
  if (a.categorie === undefined || b.categorie === undefined || a.categorie !== b.categorie) return false;
  return a.code === undefined || b.code === undefined || a.code === b.code;
}
