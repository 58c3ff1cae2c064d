import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { OrganisationFixture } from './organisation.ts';
import { waitFor } from './wait.ts';

const workerEntry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const children = new Set<ChildProcess>();

/**
 * The real worker in its own process, so a test can kill it the hard way. Resolves once it polls.
 * `sdkLogLevel` ERROR drops the SDK's warning per failed activity attempt, for tests whose faults
 * fail thousands of them on purpose.
 */
export async function startWorkerProcess(
  fx: Pick<OrganisationFixture, 'config' | 'db' | 'sink'>,
  extra: Record<string, string> = {},
  { sdkLogLevel = 'WARN' }: { sdkLogLevel?: 'WARN' | 'ERROR' } = {},
): Promise<ChildProcess> {
  const overrides = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: fx.config.TEMPORAL_TASK_QUEUE,
    PAYLOAD_CODEC_KEY: fx.config.PAYLOAD_CODEC_KEY,
    DATABASE_URL: fx.db.url,
    SMTP_URL: fx.sink.url,
    SERVICEDESK_EMAIL: fx.config.SERVICEDESK_EMAIL,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    // Last, so a test can point the worker at a Temporal server of its own.
    ...extra,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: {
      ...process.env,
      PZ_TEST_WORKER_CONFIG: JSON.stringify(overrides),
      PZ_TEST_WORKER_SDK_LOG_LEVEL: sdkLogLevel,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  // Fails at once when the process dies before it is ready (a bad import, a bad config).
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`worker process exited with ${String(code)} before it was ready`);
  });
  exited.catch(() => undefined); // once ready, a later exit is expected (the test kills it)
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await Promise.race([
    exited,
    waitFor('the worker process to be ready', () => output.includes('ready'), { timeoutMs: 90_000 }),
  ]);
  return child;
}

export async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** For afterAll: no worker process outlives its test file. */
export function killWorkerProcesses(): void {
  for (const child of children) child.kill('SIGKILL');
}
