import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { buildWorkflowBundle } from '../../scripts/build-workflows.ts';
import { runRegistertoets } from '../../usecases/wlz.ts';
import { testEnv } from '../helpers/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { connectTestClient } from '../helpers/temporal.ts';
import { waitFor } from '../helpers/wait.ts';

// The production path of the worker: the bundle built ahead of time by the build script, loaded
// by the real entry point through WORKFLOW_BUNDLE_PATH, runs a workflow to its end.
let db: TestDatabase;
let dir: string;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'pz-bundle-'));
});

afterAll(async () => {
  worker?.kill('SIGKILL');
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the pre-built workflow bundle', () => {
  it('is what the worker entry point runs when WORKFLOW_BUNDLE_PATH names it', { timeout: 120_000 }, async () => {
    const bundlePath = await buildWorkflowBundle(join(dir, 'dist', 'workflow-bundle.js'));
    expect((await stat(bundlePath)).size).toBeGreaterThan(0);

    const env = testEnv({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: db.url,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      LOG_LEVEL: 'info',
    });
    worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../worker.ts', import.meta.url))], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(worker, 'exit').then(([code]) => {
      throw new Error(`the worker exited with ${String(code)}:\n${output}`);
    });
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor('the worker to run', () => output.includes('worker running'), { timeoutMs: 60_000 }),
    ]);
    expect(output).toContain(bundlePath);

    const config = loadConfig(env);
    const client = await connectTestClient(config);
    try {
      const answer = await Promise.race([
        exited,
        runRegistertoets(client, config, {
          gemeentecode: '0363',
          actor: 'user/0363/bundle-test',
          purpose: 'aanvraag',
          bsn: '111222333', // passes the 11-proef, odd last digit: the CIZ simulator says Nee
        }),
      ]);
      expect(answer).toMatchObject({ outcome: 'nee' });
    } finally {
      await client.connection.close();
    }
  });
});
