/**
 * Benchmark: what a logged-in person meets while the worker is redeployed under load. The web and
 * the worker run as production entry points in their own processes; municipal software keeps
 * uploading WMO301s through the webservice door while a servicedesk member keeps opening pages.
 * Printed: the p95 of those pages with a healthy worker (baseline) and in the window from a kill -9
 * of the worker until the restarted one has finished the exchanges caught in the crash, and whether
 * every exchange still ended as afgerond.
 */
import { devIdpUser, startDevIdp } from '../gateways/simulators/eherkenning-idp/index.ts';
import { connectDatabase } from '../db/client.ts';
import { startChainSimulator } from '../gateways/simulators/chain.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { connectClient } from '../temporal/connection.ts';
import { testConfig, testEnv } from '../test/helpers/config.ts';
import { HttpClient } from '../test/helpers/http-client.ts';
import { istandaardenDir } from '../test/helpers/istandaarden.ts';
import { loginThroughDevIdp } from '../test/helpers/saml.ts';
import { startBenchEnvironment } from './lib/environment.ts';
import { startEntry, webReady, type Child } from '../test/helpers/entry-process.ts';
import { ms, percentile, report } from './lib/stats.ts';
import { enableWebservice, runExchanges, WEBSERVICE_LOAD_ENV, type ExchangeRun } from './lib/webservice-load.ts';

const PAGES = ['/servicedesk/gemeenten', '/servicedesk/berichten'];
const BASELINE_MS = 15_000;

type Window = { latencies: number[]; errors: number; wallMs: number };

export async function benchWorkerRestart(options: { exchanges: number; concurrency: number; readers: number }) {
  const environment = await startBenchEnvironment('worker-restart');
  const chain = await startChainSimulator({ port: 0, retourDelayMs: 0 });
  const [port, idpPort] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${port}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;
  const env = testEnv({
    LOG_LEVEL: 'warn',
    PORT: String(port),
    TEMPORAL_ADDRESS: environment.config.TEMPORAL_ADDRESS,
    DATABASE_URL: environment.config.DATABASE_URL,
    SMTP_URL: environment.sink.url,
    PUBLIC_URL: publicUrl,
    SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
    SAML_IDP_ENTRY_POINT: `${idpUrl}/sso`,
    SAML_IDP_LOGOUT_URL: `${idpUrl}/slo`,
    VECOZO_URL: chain.vecozoUrl,
    CAK_URL: chain.cakUrl,
    ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(),
    ...WEBSERVICE_LOAD_ENV,
  });
  const config = testConfig(env);
  const idp = await startDevIdp({
    port: idpPort,
    spEntityId: config.SAML_SP_ENTITY_ID,
    issuer: config.SAML_IDP_ISSUER,
  });
  const database = connectDatabase(config.DATABASE_URL, { max: 4 });
  const client = await connectClient(config);
  chain.setPortal({ url: `${publicUrl}/stuf/berichten`, token: config.STUF_INBOUND_TOKEN });
  const web = startEntry('web', 'web/server.ts', env);
  let worker: Child = startEntry('worker', 'worker.ts', env);
  try {
    await webReady(web, port);
    await enableWebservice({ client, config, db: database.db });
    // One after the other: the dev broker's SMS step keeps one code per person at a time.
    const readers: HttpClient[] = [];
    for (let i = 0; i < options.readers; i++) {
      const reader = new HttpClient(publicUrl);
      const home = await reader.follow(
        await loginThroughDevIdp(reader, { idp: { baseUrl: idpUrl } }, devIdpUser('servicedesk')),
      );
      if (home.status !== 200) throw new Error(`servicedesk login: ${home.status}`);
      readers.push(reader);
    }
    const load = (prefix: string, count = options.exchanges) =>
      runExchanges({ db: database.db, publicUrl, count, concurrency: options.concurrency, prefix });
    const warm = await load('W', 30);
    if (warm.failures.length) throw new Error(`warm-up failed: ${warm.failures.slice(0, 3).join('; ')}`);

    // Baseline: the same readers and the same load, with a worker that stays up.
    let baselineLoad: Promise<ExchangeRun> | undefined;
    const baseline = await readWhile(readers, async () => {
      baselineLoad = load('B');
      await Promise.race([baselineLoad, new Promise((resolve) => setTimeout(resolve, BASELINE_MS))]);
    });
    const healthy = await baselineLoad!;

    // The restart: kill -9 once the load is under way, start a new worker at once (as a supervisor
    // would), and read until every exchange of this round has ended.
    let restartLoad: Promise<ExchangeRun> | undefined;
    const restart = await readWhile(readers, async () => {
      restartLoad = load('R');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      worker.process.kill('SIGKILL');
      await new Promise((resolve) => worker.process.once('exit', resolve));
      worker = startEntry('worker', 'worker.ts', env);
      await restartLoad;
    });
    const restarted = await restartLoad!;

    const line = (name: string, w: Window, run: ExchangeRun) =>
      `${name}: ${w.latencies.length} pages in ${(w.wallMs / 1000).toFixed(1)} s, p50 ${ms(percentile(w.latencies, 50))}, p95 ${ms(percentile(w.latencies, 95))}, max ${ms(Math.max(...w.latencies))}, page errors ${w.errors}; exchanges afgerond ${run.latencies.length} of ${options.exchanges}, failures ${run.failures.length}`;
    report(
      `logged-in pages (${PAGES.join(', ')}) by ${options.readers} servicedesk members while ${options.concurrency} uploads at a time run, worker killed with SIGKILL and restarted`,
      [
        line('healthy worker (baseline)', baseline, healthy),
        line('kill -9 and restart of the worker', restart, restarted),
        `ratio p95 restart ÷ baseline: ${(percentile(restart.latencies, 95) / percentile(baseline.latencies, 95)).toFixed(2)} (target: p95 during the restart under 2000 ms)`,
      ],
    );
  } finally {
    await Promise.allSettled([worker.stop(), web.stop()]);
    await client.connection.close();
    await database.close();
    await idp.stop();
    await chain.stop();
    await environment.stop();
  }
}

/** Each reader opens the pages one after the other, for as long as `during` runs. */
async function readWhile(readers: HttpClient[], during: () => Promise<void>): Promise<Window> {
  const window: Window = { latencies: [], errors: 0, wallMs: 0 };
  const started = performance.now();
  let reading = true;
  const loops = readers.map(async (reader) => {
    for (let i = 0; reading; i++) {
      const start = performance.now();
      const res = await reader.get(PAGES[i % PAGES.length]!);
      window.latencies.push(performance.now() - start);
      if (res.status !== 200) window.errors += 1;
    }
  });
  try {
    await during();
  } finally {
    reading = false;
    await Promise.all(loops);
    window.wallMs = performance.now() - started;
  }
  return window;
}
