import type { MessageNumber, Standard } from '../../../domain/messages/message-codes.ts';
import type { Check, NotChecked } from '../types.ts';

/**
 * The rules of one family (CD, CS, or a range of TR codes) for every message type, so each family
 * reads like its part of the official stylesheet. A message type's table is the union of the
 * families (iwmo/wmo301.ts …). Where iWmo and iJw differ, `checks` looks at the standard.
 */
export type RuleFamily = {
  checks(standard: Standard, message: MessageNumber): readonly Check[];
  notChecked(standard: Standard, message: MessageNumber): readonly NotChecked[];
};

/** A family from per-message lists; `jw` overrides a message's list for iJw where it differs. */
export function family(p: {
  checks: Partial<Record<MessageNumber, readonly Check[]>>;
  ijwChecks?: Partial<Record<MessageNumber, readonly Check[]>>;
  notChecked?: Partial<Record<MessageNumber, readonly NotChecked[]>>;
  ijwNotChecked?: Partial<Record<MessageNumber, readonly NotChecked[]>>;
}): RuleFamily {
  return {
    checks: (standard, message) => (standard === 'ijw' ? p.ijwChecks?.[message] : undefined) ?? p.checks[message] ?? [],
    notChecked: (standard, message) =>
      (standard === 'ijw' ? p.ijwNotChecked?.[message] : undefined) ?? p.notChecked?.[message] ?? [],
  };
}
