import type { El } from '../element.ts';
import type { ElementCheck } from '../types.ts';
import { dateOf, dutchDate } from '../values.ts';

/**
 * TR002: a date lies at most `years` years before the Dagtekening, as the XSLT's
 * `checkYearsBetween` computes it: both dates as the numbers YYYYMMDD, and the date plus
 * years × 10000 must not be smaller than the Dagtekening. Exactly that many years before is
 * allowed. `unless` exempts values the rule does not apply to (an unknown Geboortedatum).
 */
export function atMostYearsBefore(
  code: string,
  context: string,
  years: number,
  unless?: (el: El) => boolean,
): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el, message) {
      const [date, dagtekening] = [dateOf(el.value()), dateOf(message.dagtekening)];
      if (!date || !dagtekening || unless?.(el)) return undefined;
      if (asNumber(date) + years * 10000 >= asNumber(dagtekening)) return undefined;
      return {
        at: el,
        detail: `${el.parent?.name ?? el.name} ${dutchDate(date)} ligt meer dan ${years} jaar voor de Dagtekening van het bericht (${dutchDate(dagtekening)}).`,
      };
    },
  };
}

const asNumber = (iso: string): number => Number(iso.replace(/-/g, ''));
