import { describe, expect, it } from 'vitest';
import { El } from '../../validation/rules/element.ts';
import { xpathNumber, zeroIsDebet } from '../../validation/rules/checks/cs-bedrag.ts';
import {
  adjustDate,
  wholeCalendarMonth,
  xsltAddDays,
  xsltAddMonths,
} from '../../validation/rules/checks/cs-kalendermaand.ts';
import type { MessageContext, Violation } from '../../validation/rules/types.ts';

/** What the corpus does not show: the XSLT's own date arithmetic and number reading, which CS340 and CS325 follow. */

const context = {} as MessageContext;

function periode(begin: string, end: string): El {
  const p = new El('DeclaratiePeriode', undefined, 0);
  Object.assign(new El('Begindatum', p, 1), { text: begin });
  Object.assign(new El('Einddatum', p, 2), { text: end });
  return p;
}

const violations = (result: unknown): Violation[] =>
  Array.isArray(result) ? result : result ? [result as Violation] : [];

describe('the XSLT date arithmetic (adjustDate with carry)', () => {
  it('carries days past the end of the month into the next month, and months past 12 into the next year', () => {
    expect(xsltAddDays('2023-01-31', 1)).toBe(20230201);
    expect(xsltAddDays('2023-02-28', 1)).toBe(20230301);
    expect(xsltAddDays('2024-02-28', 1)).toBe(20240229);
    expect(xsltAddDays('2023-12-31', 1)).toBe(20240101);
    expect(xsltAddMonths('2023-12-01', 1)).toBe(20240101);
  });

  it('carries 31 January plus one month into March, where a calendar would stop at 28 February', () => {
    expect(xsltAddMonths('2023-01-31', 1)).toBe(20230303);
    expect(xsltAddMonths('2024-01-31', 1)).toBe(20240302);
    expect(adjustDate(20230431)).toBe(20230501);
  });
});

describe('CS340: a DeclaratiePeriode is one whole calendar month', () => {
  const check = wholeCalendarMonth('CS340', 'DeclaratiePeriode');
  it.each([
    ['2023-02-01', '2023-02-28', 0],
    ['2024-02-01', '2024-02-29', 0],
    ['2023-12-01', '2023-12-31', 0],
    ['2023-04-01', '2023-05-01', 1],
    // Not the first, but exactly a month long: only the first test fails.
    ['2023-04-15', '2023-05-14', 1],
    ['2023-04-02', '2023-04-30', 2],
    // 31 January + 1 month is 3 March to the XSLT, so this fails twice, as in the validation module.
    ['2023-01-31', '2023-02-27', 2],
  ])('%s to %s gives %i findings', (begin, end, count) => {
    expect(violations(check.check(periode(begin, end), context))).toHaveLength(count);
  });
});

describe('CS325 reads amounts as XPath number() does', () => {
  it('reads decimal notation with surrounding whitespace and nothing else', () => {
    expect(xpathNumber(' 0 ')).toBe(0);
    expect(xpathNumber('00')).toBe(0);
    expect(xpathNumber('')).toBeNaN();
    expect(xpathNumber('0x0')).toBeNaN();
    expect(xpathNumber('1e3')).toBeNaN();
  });

  it('takes a lower-case c as credit, like the XSLT', () => {
    const bedrag = new El('IngediendBedrag', undefined, 0);
    Object.assign(new El('Bedrag', bedrag, 1), { text: '0' });
    Object.assign(new El('DebetCredit', bedrag, 2), { text: 'c' });
    expect(violations(zeroIsDebet('CS325', 'IngediendBedrag', 'Bedrag').check(bedrag, context))).toHaveLength(1);
  });
});
