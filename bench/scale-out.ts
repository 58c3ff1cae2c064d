/**
 * Benchmark of scaling out: exchanges per second with 2 web + 2 worker processes against 1 + 1, in
 * the same run, on one Temporal dev server and one PostgreSQL. Every part is the production entry
 * point in its own process (`web/server.ts`, `worker.ts`); uploads come in through the webservice
 * door (municipal software with its client certificate) behind a round-robin TCP balancer, the
 * chain simulator (VECOZO) answers each WMO301 with a WMO302 through the same balancer, and an
 * exchange counts when the read model says 'afgerond'.
 */
import { availableParallelism } from 'node:os';
import { connectDatabase } from '../db/client.ts';
import { startChainSimulator } from '../gateways/simulators/chain.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { connectClient } from '../temporal/connection.ts';
import { testConfig, testEnv } from '../test/helpers/config.ts';
import { istandaardenDir } from '../test/helpers/istandaarden.ts';
import { startBenchEnvironment } from './lib/environment.ts';
import { startEntry, webReady, type Child } from '../test/helpers/entry-process.ts';
import { startBalancer } from './lib/processes.ts';
import { ms, percentile, report } from './lib/stats.ts';
import { enableWebservice, runExchanges, WEBSERVICE_LOAD_ENV } from './lib/webservice-load.ts';

const WARMUP = 30;

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
    ...WEBSERVICE_LOAD_ENV,
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

  const exchange = (count: number, prefix: string) =>
    runExchanges({ db: database.db, publicUrl, count, concurrency: options.concurrency, prefix });

  try {
    const rounds: Round[] = [];
    let ready = false;
    let roundNumber = 0;
    for (const processes of [1, 2]) {
      roundNumber++;
      await startProcesses(processes);
      if (!ready) {
        await enableWebservice({ client, config, db: database.db });
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
