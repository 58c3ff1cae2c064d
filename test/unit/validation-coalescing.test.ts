import { describe, expect, it } from 'vitest';
import { CoalescingValidator } from '../../validation/coalescing.ts';
import type { FileInput, FileResult } from '../../validation/validator.ts';

/** A validator that records each run and answers per file with its name as messageCode. */
function recordingValidator(options: { fail?: (files: readonly FileInput[]) => boolean } = {}) {
  const runs: string[][] = [];
  let release: (() => void) | undefined;
  const gate = { hold: false };
  return {
    runs,
    gate,
    releaseAll: () => release?.(),
    async validate(files: readonly FileInput[]): Promise<FileResult[]> {
      runs.push(files.map((f) => f.name));
      if (gate.hold) await new Promise<void>((resolve) => (release = resolve));
      if (options.fail?.(files)) throw new Error('schema missing');
      return files.map((f) => ({ name: f.name, valid: true, messageCode: f.name, findings: [] }));
    },
  };
}

const file = (name: string): FileInput => ({ name, bytes: new Uint8Array([60]) });

describe('CoalescingValidator', () => {
  it('runs concurrent requests together and gives each caller its own results in order', async () => {
    const inner = recordingValidator();
    const validator = new CoalescingValidator(inner, { windowMs: 20 });
    const [a, b, c] = await Promise.all([validator.validate([file('a1'), file('a2')]), validator.validate([file('b1')]), validator.validate([file('c1'), file('c2')])]);
    expect(inner.runs).toEqual([['a1', 'a2', 'b1', 'c1', 'c2']]);
    expect(a.map((r) => r.name)).toEqual(['a1', 'a2']);
    expect(b.map((r) => r.name)).toEqual(['b1']);
    expect(c.map((r) => r.name)).toEqual(['c1', 'c2']);
  });

  it('splits at maxFiles and never mixes a caller across runs', async () => {
    const inner = recordingValidator();
    const validator = new CoalescingValidator(inner, { windowMs: 20, maxFiles: 3 });
    await Promise.all([validator.validate([file('a1'), file('a2')]), validator.validate([file('b1'), file('b2')]), validator.validate([file('c1')])]);
    expect(inner.runs).toEqual([['a1', 'a2'], ['b1', 'b2', 'c1']]);
  });

  it('gathers requests while the runs are busy and sends them together when one finishes', async () => {
    const inner = recordingValidator();
    inner.gate.hold = true;
    const validator = new CoalescingValidator(inner, { windowMs: 1, maxInFlight: 1 });
    const first = validator.validate([file('a')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = [validator.validate([file('b')]), validator.validate([file('c')])];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inner.runs).toEqual([['a']]);
    inner.gate.hold = false;
    inner.releaseAll();
    await Promise.all([first, ...later]);
    expect(inner.runs).toEqual([['a'], ['b', 'c']]);
  });

  it('fails the callers of a failing run with its error', async () => {
    const inner = recordingValidator({ fail: () => true });
    const validator = new CoalescingValidator(inner, { windowMs: 5 });
    await expect(Promise.all([validator.validate([file('a')]), validator.validate([file('b')])])).rejects.toThrow('schema missing');
  });
});
