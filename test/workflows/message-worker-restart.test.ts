import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditEvents, messages } from '../../db/schema.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { commandDeps, messageRow, municipalActor, ownExample, waitForState } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { AMSTERDAM, twoMunicipalities } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

let system: AppSystem;
const AGB = '42420001';
const actor = municipalActor({ ...AMSTERDAM, subject: 'herstart' }, 'Amsterdam', ['iwmo']);

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-msg-kill') },
    worker: false,
  });
}, 180_000);

afterAll(async () => {
  killWorkerProcesses();
  await system?.stop();
});

it('completes an exchange once after the worker is killed while VECOZO is down', { timeout: 150_000 }, async () => {
  const workerConfig = {
    TEMPORAL_NAMESPACE: system.web.config.TEMPORAL_NAMESPACE,
    VECOZO_URL: system.chain.vecozoUrl,
    CAK_URL: system.chain.cakUrl,
  };
  const fx = { config: system.web.config, db: system.db, sink: system.sink };
  const first = await startWorkerProcess(fx, workerConfig);
  await twoMunicipalities(system.web);

  system.chain.failNext('VECOZO', 2, 'unavailable');
  const deps = commandDeps(system);
  const { xml } = ownExample('WMO301', '0363', { agb: AGB });
  const outcome = await submitUpload(
    deps,
    actor,
    'iwmo',
    { fileName: 'WMO301.xml', bytes: Buffer.from(xml) },
    { confirmFindings: false },
  );
  const id = outcome.files[0]!.referentienummer!;
  // Killed once the exchange is on record and its delivery is being retried.
  await waitFor('the exchange on record', () => messageRow(system.db, id));
  await stopWorkerProcess(first, 'SIGKILL');
  expect(system.chain.deliveryCount(id)).toBe(0);

  const second = await startWorkerProcess(fx, workerConfig);
  const done = await waitForState(system.db, id, 'afgerond', 120_000);
  expect(system.chain.deliveryCount(id)).toBe(1);
  expect(done.answeredBy).toHaveLength(1);
  const rows = await system.db.db
    .select()
    .from(messages)
    .where(eq(messages.workflowId, `msg/${id}`));
  expect(rows.map((r) => r.messageCode).sort()).toEqual(['WMO301', 'WMO302']);
  const audit = await system.db.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subject, id), eq(auditEvents.event, 'message_afgerond')));
  expect(audit).toHaveLength(1);
  await stopWorkerProcess(second, 'SIGTERM');
});
