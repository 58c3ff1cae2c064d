import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { watchForStarvation } from '../../temporal/starvation-watchdog.ts';
import { installQuietRuntime } from '../helpers/temporal.ts';
import { waitFor } from '../helpers/wait.ts';

// The watchdog against the real server: it reads the queue's backlog with DescribeTaskQueue and
// the worker's own activations, and stops a worker only when tasks wait that it does not take.
// The core bug it guards against cannot be called up on purpose, so the starved queue here is one
// no worker polls, watched by an idle worker; the queue the worker serves does not trip it.
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
const served = `watchdog-served-${randomBytes(4).toString('hex')}`;
const unpolled = `watchdog-unpolled-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  installQuietRuntime();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: served,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {},
  });
  running = worker.run();
  await waitFor('the worker to run', () => worker.getState() === 'RUNNING', { timeoutMs: 30_000 });
}, 60_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await nativeConnection?.close();
  await connection?.close();
});

const logs: string[] = [];
const logger = { error: (_: object, msg: string) => logs.push(msg), warn: (_: object, msg: string) => logs.push(msg) };

it('stops a worker when workflow tasks wait past the bound and it works on none', async () => {
  const waiting = await client.workflow.start('notAWorkflowHere', {
    taskQueue: unpolled,
    workflowId: `watchdog-${unpolled}`,
  });
  let starved = false;
  const stop = watchForStarvation({
    client,
    worker,
    namespace: 'default',
    taskQueue: unpolled,
    logger,
    onStarved: () => (starved = true),
    starvedAfterMs: 1_000,
    checkEveryMs: 500,
  });
  try {
    await waitFor('the watchdog to see the starved queue twice', () => starved, { timeoutMs: 30_000 });
  } finally {
    stop();
    await waiting.terminate('watchdog test done');
  }
  expect(logs.some((l) => l.includes('stopping so that the process manager starts it fresh'))).toBe(true);
});

it('leaves a worker alone whose queue it serves', async () => {
  let starved = false;
  let checks = 0;
  const stop = watchForStarvation({
    client,
    worker,
    namespace: 'default',
    taskQueue: served,
    logger,
    onStarved: () => (starved = true),
    onSample: () => checks++,
    starvedAfterMs: 1_000,
    checkEveryMs: 200,
  });
  try {
    await waitFor('five checks of the served queue', () => checks >= 5, { timeoutMs: 30_000 });
  } finally {
    stop();
  }
  expect(starved).toBe(false);
});
