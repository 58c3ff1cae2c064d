import type { Period } from './sets.ts';

/**
 * The days covered by a growing set of periods, kept as disjoint segments sorted by begin, so
 * "does this period overlap any period added so far?" is a binary search instead of a loop over
 * every earlier member: a 25 MB message with 20,000 products of one client stays n log n.
 * Dates are `YYYY-MM-DD` text; a missing begin is the earliest day, a missing end is open, as in
 * periodsOverlap.
 */
const EARLIEST = '0000-01-01';
const OPEN = '9999-99-99';

export class PeriodUnion {
  private readonly begins: string[] = [];
  private readonly ends: string[] = [];

  overlaps(period: Period): boolean {
    const [begin, end] = bounds(period);
    // The last segment beginning on or before `end` reaches furthest of all candidates (disjoint, sorted).
    const last = this.lastBeginningBy(end);
    return last >= 0 && this.ends[last]! >= begin;
  }

  add(period: Period): void {
    const [begin, end] = bounds(period);
    const first = this.firstEndingFrom(begin);
    const last = this.lastBeginningBy(end);
    if (first > last) {
      this.begins.splice(first, 0, begin);
      this.ends.splice(first, 0, end);
      return;
    }
    const merged: [string, string] = [min(begin, this.begins[first]!), max(end, this.ends[last]!)];
    this.begins.splice(first, last - first + 1, merged[0]);
    this.ends.splice(first, last - first + 1, merged[1]);
  }

  /** Index of the last segment whose begin is on or before `day`, or -1. */
  private lastBeginningBy(day: string): number {
    let [lo, hi] = [0, this.begins.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.begins[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Index of the first segment whose end is on or after `day` (the ends rise with the begins). */
  private firstEndingFrom(day: string): number {
    let [lo, hi] = [0, this.ends.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const bounds = (p: Period): [string, string] => [p.begin ?? EARLIEST, p.end ?? OPEN];
const min = (a: string, b: string): string => (a < b ? a : b);
const max = (a: string, b: string): string => (a > b ? a : b);
