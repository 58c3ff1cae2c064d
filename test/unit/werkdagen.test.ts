import { describe, expect, it } from 'vitest';
import { addWerkdagen, isWerkdag } from '../../domain/werkdagen.ts';

/** An instant at Amsterdam wall-clock time, written with its explicit offset (+01:00 winter, +02:00 summer). */
const at = (isoWithOffset: string): Date => new Date(isoWithOffset);

describe('isWerkdag', () => {
  it('is true on an ordinary weekday and false in the weekend', () => {
    expect(isWerkdag(at('2025-03-12T09:00:00+01:00'))).toBe(true); // Wednesday
    expect(isWerkdag(at('2025-03-15T09:00:00+01:00'))).toBe(false); // Saturday
    expect(isWerkdag(at('2025-03-16T09:00:00+01:00'))).toBe(false); // Sunday
  });

  it('treats Koningsdag, Tweede paasdag, Hemelvaartsdag, Tweede pinksterdag and Kerst as holidays', () => {
    expect(isWerkdag(at('2026-04-27T12:00:00+02:00'))).toBe(false); // Koningsdag, a Monday
    expect(isWerkdag(at('2025-04-21T12:00:00+02:00'))).toBe(false); // Tweede paasdag
    expect(isWerkdag(at('2025-05-29T12:00:00+02:00'))).toBe(false); // Hemelvaartsdag
    expect(isWerkdag(at('2025-06-09T12:00:00+02:00'))).toBe(false); // Tweede pinksterdag
    expect(isWerkdag(at('2025-12-25T12:00:00+01:00'))).toBe(false); // Eerste kerstdag
    expect(isWerkdag(at('2025-12-26T12:00:00+01:00'))).toBe(false); // Tweede kerstdag
    expect(isWerkdag(at('2026-01-01T12:00:00+01:00'))).toBe(false); // Nieuwjaarsdag
  });

  it('treats Bevrijdingsdag as a holiday every year and Goede Vrijdag as a werkdag', () => {
    expect(isWerkdag(at('2026-05-05T12:00:00+02:00'))).toBe(false); // Tuesday, not a lustrum year
    expect(isWerkdag(at('2025-04-18T12:00:00+02:00'))).toBe(true); // Goede Vrijdag
  });

  it('uses the Amsterdam calendar day, not the UTC one', () => {
    // 23:30 UTC on Friday 2025-12-26 (Tweede kerstdag) is already Saturday in Amsterdam.
    expect(isWerkdag(new Date('2025-12-26T23:30:00Z'))).toBe(false);
    // 23:30 UTC on Sunday 2025-03-09 is Monday 00:30 in Amsterdam.
    expect(isWerkdag(new Date('2025-03-09T23:30:00Z'))).toBe(true);
  });
});

describe('addWerkdagen', () => {
  it('skips a weekend and keeps the time of day', () => {
    expect(addWerkdagen(at('2025-03-14T10:15:00+01:00'), 1)).toEqual(at('2025-03-17T10:15:00+01:00'));
    expect(addWerkdagen(at('2025-03-12T10:15:00+01:00'), 5)).toEqual(at('2025-03-19T10:15:00+01:00'));
  });

  it('starts counting on the next day when it starts in a weekend', () => {
    expect(addWerkdagen(at('2025-03-15T08:00:00+01:00'), 1)).toEqual(at('2025-03-17T08:00:00+01:00'));
  });

  it('skips Pasen and Tweede paasdag', () => {
    // Thursday 17 April 2025 + 2: Goede Vrijdag 18, weekend, Tweede paasdag 21, so Tuesday 22.
    expect(addWerkdagen(at('2025-04-17T09:00:00+02:00'), 2)).toEqual(at('2025-04-22T09:00:00+02:00'));
  });

  it('skips Koningsdag', () => {
    // Friday 24 April 2026 + 1: weekend, Koningsdag Monday 27, so Tuesday 28.
    expect(addWerkdagen(at('2026-04-24T09:00:00+02:00'), 1)).toEqual(at('2026-04-28T09:00:00+02:00'));
  });

  it('skips Pinksteren and Tweede pinksterdag', () => {
    // Friday 6 June 2025 + 1: weekend with Pinksteren, Tweede pinksterdag Monday 9, so Tuesday 10.
    expect(addWerkdagen(at('2025-06-06T16:00:00+02:00'), 1)).toEqual(at('2025-06-10T16:00:00+02:00'));
  });

  it('skips Kerst and crosses the year boundary past Nieuwjaarsdag', () => {
    // Wednesday 24 Dec 2025 + 3: Kerst 25/26, weekend, Mon 29, Tue 30, Wed 31 → Wed 31.
    expect(addWerkdagen(at('2025-12-24T14:00:00+01:00'), 3)).toEqual(at('2025-12-31T14:00:00+01:00'));
    // + 4: Nieuwjaarsdag Thursday 1 Jan 2026 is skipped → Friday 2 Jan 2026.
    expect(addWerkdagen(at('2025-12-24T14:00:00+01:00'), 4)).toEqual(at('2026-01-02T14:00:00+01:00'));
  });

  it('keeps the Amsterdam wall-clock time across the switch to summer time', () => {
    // Friday 28 March 2025 10:00 CET + 1 → Monday 31 March 10:00 CEST (one hour less in UTC terms).
    expect(addWerkdagen(at('2025-03-28T10:00:00+01:00'), 1)).toEqual(at('2025-03-31T10:00:00+02:00'));
  });

  it('returns the same moment for 0 and rejects negative or fractional counts', () => {
    const from = at('2025-03-15T08:00:00+01:00');
    expect(addWerkdagen(from, 0)).toEqual(from);
    expect(() => addWerkdagen(from, -1)).toThrow(RangeError);
    expect(() => addWerkdagen(from, 1.5)).toThrow(RangeError);
  });
});
