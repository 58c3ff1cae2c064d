import { passesElfproef, isNineDigits } from '../../../domain/messages/bsn.ts';
import type { ElementCheck } from '../types.ts';

/** CS002 on every Bsn: the 11-proef. Anything but nine digits is the XSD's to report. */
export const elfproef = (code = 'CS002', context = 'Bsn'): ElementCheck => ({
  kind: 'element',
  code,
  context,
  check(el) {
    const bsn = el.text.trim();
    return isNineDigits(bsn) && !passesElfproef(bsn) ? { detail: 'Het BSN voldoet niet aan de 11-proef.' } : undefined;
  },
});
