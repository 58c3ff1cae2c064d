/**
 * Benchmark of the message exchange, end to end: N message exchanges end to end. Each is an official
 * example WMO301 (read from `../shared/istandaarden` at bench time) made into one of 0363's own
 * with its own Identificatie, uploaded through web's own `submitUpload` (file checks, XSD and rule
 * validation, routing, the exchange workflow started), delivered by the real worker to VECOZO
 * (the chain simulator), answered by a WMO302 that the simulator POSTs to the web app's inbound
 * endpoint, and followed in the `messages` read model until it is 'afgerond'. Against a baseline
 * in the same run: the same number of Update-with-Start round trips on a trivial workflow, at the
 * same concurrency. Its own Temporal dev server, PostgreSQL and SMTP sink; the real web app (on a
 * real port) and worker in this process.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import { messages } from '../db/schema.ts';
import { startChainSimulator } from '../gateways/simulators/chain.ts';
import { createLogger } from '../logger.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { istandaardenDir } from '../test/helpers/istandaarden.ts';
import { municipalActor, ownExample } from '../test/helpers/messages.ts';
import { createApp } from '../web/app.ts';
import { createMessageValidation } from '../usecases/message-validation.ts';
import { submitUpload } from '../usecases/upload.ts';
import type { Validator } from '../validation/validator.ts';
import type { WebDeps } from '../web/deps.ts';
import { activeGemeente, startBenchSystem } from './lib/environment.ts';
import { ms, percentile, pool, report } from './lib/stats.ts';
import { touchUpdate, type baselineWorkflow } from './workflows/baseline.ts';

const GEMEENTE = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
const AGB = '42420001';
const WARMUP = 20;
const POLL_MS = 50;
/** End states of an outgoing 301 here: anything but 'afgerond' is a failed exchange (te_laat can still be answered). */
const FINAL_STATES = ['afgerond', 'afgekeurd', 'niet_afgeleverd', 'verlopen'];

type Outstanding = { start: number; submitted: number };
type Exchanged = { total: number[]; upload: number[]; after: number[]; failures: string[]; wallMs: number };

