import type { El } from '../element.ts';
import { dateOf } from '../values.ts';

/**
 * Conditions the CD templates of the official XSLT wrap around their check (`<if test=…>`), as
 * `when` predicates for the builders in xslt.ts.
 */

/**
 * `not(X) or number(translate(X/text(),'-','')) > 20201231`: the record has no end date at `path`
 * (relative to the element checked), or it ends after `after` (`YYYY-MM-DD`). CD080, CD095 and
 * CD096 use it so that assignments that ended before 2021 keep their old, code-less Omvang. An end
 * date that is no date is the XSD's to report; the XSLT's `number()` is NaN then, so the rule is
 * skipped, as here.
 */
export function noEndOrEndsAfter(path: string, after: string): (el: El) => boolean {
  return (el) => {
    const end = el.at(path);
    if (!end) return true;
    const date = dateOf(end.text);
    return date !== undefined && date > after;
  };
}
