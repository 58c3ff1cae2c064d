import { describe, expect, it } from 'vitest';
import { passesElfproef } from '../../domain/messages/bsn.ts';

describe('passesElfproef (CS002)', () => {
  it.each([
    ['999900006', true, 'the test BSN of the iStandaarden examples'],
    ['111222333', true, '9+8+7+12+10+8+9+6−3 = 66'],
    ['123456782', true, '156−2 = 154 = 14·11'],
    ['999990019', true, '308 = 28·11'],
    ['123456789', false, '156−9 = 147, remainder 4'],
    ['999900007', false, 'last digit off by one'],
    ['000000009', false, '0−9 = −9: the XSLT mod keeps the sign, so it fails'],
    ['000000000', true, 'the formula gives 0; the official XSLT passes it too'],
  ])('%s → %s (%s)', (bsn, expected) => {
    expect(passesElfproef(bsn)).toBe(expected);
  });

  it('is false for anything that is not exactly nine digits (an XSD error, not CS002)', () => {
    for (const value of ['12345678', '1234567890', ' 999900006', '99990000a', '', '９９９９０００６'])
      expect(passesElfproef(value)).toBe(false);
  });
});
