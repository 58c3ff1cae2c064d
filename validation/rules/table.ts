import type { MessageNumber, Standard } from '../../domain/messages/message-codes.ts';
import { FAMILIES } from './families/index.ts';
import type { MessageRuleTable } from './types.ts';

/** The table of one message type: every family's checks and not-checked rules for it. */
export function messageTable(standard: Standard, message: MessageNumber, release: string): MessageRuleTable {
  return {
    standard,
    message,
    release,
    checks: FAMILIES.flatMap((f) => f.checks(standard, message)),
    notChecked: FAMILIES.flatMap((f) => f.notChecked(standard, message)),
  };
}
