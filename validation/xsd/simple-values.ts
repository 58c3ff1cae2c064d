import { compilePattern, type Pattern } from './fast-patterns.ts';
import { UnsupportedSchema } from './unsupported.ts';

/**
 * Simple types of the streaming schema check: a built-in primitive and its restriction steps,
 * each with its facets, and the test of one value against them. A value passes only when XSD 1.0
 * certainly accepts it; a lexical form this module does not prove (a year of five digits, a time
 * zone, `24:00:00`) fails here and goes to libxml2, which decides. So `accepts` may be stricter
 * than XSD, never looser.
 */

export type Builtin = 'string' | 'integer' | 'date' | 'time';

export type FacetStep = {
  /** Alternatives of one step (XSD: patterns of one restriction are or-ed, of different steps and-ed). */
  patterns?: Pattern[];
  enumeration?: ReadonlySet<string>;
  minLength?: number;
  maxLength?: number;
  minInclusive?: bigint;
  maxInclusive?: bigint;
};

export type SimpleType = { kind: 'simple'; name: string; builtin: Builtin; steps: readonly FacetStep[] };

export const BUILTINS: ReadonlySet<string> = new Set<Builtin>(['string', 'integer', 'date', 'time']);

const INTEGER = /^[+-]?[0-9]+$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// A message has some 300,000 values: they are tested by character code, not by regular expressions.

/** XSD whiteSpace="collapse": tabs and line ends as spaces, runs as one, trimmed. */
function collapse(value: string): string {
  return isCollapsed(value) ? value : value.replace(/[\t\n\r ]+/g, ' ').trim();
}

/** No tab or line end, no space at either end, no two spaces in a row: `collapse` would leave it as it is. */
function isCollapsed(value: string): boolean {
  const last = value.length - 1;
  if (last < 0) return true;
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(last) === 0x20) return false;
  for (let i = 0; i <= last; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x20) continue;
    if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
    if (code === 0x20 && value.charCodeAt(i + 1) === 0x20) return false;
  }
  return true;
}

/** The number written by the ASCII digits value[from, to), or -1 when any is not a digit. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** `[+-]?[0-9]+` */
function isInteger(value: string): boolean {
  const first = value.charCodeAt(0);
  const from = first === 0x2b || first === 0x2d ? 1 : 0;
  return value.length > from && digitsAt(value, from, value.length) >= 0;
}

/** `([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?` */
function isTime(value: string): boolean {
  if (value.length < 8 || value.charCodeAt(2) !== 0x3a || value.charCodeAt(5) !== 0x3a) return false;
  const [hour, minute, second] = [digitsAt(value, 0, 2), digitsAt(value, 3, 5), digitsAt(value, 6, 8)];
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (value.length === 8) return true;
  return value.length > 9 && value.charCodeAt(8) === 0x2e && digitsAt(value, 9, value.length) >= 0;
}

/** XML line-end normalisation (the parser's job; the reader hands text over as it is in the file). */
const lineEnds = (value: string): string => (value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);

/** The integer's canonical form: no sign for positive, no leading zeros, `0` for zero. */
export function canonicalInteger(lexical: string): string {
  const negative = lexical.startsWith('-');
  const digits = lexical.replace(/^[+-]/, '').replace(/^0+(?=.)/, '');
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** `[0-9]{4}-[0-9]{2}-[0-9]{2}`, a day of the proleptic Gregorian calendar, year 0000 excluded. */
function validDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return false;
  const [year, month, day] = [digitsAt(value, 0, 4), digitsAt(value, 5, 7), digitsAt(value, 8, 10)];
  if (year <= 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : DAYS[month - 1]!);
}

function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) count--;
  }
  return count;
}

function matchesOne(patterns: readonly Pattern[], value: string): boolean {
  for (const pattern of patterns) if (pattern.test(value)) return true;
  return false;
}

/** True when XSD certainly accepts `raw` (the element's character data as read) for `type`. */
export function accepts(type: SimpleType, raw: string): boolean {
  const value = type.builtin === 'string' ? lineEnds(raw) : collapse(raw);
  let integer: bigint | undefined;
  switch (type.builtin) {
    case 'integer':
      if (!isInteger(value)) return false;
      break;
    case 'date':
      if (!validDate(value)) return false;
      break;
    case 'time':
      if (!isTime(value)) return false;
      break;
    case 'string':
      break;
  }
  for (const step of type.steps) {
    if (step.patterns && !matchesOne(step.patterns, value)) return false;
    if (step.enumeration) {
      const key = type.builtin === 'integer' ? canonicalInteger(value) : value;
      if (!step.enumeration.has(key)) return false;
    }
    if (step.minLength !== undefined || step.maxLength !== undefined) {
      const length = codePoints(value);
      if (step.minLength !== undefined && length < step.minLength) return false;
      if (step.maxLength !== undefined && length > step.maxLength) return false;
    }
    if (step.minInclusive !== undefined || step.maxInclusive !== undefined) {
      integer ??= BigInt(value);
      if (step.minInclusive !== undefined && integer < step.minInclusive) return false;
      if (step.maxInclusive !== undefined && integer > step.maxInclusive) return false;
    }
  }
  return true;
}

/** One restriction's facets as a step, for a type whose primitive is `builtin`; throws for what is not modelled. */
export function facetStep(builtin: Builtin, facets: readonly (readonly [facet: string, value: string])[]): FacetStep {
  const step: FacetStep = {};
  const enumeration = new Set<string>();
  const patterns: Pattern[] = [];
  for (const [facet, value] of facets) {
    switch (facet) {
      case 'pattern':
        patterns.push(compilePattern(value));
        break;
      case 'enumeration':
        if (builtin === 'integer') {
          if (!INTEGER.test(collapse(value))) throw new UnsupportedSchema(`enumeration ${value} is not an integer`);
          enumeration.add(canonicalInteger(collapse(value)));
        } else if (builtin === 'string') enumeration.add(value);
        else throw new UnsupportedSchema(`enumeration on xs:${builtin}`);
        break;
      case 'minLength':
      case 'maxLength':
        if (builtin !== 'string' || !/^[0-9]+$/.test(value))
          throw new UnsupportedSchema(`${facet}="${value}" on xs:${builtin}`);
        step[facet] = Number(value);
        break;
      case 'minInclusive':
      case 'maxInclusive':
        if (builtin !== 'integer' || !INTEGER.test(collapse(value)))
          throw new UnsupportedSchema(`${facet}="${value}" on xs:${builtin}`);
        step[facet] = BigInt(collapse(value));
        break;
      default:
        throw new UnsupportedSchema(`facet ${facet}`);
    }
  }
  if (patterns.length > 0) step.patterns = patterns;
  if (enumeration.size > 0) step.enumeration = enumeration;
  return step;
}