export async function benchExchanges(options: {
  exchanges: number;
  concurrency: number;
  timeoutMs?: number;
}): Promise<void> {
  const schemaDir = istandaardenDir();
  const chain = await startChainSimulator({ port: 0, retourDelayMs: 0 });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const server = createServer();
  let system: Awaited<ReturnType<typeof startBenchSystem>> | undefined;
  let validator: Validator | undefined;
  try {
    system = await startBenchSystem('exchanges', () => ({
      PUBLIC_URL: publicUrl,
      SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
      VECOZO_URL: chain.vecozoUrl,
      CAK_URL: chain.cakUrl,
      ISTANDAARDEN_SCHEMA_DIR: schemaDir,
    }));
    const { client, config, baselineQueue, db } = system;
    const logger = createLogger({ level: 'warn', pretty: false, name: 'bench-web' });
    validator = createMessageValidation(config).validator;
    const deps: WebDeps = { config, db, temporal: client, logger, validator };
    const { app } = createApp(deps);
    server.on('request', app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    chain.setPortal({ url: `${publicUrl}/stuf/berichten`, token: config.STUF_INBOUND_TOKEN });

    await activeGemeente(system, GEMEENTE);
    const actor = municipalActor({ ...GEMEENTE, subject: 'bench-gebruiker' }, GEMEENTE.name, ['iwmo']);
    const timeoutMs = options.timeoutMs ?? Math.max(300_000, options.exchanges * 2_000);

    /** `count` exchanges, `concurrency` uploads at a time; one query per poll for all outstanding ones. */
    const exchange = async (count: number, prefix: string): Promise<Exchanged> => {
      const outstanding = new Map<string, Outstanding>();
      const result: Exchanged = { total: [], upload: [], after: [], failures: [], wallMs: 0 };
      const started = performance.now();
      let uploading = true;
      const poller = (async () => {
        while (uploading || outstanding.size > 0) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (outstanding.size === 0) continue;
          const rows = await db
            .select({ id: messages.id, state: messages.state })
            .from(messages)
            .where(inArray(messages.id, [...outstanding.keys()]));
          const now = performance.now();
          for (const row of rows) {
            const o = outstanding.get(row.id);
            if (!o || !FINAL_STATES.includes(row.state)) continue;
            outstanding.delete(row.id);
            if (row.state !== 'afgerond') {
              result.failures.push(`${row.id}: ${row.state}`);
              continue;
            }
            result.total.push(now - o.start);
            result.after.push(now - o.submitted);
          }
          if (now - started > timeoutMs)
            throw new Error(`${outstanding.size} exchanges not afgerond after ${timeoutMs} ms`);
        }
      })();
      poller.catch(() => undefined); // awaited below; a failure surfaces there, not as an unhandled rejection
      try {
        await pool(count, options.concurrency, async (i) => {
          // Identificatie: at most 12 characters, unique per run (the database is the bench's own).
          const { xml } = ownExample('WMO301', GEMEENTE.gemeentecode, {
            agb: AGB,
            identificatie: `${prefix}${String(i).padStart(6, '0')}`,
          });
          const start = performance.now();
          const outcome = await submitUpload(
            deps,
            actor,
            'iwmo',
            { fileName: `WMO301-${i}.xml`, bytes: Buffer.from(xml) },
            { confirmFindings: false },
          );
          const submitted = performance.now();
          const id = outcome.files[0]?.referentienummer;
          if (outcome.status !== 'sent' || !id) {
            result.failures.push(
              `upload ${i}: ${outcome.status} ${JSON.stringify(outcome.files.map((f) => [...f.problems, ...f.findings]))}`,
            );
            return;
          }
          result.upload.push(submitted - start);
          outstanding.set(id, { start, submitted });
        });
      } finally {
        uploading = false;
        await poller;
      }
      result.wallMs = performance.now() - started;
      return result;
    };

    /** The baseline: Update-with-Start on a fresh trivial workflow, `concurrency` at a time. */
    const baseline = async (count: number, prefix: string): Promise<{ samples: number[]; wallMs: number }> => {
      const samples: number[] = [];
      const wallMs = await pool(count, options.concurrency, async (i) => {
        const startWorkflowOperation = new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
          workflowId: `bench/exchange-baseline-${prefix}-${i}`,
          taskQueue: baselineQueue,
          args: [],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        const start = performance.now();
        await client.workflow.executeUpdateWithStart(touchUpdate, {
          args: [{ step: 'start' }],
          startWorkflowOperation,
        });
        samples.push(performance.now() - start);
      });
      return { samples, wallMs };
    };

    // Warm-up of both paths (schemas compiled, bundles loaded, connections open), not measured.
    const warm = await exchange(WARMUP, 'BW');
    if (warm.failures.length) throw new Error(`warm-up exchanges failed: ${warm.failures.slice(0, 3).join('; ')}`);
    await baseline(WARMUP, 'warm');

    const base = await baseline(options.exchanges, 'run');
    const run = await exchange(options.exchanges, 'BX');

    const perSecond = (n: number, wallMs: number) => (n / wallMs) * 1000;
    const exchangesPerSecond = perSecond(run.total.length, run.wallMs);
    const basePerSecond = perSecond(options.exchanges, base.wallMs);
    const p = (samples: number[], q: number) => ms(percentile(samples, q));
    const portalErrors = chain.portalErrors();
    report(
      `message exchange end to end (upload → routed → retour → afgerond), ${options.exchanges} WMO301s, ${options.concurrency} uploads at a time`,
      [
        `baseline (Update-with-Start on a trivial workflow, same count and concurrency): ${basePerSecond.toFixed(1)} per second, p50 ${p(base.samples, 50)}, p95 ${p(base.samples, 95)}`,
        `exchanges: ${run.total.length} afgerond in ${ms(run.wallMs)} wall time: ${exchangesPerSecond.toFixed(1)} per second`,
        `ratio baseline ÷ exchange throughput: ${(basePerSecond / exchangesPerSecond).toFixed(2)}`,
        `latency submit → afgerond: p50 ${p(run.total, 50)}, p95 ${p(run.total, 95)} (ratio p95 ÷ baseline p95: ${(percentile(run.total, 95) / percentile(base.samples, 95)).toFixed(2)})`,
        `  of which submitUpload (file checks, XSD + rules, routing, store, workflow start): p50 ${p(run.upload, 50)}, p95 ${p(run.upload, 95)}`,
        `  of which after submitUpload (delivery to VECOZO, WMO302 via the inbound endpoint, read model): p50 ${p(run.after, 50)}, p95 ${p(run.after, 95)}`,
        `failed exchanges: ${run.failures.length}${run.failures.length ? ` (${run.failures.slice(0, 3).join('; ')})` : ''}; chain → portal errors: ${portalErrors.length}`,
        `the read model is polled every ${POLL_MS} ms (one query for all outstanding exchanges), so latencies after upload are up to that much late; the chain answers with retourDelayMs 0.`,
      ],
    );
  } finally {
    if (server.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await system?.stop();
    await chain.stop();
    await validator?.close();
  }
}

/** Also runnable on its own: `npx tsx bench/exchanges.ts` (BENCH_EXCHANGES, BENCH_EXCHANGE_CONCURRENCY). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchExchanges({
    exchanges: Number(process.env.BENCH_EXCHANGES ?? 1000),
    concurrency: Number(process.env.BENCH_EXCHANGE_CONCURRENCY ?? 16),
  }).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
