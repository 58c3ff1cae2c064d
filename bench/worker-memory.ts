/**
 * Benchmark of the user lifecycle, worker memory: resident memory of the production worker (`worker.ts`, its
 * own process, its production cache size) with N idle user workflows, against the same worker
 * with none, measured in the same run. Each workflow is started by web's own firstLogin command
 * and then waits for its personal settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.ts';
import { connectClient } from '../temporal/connection.ts';
import { waitFor } from '../test/helpers/wait.ts';
import { firstLogin } from '../usecases/users.ts';
import { activeGemeente, startBenchEnvironment } from './lib/environment.ts';
import { pool, report } from './lib/stats.ts';

const root = join(import.meta.dirname, '..');

/** Resident and peak memory of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** The production entry point with the benchmark's configuration in its environment. */
function startWorkerProcess(config: Config): ChildProcess {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // Not 'production': that refuses to start without a real CIZ connector. The cache size and the
    // code paths measured here are the same in every environment.
    NODE_ENV: 'development',
    ENVIRONMENT_NAME: 'ontwikkeling',
    LOG_LEVEL: 'info',
    DEV_IDP_ENABLED: 'false',
    DATABASE_URL: config.DATABASE_URL,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    PAYLOAD_CODEC_KEY: config.PAYLOAD_CODEC_KEY,
    BSN_PSEUDONYM_KEY: config.BSN_PSEUDONYM_KEY,
    SESSION_SECRET: config.SESSION_SECRET,
    SAML_IDP_ENTRY_POINT: config.SAML_IDP_ENTRY_POINT,
    SAML_IDP_ISSUER: config.SAML_IDP_ISSUER,
    SAML_IDP_CERT: config.SAML_IDP_CERT,
    SERVICEDESK_ORGANISATION_ID: config.SERVICEDESK_ORGANISATION_ID,
    SERVICEDESK_EMAIL: config.SERVICEDESK_EMAIL,
    SMTP_URL: config.SMTP_URL,
    VECOZO_URL: config.VECOZO_URL,
    CAK_URL: config.CAK_URL,
    STUF_INBOUND_TOKEN: config.STUF_INBOUND_TOKEN,
  };
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'worker.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export async function benchWorkerMemory(options: { workflows: number; concurrency: number }): Promise<void> {
  const env = await startBenchEnvironment('memory');
  const { config } = env;
  const client = await connectClient(config);
  const worker = startWorkerProcess(config);
  let output = '';
  worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitFor(
      'the worker to run',
      () => {
        if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode} before it ran`);
        return output.includes('worker running');
      },
      { timeoutMs: 60_000 },
    );
    const gemeente = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
    await activeGemeente({ client, config }, gemeente);
    const idle = memoryOf(worker.pid!);

    const startMs = await pool(options.workflows, options.concurrency, async (i) => {
      const person = {
        gemeentecode: gemeente.gemeentecode,
        subject: `idle-${i}`,
        organisationId: gemeente.organisationId,
      };
      await firstLogin(client, config, person, `${gemeente.organisationId}/idle-${i}`);
    });
    const loaded = memoryOf(worker.pid!);
    report(
      `worker resident memory with ${options.workflows} idle user workflows (the worker.ts entry point, its own process)`,
      [
        `baseline, the same worker with no user workflows: RSS ${idle.rss.toFixed(0)} MiB`,
        `with ${options.workflows} idle user workflows: RSS ${loaded.rss.toFixed(0)} MiB (peak ${loaded.peak.toFixed(0)} MiB)`,
        `ratio loaded ÷ baseline: ${(loaded.rss / idle.rss).toFixed(2)}; ${(((loaded.rss - idle.rss) * 1024) / options.workflows).toFixed(1)} KiB per workflow`,
        `started in ${(startMs / 1000).toFixed(0)} s (${((options.workflows / startMs) * 1000).toFixed(0)} firstLogin commands per second); the cache keeps at most 500 workflows, the rest are evicted and replayed on their next message`,
      ],
    );
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await client.connection.close();
    await env.stop();
  }
}

/** Also runnable on its own: `npx tsx bench/worker-memory.ts` (BENCH_IDLE_WORKFLOWS, BENCH_IDLE_CONCURRENCY). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchWorkerMemory({
    workflows: Number(process.env.BENCH_IDLE_WORKFLOWS ?? 5000),
    concurrency: Number(process.env.BENCH_IDLE_CONCURRENCY ?? 20),
  }).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
