import type { MessageId, MessageNumber, Standard } from '../../domain/messages/message-codes.ts';
import { IJW_RULES } from './ijw/catalogue.ts';
import { IJW_TABLES } from './ijw/tables.ts';
import { IWMO_RULES } from './iwmo/catalogue.ts';
import { IWMO_TABLES } from './iwmo/tables.ts';
import type { MessageRuleTable, RuleDefinition } from './types.ts';

/**
 * Every rule table, by standard and message type, and the rule definitions they refer to. Retours
 * (302, 306, …) have no table: they echo the heen-bericht with the sender's values, and the
 * official validation module checks them against their XSD only.
 */

const TABLES: Record<Standard, ReadonlyMap<MessageNumber, MessageRuleTable>> = {
  iwmo: new Map(IWMO_TABLES.map((t) => [t.message, t])),
  ijw: new Map(IJW_TABLES.map((t) => [t.message, t])),
};

const CATALOGUES: Record<Standard, ReadonlyMap<string, RuleDefinition>> = { iwmo: IWMO_RULES, ijw: IJW_RULES };

export function tableFor(message: Pick<MessageId, 'standard' | 'number'>): MessageRuleTable | undefined {
  return TABLES[message.standard].get(message.number);
}

export function ruleDefinition(standard: Standard, code: string): RuleDefinition | undefined {
  return CATALOGUES[standard].get(code);
}

export function allTables(): readonly MessageRuleTable[] {
  return [...TABLES.iwmo.values(), ...TABLES.ijw.values()];
}

export function catalogue(standard: Standard): ReadonlyMap<string, RuleDefinition> {
  return CATALOGUES[standard];
}
