import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';
import { dateOf } from '../values.ts';

/**
 * Checks across the members of a repeated class: TR101 (no two lines with the same logical key)
 * and the "same product only with periods that do not overlap" rules (the XSLT's isPeriodOverlay).
 */

const ABSENT = '\u0000';

/**
 * TR101: "de logische sleutel in combinatie met de logische sleutels van de bovenliggende
 * berichtklassen" is unique: two members with equal key values (paths relative to the member) are
 * a duplicate line. An absent or empty key element only equals another absent one (XSLT `text()`).
 */
export function duplicateKey(code: string, member: string, scope: string, key: readonly string[]): SetCheck<string> {
  const element = member.split('/').pop()!;
  return {
    kind: 'set',
    code,
    member,
    scope,
    // One key path is the common case: its value is the key, without an array per member.
    collect: (el) =>
      key.length === 1 ? el.value(key[0]) || ABSENT : key.map((path) => el.value(path) || ABSENT).join(ABSENT),
    check(members) {
      // The first member per key, and a tally only for keys that repeat: no list per member.
      const first = new Map<string, El>();
      const repeated = new Map<string, { last: El; count: number }>();
      for (const { el, summary } of members) {
        if (!first.has(summary)) {
          first.set(summary, el);
          continue;
        }
        const tally = repeated.get(summary);
        if (tally) {
          tally.last = el;
          tally.count++;
        } else repeated.set(summary, { last: el, count: 2 });
      }
      const found = [];
      for (const [summary, { last, count }] of repeated) {
        found.push({
          at: last,
          detail: `${element} komt ${count} keer voor met dezelfde sleutel (${key.join(', ')}); de eerste staat op ${first.get(summary)!.xpath()}.`,
        });
      }
      return found;
    },
  };
}

export type Period = { begin: string | undefined; end: string | undefined };

/** The XSLT's isPeriodOverlay: open ends reach forever; missing begins count as the beginning of time. */
export function periodsOverlap(a: Period, b: Period): boolean {
  const [aBegin, bBegin] = [a.begin ?? '0000-01-01', b.begin ?? '0000-01-01'];
  if (a.end && b.end) return !(a.end < bBegin || b.end < aBegin);
  if (a.end) return a.end >= bBegin;
  if (b.end) return b.end >= aBegin;
  return true;
}

/**
 * Members with the same product (key) must not have overlapping periods. `key` returns undefined
 * for members the rule does not apply to (e.g. hulpmiddelen, or no product code).
 */
export function noOverlap(
  code: string,
  member: string,
  scope: string,
  p: { key: (el: El) => string | undefined; begin: string; end: string },
): SetCheck<{ key: string; period: Period }> {
  return {
    kind: 'set',
    code,
    member,
    scope,
    collect(el) {
      const key = p.key(el);
      return key === undefined
        ? undefined
        : { key, period: { begin: dateOf(el.value(p.begin)), end: dateOf(el.value(p.end)) } };
    },
    check(members) {
      const byKey = new Map<string, { el: El; period: Period }[]>();
      for (const { el, summary } of members) {
        const list = byKey.get(summary.key);
        if (list) list.push({ el, period: summary.period });
        else byKey.set(summary.key, [{ el, period: summary.period }]);
      }
      const found = [];
      // Sorted by begin, a period overlaps an earlier one exactly when it begins before the
      // furthest end so far: n log n, also for a 25 MB message with one product throughout.
      for (const list of byKey.values()) {
        if (list.length < 2) continue;
        list.sort((a, b) => (a.period.begin ?? '').localeCompare(b.period.begin ?? '') || a.el.pos - b.el.pos);
        let furthest = list[0]!;
        for (const item of list.slice(1)) {
          if (periodsOverlap(furthest.period, item.period)) {
            found.push({
              at: item.el,
              detail: `De periode overlapt met die van hetzelfde product op ${furthest.el.xpath()}.`,
            });
          }
          if (
            furthest.period.end !== undefined &&
            (item.period.end === undefined || item.period.end > furthest.period.end)
          )
            furthest = item;
        }
      }
      return found;
    },
  };
}
