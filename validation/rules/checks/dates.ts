import type { El } from '../element.ts';
import type { ElementCheck, MessageContext } from '../types.ts';
import { dateOf, dutchDate } from '../values.ts';
import { conditional, type Condition } from './conditional.ts';

/**
 * Date relations of the official XSLT (`checkafter`, `checkafterstrict`, the Dagtekening rules),
 * with a Dutch detail that names both dates. Dates compare as `YYYY-MM-DD` text. A value that is
 * no date is the XSD's to report, so it is left alone here.
 */

/** The message's Dagtekening as a reference point. */
export const DAGTEKENING = '$Dagtekening';

type Relation = {
  /** The date that is checked. */
  this: string;
  /** The date it is compared with: a path, or DAGTEKENING. */
  other: string;
  /** Only when this holds (e.g. the date is present at all). */
  when?: Condition;
};

function reference(
  el: El,
  other: string,
  message: MessageContext,
): { date: string | undefined; label: string; at: El | undefined } {
  if (other === DAGTEKENING)
    return { date: dateOf(message.dagtekening), label: 'de Dagtekening van het bericht', at: undefined };
  const at = el.at(other);
  return { date: dateOf(at?.text), label: other.split('/').pop()!, at };
}

function relation(
  code: string,
  context: string,
  r: Relation,
  violated: (date: string, ref: string) => boolean,
  words: string,
  missingIsViolation = false,
): ElementCheck {
  return conditional(code, context, r.when, (el, message) => {
    const target = r.this === '.' ? el : el.at(r.this);
    const date = dateOf(target?.text);
    const ref = reference(el, r.other, message);
    if (!target || !date) return undefined;
    // XSLT checkafter: a date with nothing to compare it with is itself wrong.
    if (!ref.at && r.other !== DAGTEKENING && missingIsViolation)
      return { at: target, detail: `${target.name} is gevuld maar ${ref.label} ontbreekt.` };
    if (!ref.date) return undefined;
    if (!violated(date, ref.date)) return undefined;
    return { at: target, detail: `${target.name} ${dutchDate(date)} ${words} ${ref.label} (${dutchDate(ref.date)}).` };
  });
}

/** `checkafter`: this date is on or after the other (end not before begin). */
export const onOrAfter = (code: string, context: string, r: Relation): ElementCheck =>
  relation(code, context, r, (d, ref) => d < ref, 'ligt voor', true);

/** `checkafterstrict`: this date is after the other. */
export const strictlyAfter = (code: string, context: string, r: Relation): ElementCheck =>
  relation(code, context, r, (d, ref) => d <= ref, 'ligt niet na', true);

/** This date is on or before the other (e.g. not after the Dagtekening, TR134). */
export const onOrBefore = (code: string, context: string, r: Relation): ElementCheck =>
  relation(code, context, r, (d, ref) => d > ref, 'ligt na');

/** This date is before the other. */
export const strictlyBefore = (code: string, context: string, r: Relation): ElementCheck =>
  relation(code, context, r, (d, ref) => d >= ref, 'ligt niet voor');
