import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../validation/xsd/fast-patterns.ts';
import { accepts, canonicalInteger, facetStep, type SimpleType } from '../../validation/xsd/simple-values.ts';
import { UnsupportedSchema } from '../../validation/xsd/unsupported.ts';
import { xsdPatternToRegExp } from '../../validation/xsd/xsd-regex.ts';

describe('XSD patterns as JavaScript expressions', () => {
  const matches = (pattern: string, value: string) => xsdPatternToRegExp(pattern).test(value);

  it('anchors the whole value', () => {
    expect(matches('[0-9]{4}', '1234')).toBe(true);
    expect(matches('[0-9]{4}', '12345')).toBe(false);
    expect(matches('414', 'x414')).toBe(false);
  });

  it('keeps XSD meanings of \\s, . and ^ $ where JavaScript differs', () => {
    expect(matches('.*[^\\s].*', '\u00a0')).toBe(true); // a no-break space is no XSD white space
    expect(matches('.*[^\\s].*', ' \t')).toBe(false);
    expect(matches('a.b', 'a\u2028b')).toBe(true); // XSD . excludes only line feed and carriage return
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('^a$', '^a$')).toBe(true); // ^ and $ are characters in XSD
    expect(matches('([.\\s]*\\S+[.\\s]*)+', 'Jan de Vries')).toBe(true);
    expect(matches('([a-zA-ZÀ-ỳ])+', 'Zoë')).toBe(true);
  });

  it('refuses what it cannot translate faithfully', () => {
    for (const pattern of ['[a-z-[aeiou]]', '\\i\\c*', '\\p{IsBasicLatin}', '(a', 'a{1', '\\1']) {
      expect(() => xsdPatternToRegExp(pattern), pattern).toThrow(UnsupportedSchema);
    }
  });
});

describe('fast tests of the common patterns', () => {
  it('say what the translated expression says', () => {
    const values = [
      '',
      ' ',
      '\t',
      ' a ',
      'a\nb',
      '\r',
      '\u00a0',
      '\ud800',
      '3',
      '33',
      '123456789',
      '12345678',
      '1234',
      '12a4',
    ];
    values.push('０１２３', '+1', '-', ' 1234', '1234 ', 'x'.repeat(40), '1'.repeat(9));
    for (const pattern of ['.*[^\\s].*', '[0-9]*', '[0-9]{9}', '[0-9]{8}', '[0-9]{4}', '3', '414', '[^:Z]*']) {
      const [fast, expression] = [compilePattern(pattern), xsdPatternToRegExp(pattern)];
      for (const value of values)
        expect(fast.test(value), `${pattern} on ${JSON.stringify(value)}`).toBe(expression.test(value));
    }
  });
});

describe('simple values', () => {
  const type = (builtin: SimpleType['builtin'], facets: [string, string][]): SimpleType => ({
    kind: 'simple',
    name: 't',
    builtin,
    steps: [facetStep(builtin, facets)],
  });

  it('compares integers by value, after collapsing white space', () => {
    const range = type('integer', [
      ['minInclusive', '0'],
      ['maxInclusive', '99'],
    ]);
    expect(['0', '99', ' 7 ', '+5', '007'].map((v) => accepts(range, v))).toEqual([true, true, true, true, true]);
    expect(['100', '-1', '1.0', '', 'x'].map((v) => accepts(range, v))).toEqual([false, false, false, false, false]);
    expect(canonicalInteger('-000')).toBe('0');
    expect(accepts(type('integer', [['enumeration', '1']]), '01')).toBe(true);
  });

  it('accepts only real dates and plain times', () => {
    const date = type('date', [['pattern', '[^:Z]*']]);
    expect(['2024-02-29', '2000-02-29', '2023-04-30'].every((v) => accepts(date, v))).toBe(true);
    expect(
      ['2023-02-29', '1900-02-29', '2023-04-31', '0000-01-01', '2023-01-01Z', '23-01-01'].some((v) => accepts(date, v)),
    ).toBe(false);
    const time = type('time', []);
    expect(accepts(time, '23:59:59.5')).toBe(true);
    expect(['24:00:00', '23:59:60', '12:00', '12:00:00.', '12:00:00,5', '1:00:00'].some((v) => accepts(time, v))).toBe(
      false,
    );
  });

  it('counts string length in characters, with line ends as the parser delivers them', () => {
    const short = type('string', [
      ['minLength', '1'],
      ['maxLength', '2'],
    ]);
    expect(accepts(short, '𝄞𝄞')).toBe(true);
    expect(accepts(short, '\r\n')).toBe(true); // one line feed after normalisation
    expect(accepts(short, 'abc')).toBe(false);
    expect(() => facetStep('string', [['totalDigits', '3']])).toThrow(UnsupportedSchema);
  });
});
