import type { ElementCheck, Violation } from '../types.ts';
import { dateOf, dutchDate } from '../values.ts';

/**
 * The calendar-month rules of the declaratie: a ProductPeriode lies within one calendar month
 * (CS337), and a DeclaratiePeriode is exactly one whole calendar month (CS340). Both follow the
 * official XSLT step by step, including where it reports twice, so that findings line up with the
 * validation module's.
 */

/**
 * CS337 (`checksameyear` and `checksamemonth`): the end date has the begin date's year, and its
 * month. They are two checks in the XSLT, so a period from December into January is reported
 * twice; a missing date fails both. Texts are compared as written. Reported at `begin`, which the
 * stylesheet names first.
 */
export function sameCalendarMonth(code: string, context: string, p: { begin: string; end: string }): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      const [begin, end] = [el.at(p.begin), el.at(p.end)];
      const at = begin ?? end;
      if (!begin || !end) {
        const missing = { at, detail: `${begin ? p.end : p.begin} ontbreekt.` };
        return [missing, missing];
      }
      const [b, e] = [begin.text.replaceAll('-', ''), end.text.replaceAll('-', '')];
      const found: Violation[] = [];
      const period = `${show(end.text)} (Einddatum) en ${show(begin.text)} (Begindatum)`;
      if (b.slice(0, 4) !== e.slice(0, 4)) found.push({ at, detail: `${period} liggen niet in hetzelfde jaar.` });
      if (b.slice(4, 6) !== e.slice(4, 6)) found.push({ at, detail: `${period} liggen niet in dezelfde maand.` });
      return found;
    },
  };
}

/**
 * CS340 on a period: Begindatum is the first of a month (reported at Begindatum), and the day
 * after Einddatum is Begindatum plus one month (reported at Begindatum and Einddatum, so at
 * Begindatum). A begin date later in the month fails the first test and usually the second too.
 */
export function wholeCalendarMonth(code: string, context: string): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      const [begin, end] = [el.child('Begindatum'), el.child('Einddatum')];
      const from = dateOf(begin?.text);
      if (!begin || !from) return undefined;
      const found: Violation[] = [];
      if (!from.endsWith('-01'))
        found.push({ at: begin, detail: `Begindatum ${dutchDate(from)} is niet de eerste dag van een maand.` });
      const endText = end?.value() ?? '';
      const to = dateOf(endText);
      // An end date that is no date is the XSD's to report (the XSLT's arithmetic never ends on one).
      if (endText !== '' && to === undefined) return found;
      if (to === undefined || xsltAddDays(to, 1) !== xsltAddMonths(from, 1)) {
        found.push({
          at: begin,
          detail: `De periode ${dutchDate(from)} t/m ${to ? dutchDate(to) : '(geen Einddatum)'} is niet precies één kalendermaand.`,
        });
      }
      return found;
    },
  };
}

const show = (text: string): string => (dateOf(text) ? dutchDate(dateOf(text)!) : text.trim());

const toNumber = (iso: string): number => Number(iso.replaceAll('-', ''));

/** The XSLT's `addDate`: YYYYMMDD plus days, then normalised by `adjustDate`. */
export const xsltAddDays = (iso: string, days: number): number => adjustDate(toNumber(iso) + days);

/** The XSLT's `addMonths` for 0–12 months: YYYYMMDD plus 100 per month, then `adjustDate`. */
export const xsltAddMonths = (iso: string, months: number): number => adjustDate(toNumber(iso) + 100 * months);

function monthLength(month: number, year: number): number | undefined {
  if ([4, 6, 9, 11].includes(month)) return 30;
  if ([1, 3, 5, 7, 8, 10, 12].includes(month)) return 31;
  if (month === 2) return year % 4 === 0 ? 29 : 28;
  return undefined;
}

/**
 * The XSLT's `adjustDate` with overflow "carry": days past the end of the month carry into the
 * next month (31 January + 1 month is 3 March, not 28 February), months past 12 into the next
 * year, repeated until nothing changes. Leap years are every fourth year, as in the stylesheet.
 */
export function adjustDate(date: number): number {
  for (;;) {
    const [day, month, year] = [date % 100, Math.floor(date / 100) % 100, Math.floor(date / 10000) % 10000];
    const length = monthLength(month, year);
    const carried = length !== undefined && day > length ? date - length + 100 : date;
    const next = Math.floor(carried / 100) % 100 > 12 ? carried - 1200 + 10000 : carried;
    if (next === date) return date;
    date = next;
  }
}
