import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { organisationStateQuery, organisationWorkflowId } from '../../workflows/organisation/messages.ts';
import {
  auditOf,
  gemeentecodeSequence,
  mailsAbout,
  recordAgreementOf,
  register,
  reminderNotificationsOf,
  setUpOrganisationFixture,
  type OrganisationFixture,
} from '../helpers/organisation.ts';
import { waitFor } from '../helpers/wait.ts';

const workerEntry = fileURLToPath(new URL('../helpers/worker-process.ts', import.meta.url));
const nextCode = gemeentecodeSequence(8);
const children = new Set<ChildProcess>();
let fx: OrganisationFixture;

beforeAll(async () => {
  fx = await setUpOrganisationFixture();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await fx?.close();
});

/** The real worker in its own process, so it can die the hard way. Resolves once it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const overrides = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: fx.config.TEMPORAL_TASK_QUEUE,
    PAYLOAD_CODEC_KEY: fx.config.PAYLOAD_CODEC_KEY,
    DATABASE_URL: fx.db.url,
    SMTP_URL: fx.sink.url,
    SERVICEDESK_EMAIL: fx.config.SERVICEDESK_EMAIL,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: { ...process.env, PZ_TEST_WORKER_CONFIG: JSON.stringify(overrides), PZ_TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath') },
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
  await Promise.race([exited, waitFor('the worker process to be ready', () => output.includes('ready'), { timeoutMs: 30_000 })]);
  return child;
}

async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

it('sends exactly one reminder when the worker is killed while the reminder timer runs', { timeout: 90_000 }, async () => {
  const code = nextCode();
  const handle = fx.client.workflow.getHandle(organisationWorkflowId(code));
  const first = await startWorkerProcess();

  await register(fx, { gemeentecode: code }, { ms: 6000 });
  await recordAgreementOf(fx, code, { kind: 'vecozo' });
  await waitFor('the reminder timer to start', async () => (await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes));

  await stopWorkerProcess(first, 'SIGKILL');
  const { events } = await handle.fetchHistory();
  expect(events?.some((e) => e.timerFiredEventAttributes), 'the timer fired before the worker was killed').toBe(false);
  expect(await reminderNotificationsOf(fx.db, code)).toEqual([]);

  const second = await startWorkerProcess();
  const state = await waitFor('the reminder after the restart', async () => {
    const s = await handle.query(organisationStateQuery);
    return s?.reminderSentAt ? s : undefined;
  }, { timeoutMs: 45_000 });
  expect(state.agreements.vecozo).toBeDefined();

  expect(await reminderNotificationsOf(fx.db, code)).toHaveLength(1);
  const mails = mailsAbout(fx.sink, code);
  expect(mails).toHaveLength(1);
  expect(mails[0]?.text).toContain('Aansluitings- en verwerkersovereenkomst met het Inlichtingenbureau');
  expect((await auditOf(fx.db, code)).filter((a) => a.event === 'agreement_reminder_sent')).toHaveLength(1);

  await stopWorkerProcess(second, 'SIGTERM');
  expect(second.exitCode).toBe(0);
});
