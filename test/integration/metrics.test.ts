import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { messageFiles, messages } from '../../db/schema.ts';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { createApp } from '../../web/app.ts';
import { testConfig, testEnv } from '../helpers/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

// Prometheus metrics of the web process (behind a bearer token) and of the worker (the SDK's own
// exporter), scraped from the real processes.
const TOKEN = 'metrics-token-of-the-test-0123456789';
let db: TestDatabase;
let web: TestWeb;

beforeAll(async () => {
  db = await createTestDatabase();
  web = await startTestWeb({ db, configOverrides: { METRICS_TOKEN: TOKEN } });
});

afterAll(async () => {
  await web?.stop();
  await db?.drop();
});

const scrape = (token?: string) =>
  fetch(`${web.baseUrl}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('web metrics', () => {
  it('answers only with the configured bearer token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('another-token-that-is-long-enough')).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(200);
  });

  it('shows request latency by route pattern, exchanges by state and the overdue count, without ids or personal data', async () => {
    for (const [id, state] of [
      ['MET-1', 'te_laat'],
      ['MET-2', 'te_laat'],
      ['MET-3', 'afgerond'],
    ] as const) {
      await db.db.insert(messageFiles).values({
        id: `file-${id}`,
        gemeentecode: '0363',
        fileName: `${id}.xml`,
        sha256: 'x',
        sizeBytes: 1,
        content: Buffer.from('x'),
      });
      await db.db.insert(messages).values({
        id,
        workflowId: `msg/${id}`,
        gemeentecode: '0363',
        product: 'iwmo',
        messageCode: 'WMO301',
        direction: 'uit',
        role: 'heen',
        state,
        identificatie: id,
        counterparty: '42420001',
        fileId: `file-${id}`,
        fileName: `${id}.xml`,
        sizeBytes: 1,
        receivedAt: new Date(),
      });
    }
    await fetch(`${web.baseUrl}/healthz/live`);
    await fetch(`${web.baseUrl}/berichten/bericht/MET-1`, { redirect: 'manual' });
    const text = await (await scrape(TOKEN)).text();
    expect(text).toMatch(
      /pz_http_request_duration_seconds_count\{method="GET",route="\/healthz\/live",status="2xx"\} 1/,
    );
    expect(text).toMatch(/pz_exchanges\{state="te_laat"\} 2/);
    expect(text).toMatch(/pz_exchanges\{state="afgerond"\} 1/);
    expect(text).toMatch(/pz_exchanges_overdue 2/);
    expect(text).toContain('pz_validation_duration_seconds');
    expect(text).toContain('pz_web_process_cpu_seconds_total');
    expect(text).not.toContain('MET-1');
  });

  it('has no /metrics at all without a token configured', async () => {
    const { app } = createApp({
      config: testConfig(),
      db: db.db,
      temporal: web.temporal,
      logger: createLogger({ level: 'silent', pretty: false }),
      validator: undefined,
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      expect((await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

// A metric only a running worker has: its pollers and task slots.
const WORKER_METRIC = /temporal_(num_pollers|worker_task_slots_available)/;

describe('worker metrics', () => {
  let worker: ChildProcess | undefined;
  afterAll(() => {
    worker?.kill('SIGKILL');
  });

  it('serves the Temporal SDK metrics for Prometheus at WORKER_METRICS_ADDRESS', { timeout: 60_000 }, async () => {
    const port = await freePort();
    worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../worker.ts', import.meta.url))], {
      env: {
        ...process.env,
        ...testEnv({
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          DATABASE_URL: db.url,
          WORKER_METRICS_ADDRESS: `127.0.0.1:${port}`,
          LOG_LEVEL: 'warn',
        }),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(worker, 'exit').then(([code]) => {
      throw new Error(`the worker exited with ${String(code)} before serving metrics`);
    });
    exited.catch(() => undefined);
    const text = await Promise.race([
      exited,
      waitFor(
        'the worker metrics',
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
          const body = res?.ok ? await res.text() : '';
          return WORKER_METRIC.test(body) ? body : undefined;
        },
        { timeoutMs: 45_000 },
      ),
    ]);
    expect(text).toMatch(WORKER_METRIC);
    expect(text).toContain('temporal_request');
  });
});
