import { xsdPatternToRegExp } from './xsd-regex.ts';

/**
 * XSD patterns as tests of a value. Most values of a message meet one of a few patterns of the
 * basisschema (`.*[^\s].*` alone is on 32 types, `[0-9]{9}` on every BSN); for those a scan of the
 * character codes says what the regular expression says, without running one per value. Any
 * other pattern is the translated expression (xsd-regex.ts). Each fast test is compared with its
 * expression in the unit tests.
 */
export type Pattern = { test(value: string): boolean };

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** `.*[^\s].*`: no line end ('.' excludes it) and something other than white space. */
const SOMETHING: Pattern = {
  test(value) {
    let filled = false;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 0x0a || code === 0x0d) return false;
      if (code !== 0x20 && code !== 0x09) filled = true;
    }
    return filled;
  },
};

/** `[0-9]*`, or `[0-9]{n}` for a given length. */
const digits = (length: number | undefined): Pattern => ({
  test(value) {
    if (length !== undefined && value.length !== length) return false;
    for (let i = 0; i < value.length; i++) if (!isDigit(value.charCodeAt(i))) return false;
    return true;
  },
});

/** A pattern without any syntax character is its own only value. */
const LITERAL = /^[A-Za-z0-9 _:;,'"!@#%&=<>~`/-]*$/;

export function compilePattern(pattern: string): Pattern {
  const regExp = xsdPatternToRegExp(pattern); // also refuses what is not translatable
  if (pattern === '.*[^\\s].*') return SOMETHING;
  if (pattern === '[0-9]*') return digits(undefined);
  const fixed = /^\[0-9\]\{([0-9]{1,3})\}$/.exec(pattern);
  if (fixed) return digits(Number(fixed[1]));
  if (LITERAL.test(pattern)) return { test: (value) => value === pattern };
  return regExp;
}
