import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { expectLoadSettled, runLoad, SCENARIO_TIMEOUT_MS } from '../helpers/load.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { twoMunicipalities } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

// Faults under load, on the shared Temporal server and PostgreSQL: the worker killed with SIGKILL
// half-way and a new one started; VECOZO unavailable for a while; VECOZO hanging (deliveries taken
// in, no answer) until senders give up. Every exchange still ends afgerond, each message reaches
// the chain once (its referentienummer is the idempotency key the chain keeps), each exchange has
// exactly one retour, each registration one notification with one e-mail, and no notice is sent.
let system: AppSystem;
const EXCHANGES = 200;
const REGISTRATIONS = 50;

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-load-kill') },
    worker: false,
    retourDelayMs: 0,
  });
  const setUp = await startWorker();
  await twoMunicipalities(system.web);
  await stopWorkerProcess(setUp, 'SIGTERM');
}, 180_000);

afterAll(async () => {
  killWorkerProcesses();
  await system?.stop();
});

const startWorker = () =>
  startWorkerProcess(
    { config: system.web.config, db: system.db, sink: system.sink },
    {
      TEMPORAL_NAMESPACE: system.web.config.TEMPORAL_NAMESPACE,
      VECOZO_URL: system.chain.vecozoUrl,
      CAK_URL: system.chain.cakUrl,
    },
    // VECOZO refusing or hanging fails hundreds of deliveries, each a warning; the counts say what happened.
    { sdkLogLevel: 'ERROR' },
  );

it(
  `ends ${EXCHANGES} exchanges and ${REGISTRATIONS} registrations once each after the worker is killed mid-way`,
  { timeout: SCENARIO_TIMEOUT_MS },
  async () => {
    let worker = await startWorker();
    const run = await runLoad(system, {
      label: 'after SIGKILL of the worker under load',
      prefix: 'LK',
      exchanges: EXCHANGES,
      registrations: REGISTRATIONS,
      // Half-way, with exchanges and registrations in every stage: kill the worker the hard way.
      fault: async () => {
        await stopWorkerProcess(worker, 'SIGKILL');
        worker = await startWorker();
      },
    });
    expect(run.beforeFault.length).toBeGreaterThan(0);
    await expectLoadSettled(system, run);
    await stopWorkerProcess(worker, 'SIGTERM');
  },
);

it(
  `ends all ${EXCHANGES} exchanges once each when VECOZO refuses with 503 for a while`,
  { timeout: SCENARIO_TIMEOUT_MS },
  async () => {
    const worker = await startWorker();
    const OUTAGE = 300;
    system.chain.failNext('VECOZO', OUTAGE, 'unavailable');
    const run = await runLoad(system, {
      label: `VECOZO unavailable for the first ${OUTAGE} deliveries under load`,
      prefix: 'LU',
      exchanges: EXCHANGES,
      registrations: 0,
    });
    await expectLoadSettled(system, run);
    await stopWorkerProcess(worker, 'SIGTERM');
  },
);

it(
  `ends ${EXCHANGES} exchanges and ${REGISTRATIONS} registrations once each when VECOZO hangs until senders give up`,
  { timeout: SCENARIO_TIMEOUT_MS },
  async () => {
    const worker = await startWorker();
    let hang: ReturnType<AppSystem['chain']['hang']> | undefined;
    const run = await runLoad(system, {
      label: 'VECOZO hanging (taken in, not answered) under load',
      prefix: 'LH',
      exchanges: EXCHANGES,
      registrations: REGISTRATIONS,
      // From half-way on, every delivery is taken in and left without an answer; uploads go on.
      fault: async () => {
        hang = system.chain.hang('VECOZO');
      },
    });
    // Hanging until the worker gives up on a delivery (its HTTP timeout) and tries again.
    await waitFor('a delivery abandoned by the worker', () => hang!.abandoned() > 0, { timeoutMs: 120_000 });
    console.log(`VECOZO hang: ${hang!.held()} requests held, ${hang!.abandoned()} abandoned by the worker at release`);
    hang!.release();
    await expectLoadSettled(system, run);
    await stopWorkerProcess(worker, 'SIGTERM');
  },
);
