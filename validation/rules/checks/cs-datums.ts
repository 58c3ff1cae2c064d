import type { El } from '../element.ts';
import type { ElementCheck } from '../types.ts';
import { dateOf, dutchDate } from '../values.ts';
import { conditional, type Condition } from './conditional.ts';

/**
 * Two date rules of the CS family that the shared date builders do not cover: a fixed earliest
 * date (CS100: declaring starts in 2021, the first period of the iStandaarden 3.x) and two dates
 * that must be the same day (CS335, the XSLT's `checkDateEquals`).
 */

/** CS100: the date is not before `earliest` (`YYYY-MM-DD`). A value that is no date is the XSD's to report. */
export function notBeforeDate(code: string, context: string, earliest: string): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      const date = dateOf(el.text);
      if (date === undefined || date >= earliest) return undefined;
      return { detail: `${el.name} ${dutchDate(date)} ligt voor ${dutchDate(earliest)}.` };
    },
  };
}

/**
 * `checkDateEquals`: when both dates are there, they are the same text (the XSLT compares the
 * texts, not the dates). Reported at `this`, which the stylesheets name first.
 */
export function datesEqual(
  code: string,
  context: string,
  p: { this: string; other: string; when?: Condition; why?: string },
): ElementCheck {
  return conditional(code, context, p.when, (el) => {
    const [a, b] = [el.at(p.this), el.at(p.other)];
    if (!a || !b || a.text === b.text) return undefined;
    const show = (x: El): string => (dateOf(x.text) ? dutchDate(dateOf(x.text)!) : x.text.trim());
    return {
      at: a.pos <= b.pos ? a : b,
      detail: `${p.why ?? ''}${b.name} ${show(b)} is niet gelijk aan ${a.name} ${show(a)}.`,
    };
  });
}
