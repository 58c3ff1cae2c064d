import Holidays from 'date-holidays';

/**
 * Werkdagen (working days) on the Dutch calendar: Monday to Friday, except public holidays,
 * counted in Europe/Amsterdam calendar days whatever the server's time zone.
 *
 * Holidays come from `date-holidays` (country NL), type 'public' only. That set is Nieuwjaar,
 * Pasen and Tweede paasdag, Koningsdag (moved to Saturday when 27 April is a Sunday),
 * Hemelvaartsdag, Pinksteren and Tweede pinksterdag, and both Kerstdagen. date-holidays types
 * Bevrijdingsdag (5 mei) and Goede Vrijdag as 'school', not 'public'. We add 5 mei every year
 * anyway: the Algemene termijnenwet (art. 3) counts "de vijfde mei" as an algemeen erkende
 * feestdag every year, and deadlines set by a government body follow that law. Goede Vrijdag is
 * not in that law and stays a werkdag.
 *
 * Not used by workflow code (date-holidays is large); workflows get dates through an activity.
 */

const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 24 * 60 * 60 * 1000;
const EXTRA_HOLIDAYS_MM_DD = ['05-05'];

const holidays = new Holidays('NL', { timezone: TIME_ZONE, types: ['public'] });
const holidaysByYear = new Map<number, Set<string>>();

function publicHolidays(year: number): Set<string> {
  let set = holidaysByYear.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    for (const mmdd of EXTRA_HOLIDAYS_MM_DD) set.add(`${year}-${mmdd}`);
    holidaysByYear.set(year, set);
  }
  return set;
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function amsterdamParts(instant: Date): LocalParts {
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(partsFormat.formatToParts(instant).find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Local wall-clock time expressed as if it were UTC, minus the instant: the zone offset then. */
function offsetAt(instantMs: number): number {
  const p = amsterdamParts(new Date(instantMs));
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** The instant at which Amsterdam wall-clock time reads `wallAsUtcMs` (interpreted as UTC fields). */
function fromAmsterdamWallClock(wallAsUtcMs: number): Date {
  const first = wallAsUtcMs - offsetAt(wallAsUtcMs);
  const second = wallAsUtcMs - offsetAt(first);
  return new Date(second);
}

/** A calendar day as a UTC-midnight counter: weekday and ISO date without zone arithmetic. */
function isWerkdagDay(dayUtcMs: number): boolean {
  const d = new Date(dayUtcMs);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10));
}

/** True when the Amsterdam calendar day of `date` is a werkdag. */
export function isWerkdag(date: Date): boolean {
  const p = amsterdamParts(date);
  return isWerkdagDay(Date.UTC(p.year, p.month - 1, p.day));
}

/**
 * The moment `n` werkdagen after `from`, at the same Amsterdam wall-clock time (so 10:00 on a
 * Friday in winter plus one werkdag is 10:00 the next Monday, also across a DST change). Days are
 * counted from the day after `from`, so `from` itself need not be a werkdag; n = 0 returns `from`.
 */
export function addWerkdagen(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`werkdagen must be a whole number >= 0, got ${n}`);
  if (Number.isNaN(from.getTime())) throw new RangeError('from is not a valid date');
  if (n === 0) return new Date(from.getTime());
  const p = amsterdamParts(from);
  let day = Date.UTC(p.year, p.month - 1, p.day);
  for (let remaining = n; remaining > 0;) {
    day += DAY_MS;
    if (isWerkdagDay(day)) remaining--;
  }
  const timeOfDayMs = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + from.getUTCMilliseconds();
  return fromAmsterdamWallClock(day + timeOfDayMs);
}
