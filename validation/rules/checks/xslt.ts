import type { El } from '../element.ts';
import type { ElementCheck, Violation } from '../types.ts';
import { testValue } from '../values.ts';
import { conditional, type Condition } from './conditional.ts';

/**
 * The check templates of the official validation XSLT as check builders, with the same names
 * and parameters, so a table row reads like the stylesheet's `call-template`:
 *
 *     <template match="n5:ToegewezenProduct" mode="CD041"><call-template name="checkimplication">
 *       pThis=n5:Product/n2:Code pValue1=* pOther=n5:Omvang pValue2=#
 * becomes
 *     implication('CD041', 'ToegewezenProduct', { this: 'Product/Code', value1: '*', other: 'Omvang', value2: '#' })
 *
 * Paths are relative to the context element (`.` itself, `..` its parent). A violation is
 * located at the first of the elements involved that exists (the XSLT lists them all).
 */

type Pair = { this?: string; value1?: string; other?: string; value2?: string };

/** Optional extra condition on the context, for templates that wrap the call in an `if`/`choose`. */
type When = { when?: Condition };

const resolve = (el: El, path: string | undefined): El | undefined =>
  path === undefined || path === '.' ? el : el.at(path);

function located(el: El, ...candidates: (El | undefined)[]): Violation {
  return { at: candidates.find((c) => c !== undefined) ?? el };
}

function pairCheck(
  code: string,
  context: string,
  p: Pair & When,
  violated: (v0: boolean, v1: boolean) => boolean,
): ElementCheck {
  return conditional(code, context, p.when, (el) => {
    const [a, b] = [resolve(el, p.this), resolve(el, p.other)];
    return violated(testValue(a, p.value1 ?? ''), testValue(b, p.value2 ?? '')) ? located(el, a, b) : undefined;
  });
}

/** `checkimplication`: when this matches value1, other must match value2. */
export const implication = (code: string, context: string, p: Pair & When): ElementCheck =>
  pairCheck(code, context, p, (v0, v1) => v0 && !v1);

/** `checksame`: this matches value1 exactly when other matches value2. */
export const same = (code: string, context: string, p: Pair & When): ElementCheck =>
  pairCheck(code, context, p, (v0, v1) => v0 !== v1);

/** `checkSingleCorrect`: at least one of the two matches. */
export const singleCorrect = (code: string, context: string, p: Pair & When): ElementCheck =>
  pairCheck(code, context, p, (v0, v1) => !v0 && !v1);

/** `checkempty`: when this is filled, other must be filled too. */
export const empty = (code: string, context: string, p: { this?: string; other: string } & When): ElementCheck =>
  pairCheck(
    code,
    context,
    { this: p.this, value1: '', other: p.other, value2: '', when: p.when },
    (thisEmpty, otherEmpty) => !thisEmpty && otherEmpty,
  );

function valueCheck(
  code: string,
  context: string,
  p: { this?: string; values: string } & When,
  mustMatch: boolean,
): ElementCheck {
  return conditional(code, context, p.when, (el) => {
    const target = resolve(el, p.this);
    return testValue(target, p.values) === mustMatch ? undefined : located(el, target);
  });
}

/** `checkvalue`: this must match the values. */
export const value = (code: string, context: string, p: { this?: string; values: string } & When): ElementCheck =>
  valueCheck(code, context, p, true);

/** `checknvalue`: this must not match the values. */
export const notValue = (code: string, context: string, p: { this?: string; values: string } & When): ElementCheck =>
  valueCheck(code, context, p, false);

/** A check written out in full, for templates with logic of their own. */
export function custom(code: string, context: string, check: ElementCheck['check']): ElementCheck {
  return { kind: 'element', code, context, check };
}
