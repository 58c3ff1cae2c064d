import { describe, expect, it } from 'vitest';
import { allTables, catalogue } from '../../validation/rules/registry.ts';

/**
 * Coverage is visible: every rule the official validation module names is, per standard, either
 * checked by some message type's table or listed there as not checked with a reason; and tables
 * only use codes their catalogue defines.
 */
describe.each(['iwmo', 'ijw'] as const)('the %s rule tables', (standard) => {
  const tables = allTables().filter((t) => t.standard === standard);
  const checked = new Set(tables.flatMap((t) => t.checks.map((c) => c.code)));
  const notChecked = new Set(tables.flatMap((t) => t.notChecked.map((n) => n.code)));

  it('use only codes of the catalogue', () => {
    expect([...checked, ...notChecked].filter((code) => !catalogue(standard).has(code))).toEqual([]);
  });

  it('account for every rule of the catalogue', () => {
    expect([...catalogue(standard).keys()].filter((code) => !checked.has(code) && !notChecked.has(code))).toEqual([]);
  });

  it('give a reason for every rule they do not check', () => {
    for (const t of tables)
      for (const n of t.notChecked) expect(n.reason.length, `${t.message} ${n.code}`).toBeGreaterThan(20);
  });

  it('never both check a code and call it not checked in the same message type', () => {
    for (const t of tables) {
      const here = new Set(t.checks.map((c) => c.code));
      expect(t.notChecked.filter((n) => here.has(n.code)).map((n) => `${t.message} ${n.code}`)).toEqual([]);
    }
  });
});
