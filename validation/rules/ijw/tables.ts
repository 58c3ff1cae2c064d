import { messageTable } from '../table.ts';
import type { MessageRuleTable } from '../types.ts';
import { IJW_RELEASE } from './catalogue.ts';

/** The ijw 3.2 messages with single-message rules: the heen-berichten and the declaratie-antwoord. */
export const IJW_TABLES: readonly MessageRuleTable[] = (
  ['301', '305', '307', '315', '317', '319', '323', '325'] as const
).map((message) => messageTable('ijw', message, IJW_RELEASE));
