import type { El } from '../element.ts';
import type { ElementCheck, Violation } from '../types.ts';

/**
 * The official XSLT reports a template's finding at `$pThis|$pOther|$pExtra`: a node-set, so its
 * Locaties come in document order, and pExtra (the Type of a Verwijzer, the Einddatum of a
 * ToegewezenProduct) counts too. The xslt.ts builders report at the first of this and other that
 * exists. Where that is not the XSLT's first Locatie, or not one of its Locaties at all (CD067:
 * neither ZorgverlenerCode nor Naam is there, only the Type), this moves a violation to the first
 * of `union` (paths relative to the element checked, `.` itself) that exists, so a finding lines up
 * with the official one when both are shown (validation/xslt/merge.ts). Only runs on a violation.
 */
export function atXsltLocatie(check: ElementCheck, union: readonly string[]): ElementCheck {
  return {
    ...check,
    check(el, message) {
      const result = check.check(el, message);
      if (result === undefined || result === false) return result;
      const first = firstInDocument(el, union);
      if (!first) return result;
      if (result === true) return { at: first };
      const moved = (v: Violation): Violation => ({ ...v, at: first });
      return Array.isArray(result) ? result.map(moved) : moved(result as Violation);
    },
  };
}

function firstInDocument(el: El, union: readonly string[]): El | undefined {
  let first: El | undefined;
  for (const path of union) {
    const node = path === '.' ? el : el.at(path);
    if (node && (!first || node.pos < first.pos)) first = node;
  }
  return first;
}
