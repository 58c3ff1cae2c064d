import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { messages, notifications } from '../../db/schema.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { commandDeps, municipalActor, ownExample } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { AMSTERDAM, twoMunicipalities } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

// Faults under load. A worker killed with SIGKILL while 200 exchanges are under way, and a new one
// started; VECOZO unavailable for a while during 200 exchanges. Every exchange still ends afgerond,
// each message reaches the chain once (its referentienummer is the idempotency key the chain
// keeps), each exchange has exactly one retour, and no notice is sent.
let system: AppSystem;
const AGB = '42420001';
const EXCHANGES = 200;
const CONCURRENCY = 20;
const actor = municipalActor({ ...AMSTERDAM, subject: 'last' }, 'Amsterdam', ['iwmo']);

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-load-kill') },
    worker: false,
    retourDelayMs: 0,
  });
}, 180_000);

afterAll(async () => {
  killWorkerProcesses();
  await system?.stop();
});

/** EXCHANGES own WMO301 uploads, CONCURRENCY at a time, each 'sent'; `afterEach` sees the ids so far. */
async function uploadAll(
  prefix: string,
  afterEach: (ids: string[]) => Promise<void> = async () => {},
): Promise<string[]> {
  const deps = commandDeps(system);
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EXCHANGES) {
        const i = next++;
        const { xml } = ownExample('WMO301', '0363', {
          agb: AGB,
          identificatie: `${prefix}${String(i).padStart(6, '0')}`,
        });
        const outcome = await submitUpload(
          deps,
          actor,
          'iwmo',
          { fileName: `WMO301-${i}.xml`, bytes: Buffer.from(xml) },
          { confirmFindings: false },
        );
        expect(outcome.status, JSON.stringify(outcome.files[0]?.problems)).toBe('sent');
        ids.push(outcome.files[0]!.referentienummer!);
        await afterEach(ids);
      }
    }),
  );
  return ids;
}

it(`ends all ${EXCHANGES} exchanges once each after the worker is killed mid-way`, { timeout: 300_000 }, async () => {
  const workerConfig = {
    TEMPORAL_NAMESPACE: system.web.config.TEMPORAL_NAMESPACE,
    VECOZO_URL: system.chain.vecozoUrl,
    CAK_URL: system.chain.cakUrl,
  };
  const fx = { config: system.web.config, db: system.db, sink: system.sink };
  const first = await startWorkerProcess(fx, workerConfig);
  await twoMunicipalities(system.web);
  let killed = false;
  let second: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  const ids = await uploadAll('LK', async (sofar) => {
    // Half-way through the uploads, with exchanges in every stage: kill the worker the hard way.
    if (killed || sofar.length < EXCHANGES / 2) return;
    killed = true;
    await stopWorkerProcess(first, 'SIGKILL');
    second = await startWorkerProcess(fx, workerConfig);
  });
  expect(killed).toBe(true);

  const rows = await waitFor(
    `all ${EXCHANGES} exchanges afgerond`,
    async () => {
      const found = await system.db.db
        .select({
          id: messages.id,
          state: messages.state,
          workflowId: messages.workflowId,
          messageCode: messages.messageCode,
        })
        .from(messages);
      const outgoing = found.filter((r) => ids.includes(r.id));
      return outgoing.length === EXCHANGES && outgoing.every((r) => r.state === 'afgerond') ? found : undefined;
    },
    { timeoutMs: 240_000 },
  );
  const retoursPerExchange = new Map<string, number>();
  for (const r of rows)
    if (r.messageCode === 'WMO302')
      retoursPerExchange.set(r.workflowId, (retoursPerExchange.get(r.workflowId) ?? 0) + 1);
  const accepted = ids.map((id) => system.chain.deliveryCount(id));
  const attempts = ids.map((id) => system.chain.deliveryAttempts(id));
  const overdueNotices = await system.db.db
    .select()
    .from(notifications)
    .where(inArray(notifications.kind, ['message_overdue', 'message_expired']));
  console.log(
    `after SIGKILL of the worker under load: ${EXCHANGES} exchanges, ${rows.filter((r) => ids.includes(r.id) && r.state === 'afgerond').length} afgerond; ` +
      `deliveries accepted by the chain ${accepted.reduce((a, b) => a + b, 0)} (attempts ${attempts.reduce((a, b) => a + b, 0)}, repeated ${attempts.filter((n) => n > 1).length}); ` +
      `retours ${[...retoursPerExchange.values()].reduce((a, b) => a + b, 0)}; overdue notices ${overdueNotices.length}`,
  );
  expect(accepted.every((n) => n === 1)).toBe(true);
  expect(ids.map((id) => retoursPerExchange.get(`msg/${id}`) ?? 0).every((n) => n === 1)).toBe(true);
  expect(new Set(ids).size).toBe(EXCHANGES);
  expect(overdueNotices).toHaveLength(0);
  await stopWorkerProcess(second!, 'SIGTERM');
});

it(
  `ends all ${EXCHANGES} exchanges once each when VECOZO refuses with 503 for a while`,
  { timeout: 300_000 },
  async () => {
    const workerConfig = {
      TEMPORAL_NAMESPACE: system.web.config.TEMPORAL_NAMESPACE,
      VECOZO_URL: system.chain.vecozoUrl,
      CAK_URL: system.chain.cakUrl,
    };
    const worker = await startWorkerProcess(
      { config: system.web.config, db: system.db, sink: system.sink },
      workerConfig,
    );
    const OUTAGE = 300;
    system.chain.failNext('VECOZO', OUTAGE, 'unavailable');
    const ids = await uploadAll('LU');
    const rows = await waitFor(
      `all ${EXCHANGES} exchanges afgerond after the outage`,
      async () => {
        const found = await system.db.db
          .select({
            id: messages.id,
            state: messages.state,
            workflowId: messages.workflowId,
            messageCode: messages.messageCode,
          })
          .from(messages);
        const outgoing = found.filter((r) => ids.includes(r.id));
        return outgoing.length === EXCHANGES && outgoing.every((r) => r.state === 'afgerond') ? found : undefined;
      },
      { timeoutMs: 240_000 },
    );
    const retours = rows.filter((r) => r.messageCode === 'WMO302' && ids.includes(r.workflowId.slice(4))).length;
    const accepted = ids.map((id) => system.chain.deliveryCount(id));
    console.log(
      `VECOZO unavailable for the first ${OUTAGE} deliveries under load: ${EXCHANGES} exchanges afgerond; deliveries accepted ${accepted.reduce((a, b) => a + b, 0)}; retours ${retours}`,
    );
    expect(accepted.every((n) => n === 1)).toBe(true);
    expect(retours).toBe(EXCHANGES);
    await stopWorkerProcess(worker, 'SIGTERM');
  },
);
