import { normalizeSpace, type El } from './element.ts';

/**
 * The value tests of the official validation XSLT (its `testvalue` template), so that rule tables
 * can be written in the same terms as the stylesheet and compared with it line by line:
 *
 *     ''          absent, or present without text        (XSLT: empty pValues)
 *     '*'         present with text                      (filled)
 *     '#'         present, with or without text
 *     '#<pat>'    text matches a position pattern: 0 digit, 1 digit 1-9, a lower, A upper,
 *                 z/Z letter, . any, \x the character x, anything else itself; same length
 *     '!<spec>'   not <spec>
 *     '01,03'     text is one of these values
 */
export function testValue(el: El | undefined, spec: string): boolean {
  const values = normalizeSpace(spec);
  if (values === '') return !el || normalizeSpace(el.text) === '';
  if (values === '*') return !!el && normalizeSpace(el.text) !== '';
  if (values === '#') return !!el;
  if (values.length > 1 && values[0] === '#') return !!el && matchesPattern(el.text, values.slice(1));
  if (values.length > 1 && values[0] === '!') return !testValue(el, values.slice(1));
  if (!el) return false;
  const text = normalizeSpace(el.text);
  return values.split(',').some((v) => v.trim() === text);
}

const CLASSES: Record<string, RegExp> = {
  '1': /[1-9]/,
  '0': /[0-9]/,
  a: /[a-z]/,
  A: /[A-Z]/,
  z: /[a-zA-Z]/,
  Z: /[a-zA-Z]/,
};

/** The XSLT `patternmatch`: one pattern position per character of the text. */
export function matchesPattern(text: string, pattern: string): boolean {
  let t = 0;
  for (let p = 0; p < pattern.length; p++, t++) {
    if (t >= text.length) return false;
    const symbol = pattern[p]!;
    if (symbol === '.') continue;
    if (symbol === '\\' && p + 1 < pattern.length) {
      if (text[t] !== pattern[++p]) return false;
    } else if (CLASSES[symbol]) {
      if (!CLASSES[symbol].test(text[t]!)) return false;
    } else if (text[t] !== symbol) return false;
  }
  return t === text.length;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD` (comparable as text), or undefined: 2023-02-30 is no date; that is the XSD's to report. */
export function dateOf(value: string | undefined): string | undefined {
  const match = value === undefined ? null : ISO_DATE.exec(value.trim());
  if (!match) return undefined;
  // Arithmetic rather than a Date per call: a 25 MB message has some 100,000 dates.
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? match[0] : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!);

/** The date of an element, when it holds one. */
export const dateAt = (el: El | undefined, path?: string): string | undefined =>
  dateOf(path ? el?.value(path) : el?.value());

/** `2023-08-13` → `13-08-2023`, as Dutch users read dates. */
export const dutchDate = (iso: string): string => iso.split('-').reverse().join('-');

/** Calendar arithmetic on ISO dates (UTC, no time zone), e.g. for "at most 120 years before". */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Months added with the day kept, or the month's last day where it has fewer days (31 jan + 1 month = 28/29 feb). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** First and last day of the month of a date. */
export const firstOfMonth = (iso: string): string => `${iso.slice(0, 8)}01`;
export function lastOfMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return `${iso.slice(0, 8)}${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** An integer value (amounts in cents, volumes), or undefined when the text is not one. */
export function integerAt(el: El | undefined, path?: string): number | undefined {
  const text = path ? el?.value(path) : el?.value();
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}
