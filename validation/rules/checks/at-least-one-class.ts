import type { ElementCheck } from '../types.ts';

/**
 * "At least one of these classes occurs" (TR352, TR353 on the Verzoek of a 317): the XSLT's
 * `checkvalue` with `#` on the union of the product classes, reported at the context element.
 *
 * The check is on the containers (`OngewijzigdeProducten`, `TeWijzigenProducten` …), not on the
 * products in them: a product is a record, so the evaluator has released it by the time the
 * Verzoek is checked, while its container stays. The XSDs allow a container only with at least
 * one product in it (minOccurs 1), so on a schema-valid message a container stands for its
 * products; an empty one is the XSD's to report.
 */
export function atLeastOneClass(code: string, context: string, containers: readonly string[]): ElementCheck {
  const names = containers.join(' of ');
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      if (containers.some((path) => el.at(path) !== undefined)) return undefined;
      return { at: el, detail: `${el.name} bevat geen ${names}.` };
    },
  };
}
