import type { El } from '../element.ts';
import type { ElementCheck, MessageContext } from '../types.ts';

/** An extra condition on the context, for templates that wrap their call in an `if`/`choose`. */
export type Condition = (el: El, message: MessageContext) => boolean;

/** An element check that only runs where `when` (if given) holds. */
export function conditional(
  code: string,
  context: string,
  when: Condition | undefined,
  check: ElementCheck['check'],
): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check: (el, message) => (when && !when(el, message) ? undefined : check(el, message)),
  };
}
