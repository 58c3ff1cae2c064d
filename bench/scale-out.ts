/**
 * Benchmark (issue 11 §3): exchanges per second with 2 web + 2 worker processes against 1 + 1, in
 * the same run, on one Temporal dev server and one PostgreSQL. Every part is the production entry
 * point in its own process (`web/server.ts`, `worker.ts`); uploads come in through the webservice
 * door (municipal software with its client certificate) behind a round-robin TCP balancer, the
 * chain simulator (VECOZO) answers each WMO301 with a WMO302 through the same balancer, and an
 * exchange counts when the read model says 'afgerond'.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { inArray } from 'drizzle-orm';
import { connectDatabase } from '../db/client.ts';
import { messages, organisations, productSettings } from '../db/schema.ts';
import { startChainSimulator } from '../gateways/simulators/chain.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { connectClient } from '../temporal/connection.ts';
import { DEV_IDP_CERT_PATH, testConfig, testEnv } from '../test/helpers/config.ts';
import { istandaardenDir } from '../test/helpers/istandaarden.ts';
import { ownExample } from '../test/helpers/messages.ts';
import { setProductSettings } from '../usecases/product-settings.ts';
import { activeGemeente, startBenchEnvironment } from './lib/environment.ts';
import { startBalancer, startEntry, webReady, type Child } from './lib/processes.ts';
import { ms, percentile, pool, report } from './lib/stats.ts';

const GEMEENTE = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
const AGB = '42420001';
const WARMUP = 30;
const POLL_MS = 50;
const CERT = readFileSync(DEV_IDP_CERT_PATH, 'utf8');

type Round = { processes: number; perSecond: number; p50: number; p95: number; failures: string[] };

export async function benchScaleOut(options: { exchanges: number; concurrency: number }): Promise<void> {
  const environment = await startBenchEnvironment('scale-out');
  const chain = await startChainSimulator({ port: 0, retourDelayMs: 0 });
  const balancerPort = await freePort();
  const publicUrl = `http://127.0.0.1:${balancerPort}`;
  let webPorts: number[] = [];
  const balancer = await startBalancer(balancerPort, () => webPorts);
  // One configuration for every process, secrets included, as in a real deployment.
  const env = testEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: environment.config.TEMPORAL_ADDRESS,
    DATABASE_URL: environment.config.DATABASE_URL,
    SMTP_URL: environment.sink.url,
    PUBLIC_URL: publicUrl,
    SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
    VECOZO_URL: chain.vecozoUrl,
    CAK_URL: chain.cakUrl,
    ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(),
    TRUST_PROXY: 'true',
    CLIENT_CERT_HEADER: 'x-client-cert',
    // Throughput is measured here, not the limits that protect a real portal from one client.
    UPLOAD_RATE_LIMIT_PER_USER_ATTEMPTS: '1000000',
    UPLOAD_RATE_LIMIT_PER_IP_ATTEMPTS: '1000000',
    DATABASE_POOL_SIZE: '10',
  });
  const config = testConfig(env);
  const database = connectDatabase(config.DATABASE_URL, { max: 4 });
  const client = await connectClient(config);
  chain.setPortal({ url: `${publicUrl}/stuf/berichten`, token: config.STUF_INBOUND_TOKEN });
  const running: Child[] = [];

  async function startProcesses(count: number): Promise<void> {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const web = startEntry(`web ${i + 1}`, 'web/server.ts', { ...env, PORT: String(port) });
      running.push(web, startEntry(`worker ${i + 1}`, 'worker.ts', env));
      await webReady(web, port);
      ports.push(port);
    }
    webPorts = ports;
  }

  async function stopProcesses(): Promise<void> {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    webPorts = [];
  }

  /** `count` webservice uploads, `concurrency` at a time; one read-model query per poll for all outstanding ones. */
  async function exchange(
    count: number,
    prefix: string,
  ): Promise<{ perSecond: number; latencies: number[]; failures: string[] }> {
    const outstanding = new Map<string, number>();
    const latencies: number[] = [];
    const failures: string[] = [];
    let uploading = true;
    const started = performance.now();
    const poller = (async () => {
      while (uploading || outstanding.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (outstanding.size === 0) continue;
        const rows = await database.db
          .select({ id: messages.id, state: messages.state })
          .from(messages)
          .where(inArray(messages.id, [...outstanding.keys()]));
        const now = performance.now();
        for (const row of rows) {
          const start = outstanding.get(row.id);
          if (start === undefined || !['afgerond', 'afgekeurd', 'niet_afgeleverd', 'verlopen'].includes(row.state))
            continue;
          outstanding.delete(row.id);
          if (row.state === 'afgerond') latencies.push(now - start);
          else failures.push(`${row.id}: ${row.state}`);
        }
        if (now - started > 600_000) throw new Error(`${outstanding.size} exchanges not afgerond after 10 minutes`);
      }
    })();
    poller.catch(() => undefined);
    try {
      await pool(count, options.concurrency, async (i) => {
        const { xml } = ownExample('WMO301', GEMEENTE.gemeentecode, {
          agb: AGB,
          identificatie: `${prefix}${String(i).padStart(6, '0')}`,
        });
        const start = performance.now();
        const response = await fetch(`${publicUrl}/webservice/iwmo/berichten`, {
          method: 'POST',
          headers: {
            'content-type': 'application/xml',
            'x-bestandsnaam': `WMO301-${i}.xml`,
            'x-client-cert': encodeURIComponent(CERT),
          },
          body: xml,
        });
        const body = (await response.json()) as { status: string; files: { referentienummer: string | null }[] };
        const id = body.files[0]?.referentienummer;
        if (response.status !== 201 || !id)
          return void failures.push(`upload ${i}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        outstanding.set(id, start);
      });
    } finally {
      uploading = false;
      await poller;
    }
    return { perSecond: (latencies.length / (performance.now() - started)) * 1000, latencies, failures };
  }

  try {
    const rounds: Round[] = [];
    let ready = false;
    let roundNumber = 0;
    for (const processes of [1, 2]) {
      roundNumber++;
      await startProcesses(processes);
      if (!ready) {
        const desk = await activeGemeente({ client, config }, GEMEENTE);
        await setProductSettings(
          client,
          GEMEENTE.gemeentecode,
          {
            product: 'iwmo',
            settings: {
              deliveryChannel: 'webservice',
              endpointUrl: 'https://software.example/ggk',
              certificateFingerprint: new X509Certificate(CERT).fingerprint256,
              notificationEmails: [],
              stufVersion: 'ggk0210',
            },
          },
          desk,
        );
        await waitUntilActive(database.db);
        ready = true;
      }
      const warm = await exchange(WARMUP, `W${roundNumber}`);
      if (warm.failures.length)
        throw new Error(`warm-up with ${processes}+${processes} failed: ${warm.failures.slice(0, 3).join('; ')}`);
      const run = await exchange(options.exchanges, `S${roundNumber}`);
      rounds.push({
        processes,
        perSecond: run.perSecond,
        p50: percentile(run.latencies, 50),
        p95: percentile(run.latencies, 95),
        failures: run.failures,
      });
      await stopProcesses();
    }
    const [one, two] = rounds as [Round, Round];
    report(
      `scale-out: ${options.exchanges} WMO301 exchanges through the webservice door, ${options.concurrency} at a time, each part its own process`,
      [
        `1 web + 1 worker (baseline): ${one.perSecond.toFixed(1)} exchanges per second, p50 ${ms(one.p50)}, p95 ${ms(one.p95)}, failures ${one.failures.length}`,
        `2 web + 2 worker: ${two.perSecond.toFixed(1)} exchanges per second, p50 ${ms(two.p50)}, p95 ${ms(two.p95)}, failures ${two.failures.length}`,
        `ratio 2+2 ÷ 1+1: ${(two.perSecond / one.perSecond).toFixed(2)} (on this machine's ${availableParallelism()} cores, shared with Temporal, PostgreSQL, the chain simulator and this driver)`,
      ],
    );
  } finally {
    await stopProcesses();
    await client.connection.close();
    await database.close();
    await balancer.stop();
    await chain.stop();
    await environment.stop();
  }
}

/** The read model has the municipality active and its webservice certificate (written by activities). */
async function waitUntilActive(db: ReturnType<typeof connectDatabase>['db']): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [org] = await db
      .select({ status: organisations.status })
      .from(organisations)
      .where(inArray(organisations.gemeentecode, [GEMEENTE.gemeentecode]));
    const [settings] = await db
      .select({ channel: productSettings.deliveryChannel })
      .from(productSettings)
      .where(inArray(productSettings.gemeentecode, [GEMEENTE.gemeentecode]));
    if (org?.status === 'actief' && settings?.channel === 'webservice') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the municipality did not become active with its webservice certificate within 30 s');
}
