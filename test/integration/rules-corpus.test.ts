/// <reference types="vite/client" />
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_CHECKED, type Standard } from '../../domain/messages/message-codes.ts';
import { allTables, catalogue } from '../../validation/rules/registry.ts';
import { createValidator } from '../../validation/validator.ts';
import { example } from '../helpers/mutate.ts';
import { istandaardenDir } from '../helpers/istandaarden.ts';
import type { CorpusCase } from '../rules-corpus/case.ts';

/**
 * The proof of the rule tables: for every rule code a table checks, at least one official example
 * edited so that it breaks only that rule (XSD-valid, findings of exactly that code) and one that
 * exercises the rule and satisfies it (no findings). Every official example stays valid. The test
 * prints what each code rejects and accepts.
 */

const modules = import.meta.glob<{ CASES: readonly CorpusCase[] }>('../rules-corpus/*.ts', { eager: true });
const CASES = Object.entries(modules)
  .filter(([path]) => !path.endsWith('/case.ts'))
  .flatMap(([, module]) => module.CASES ?? []);

const standardOf = (exampleCode: string): Standard => (exampleCode.startsWith('WMO') ? 'iwmo' : 'ijw');
const validator = createValidator(istandaardenDir());
const overview: string[] = [];

afterAll(() => {
  process.stdout.write(`\nRule corpus (${CASES.length} cases):\n${overview.sort().join('\n')}\n`);
});

describe('every checked rule code has a corpus case that breaks it and one that satisfies it', () => {
  for (const standard of ['iwmo', 'ijw'] as const) {
    it(`${standard}: coverage`, () => {
      const checked = new Set(
        allTables()
          .filter((t) => t.standard === standard)
          .flatMap((t) => t.checks.map((c) => c.code)),
      );
      const missing: string[] = [];
      for (const code of [...checked].sort()) {
        const cases = CASES.filter((c) => c.code === code && standardOf(c.example) === standard);
        if (!cases.some((c) => c.expect === 'breaks')) missing.push(`${code} (no case that breaks it)`);
        if (!cases.some((c) => c.expect === 'satisfies')) missing.push(`${code} (no case that satisfies it)`);
      }
      expect(missing).toEqual([]);
    });

    it(`${standard}: every case names a code of the catalogue and a rule-checked example`, () => {
      for (const c of CASES.filter((x) => standardOf(x.example) === standard)) {
        expect(catalogue(standard).has(c.code), `${c.code} in the ${standard} catalogue`).toBe(true);
        expect(RULE_CHECKED.has(c.example.slice(-3) as never), `${c.example} is rule-checked`).toBe(true);
      }
    });
  }
});

describe('corpus cases', () => {
  it.each(CASES.map((c) => [`${c.code} ${c.expect} ${c.example}: ${c.what}`, c] as const))('%s', async (_name, c) => {
    const message = example(c.example);
    c.edit(message);
    const [result] = await validator.validate([{ name: `${c.example}.xml`, bytes: Buffer.from(message.toString()) }]);
    const found = result!.findings.map((f) => `${f.code} ${f.location}: ${f.message}`);
    overview.push(
      `${c.code.padEnd(6)} ${c.expect === 'breaks' ? 'rejects' : 'accepts'} ${c.example}: ${c.what}${c.expect === 'breaks' ? ` → ${result!.findings.map((f) => f.location).join(', ')}` : ''}`,
    );
    if (c.expect === 'satisfies') {
      expect(found).toEqual([]);
    } else {
      expect(result!.findings.length, 'at least one finding').toBeGreaterThan(0);
      const allowed = [c.code, ...(c.also ?? [])];
      expect(found.filter((f) => !allowed.some((code) => f.startsWith(`${code} `)))).toEqual([]);
      for (const code of allowed)
        expect(
          result!.findings.some((f) => f.code === code),
          `a finding of ${code}`,
        ).toBe(true);
    }
  });
});
