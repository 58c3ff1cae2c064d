import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT as projectRoot } from '../helpers/istandaarden.ts';

/** Runs the fixture in its own Node process: the failure it guards against kills the process. */
function runChild(script: string, url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, script), url], { cwd: projectRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a PostgreSQL connection that closes under a transaction', () => {
  it('rejects the query that was about to be written instead of killing the process (postgres.js patched on install)', async () => {
    const result = await runChild('test/fixtures/postgres/closed-before-write.mjs', inject('postgresUrl'));
    expect(result.stderr, 'run `npm ci` (its postinstall patches postgres.js, scripts/patch-dependencies.mjs)').toBe(
      '',
    );
    expect(result.stdout).toBe('rejected CONNECTION_CLOSED\nalive\n');
    expect(result.code).toBe(0);
  }, 30_000);
});
