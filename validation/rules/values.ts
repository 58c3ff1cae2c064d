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
  let test = compiledTests.get(spec);
  if (!test) compiledTests.set(spec, (test = valueTest(spec)));
  return test(el);
}

/** Specs are a table's constants: each is parsed once, not on every element it tests. */
const compiledTests = new Map<string, (el: El | undefined) => boolean>();

function valueTest(spec: string): (el: El | undefined) => boolean {
  const values = normalizeSpace(spec);
  if (values === '') return (el) => !el || isBlank(el.text);
  if (values === '*') return (el) => !!el && !isBlank(el.text);
  if (values === '#') return (el) => !!el;
  if (values.length > 1 && values[0] === '#') {
    const pattern = values.slice(1);
    return (el) => !!el && matchesPattern(el.text, pattern);
  }
  if (values.length > 1 && values[0] === '!') {
    const positive = valueTest(values.slice(1));
    return (el) => !positive(el);
  }
  const list = values.split(',').map((v) => v.trim());
  return (el) => !!el && list.includes(normalizeSpace(el.text));
}

/** `normalize-space(.) = ''` without building the normalised text. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return first > 0x20 && first < 0x7f ? false : text.trim() === '';
}

/** The pattern classes, on character codes (a regular expression per character was most of the time). */
const inRange = (code: number, from: string, to: string): boolean =>
  code >= from.charCodeAt(0) && code <= to.charCodeAt(0);
const CLASSES: Record<string, (code: number) => boolean> = {
  '1': (c) => inRange(c, '1', '9'),
  '0': (c) => inRange(c, '0', '9'),
  a: (c) => inRange(c, 'a', 'z'),
  A: (c) => inRange(c, 'A', 'Z'),
  z: (c) => inRange(c, 'a', 'z') || inRange(c, 'A', 'Z'),
  Z: (c) => inRange(c, 'a', 'z') || inRange(c, 'A', 'Z'),
};

/** The XSLT `patternmatch`: one pattern position per character of the text. */
export function matchesPattern(text: string, pattern: string): boolean {
  let t = 0;
  for (let p = 0; p < pattern.length; p++, t++) {
    if (t >= text.length) return false;
    const symbol = pattern[p]!;
    if (symbol === '.') continue;
    const inClass = CLASSES[symbol];
    if (symbol === '\\' && p + 1 < pattern.length) {
      if (text[t] !== pattern[++p]) return false;
    } else if (inClass) {
      if (!inClass(text.charCodeAt(t))) return false;
    } else if (text[t] !== symbol) return false;
  }
  return t === text.length;
}

/**
 * A real calendar date `YYYY-MM-DD` (comparable as text), or undefined: 2023-02-30 is no date; that is the XSD's to
 * report.
 */
export function dateOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // By character code rather than a regular expression and a Date: a 25 MB message has some 100,000 dates.
  const date =
    value.length === 10 && isPlain(value.charCodeAt(0)) && isPlain(value.charCodeAt(9)) ? value : value.trim();
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH) return undefined;
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  return y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? date : undefined;
}

const DASH = 0x2d;
/** Printable ASCII other than space: nothing `trim()` would remove. */
const isPlain = (code: number): boolean => code > 0x20 && code < 0x7f;

/** The decimal number of text[from, to) when it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
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
