import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_CHECKED } from '../../domain/messages/message-codes.ts';
import { checkMessage } from '../../validation/check-message.ts';
import { example, REPAIRED_EXAMPLES } from '../helpers/mutate.ts';
import { examples } from '../helpers/istandaarden.ts';

/**
 * The official examples against the full rule set: each one, as the corpus uses it (repaired where
 * it breaks a rule as published), has no rule findings at all; and the repairs are needed, i.e.
 * the published example does break a rule (or its XSD) — otherwise the repair should go.
 */
describe('the official example messages', () => {
  const ruleChecked = examples().filter((e) => RULE_CHECKED.has(e.code.slice(-3) as never));

  it.each(ruleChecked.map((e) => [e.code] as const))('%s has no rule findings (after its repair, if any)', (code) => {
    const { findings, readable } = checkMessage(Buffer.from(example(code).toString()));
    expect(readable).toBe(true);
    expect(findings.map((f) => `${f.code} ${f.location}: ${f.message}`)).toEqual([]);
  });

  it.each(REPAIRED_EXAMPLES.filter((c) => c !== 'JW315').map((c) => [c] as const))(
    '%s as published breaks a rule, so its repair is needed',
    (code) => {
      const published = examples().find((e) => e.code === code)!;
      const { findings } = checkMessage(readFileSync(published.file));
      expect(findings.length).toBeGreaterThan(0);
    },
  );
});
