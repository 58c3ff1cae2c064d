import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import postgres from 'postgres';
import type { Config } from '../../config.ts';
import { connectDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { startEmbeddedPostgres, withDatabase } from '../../scripts/lib/postgres.ts';
import { provisionTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { startTemporalDevServer } from '../../scripts/lib/temporal-server.ts';
import { connectClient, dataConverter } from '../../temporal/connection.ts';
import { testConfig } from '../../test/helpers/config.ts';
import { recordAgreement, registerOrganisation } from '../../usecases/organisation.ts';
import { createWorker } from '../../worker.ts';

export type BenchEnvironment = { config: Config; sink: SmtpSink; stop: () => Promise<void> };

/** A Temporal dev server, a migrated PostgreSQL database and an SMTP sink of the benchmark's own. */
export async function startBenchEnvironment(name: string): Promise<BenchEnvironment> {
  const base = mkdtempSync(join(tmpdir(), `pz-bench-${name}-`));
  // Before the first connection: quiet SDK logs, and this process decides when it stops.
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // already installed by this process
  }
  const cli = provisionTemporalCli(process.cwd());
  const [temporal, pg, sink] = await Promise.all([
    startTemporalDevServer({ cli }),
    startEmbeddedPostgres({ dataDir: join(base, 'pg'), persistent: false }),
    startSmtpSink({ host: '127.0.0.1', maxMessages: 50 }),
  ]);
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('CREATE DATABASE pz_bench');
  await admin.end();
  const databaseUrl = withDatabase(pg.url, 'pz_bench');
  await migrateDatabase(databaseUrl);
  return {
    config: testConfig({ TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: databaseUrl, SMTP_URL: sink.url }),
    sink,
    stop: async () => {
      await Promise.allSettled([temporal.stop(), pg.stop(), sink.stop()]);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export type BenchSystem = BenchEnvironment & { client: Client; db: Database; baselineQueue: string };

/**
 * The environment plus what drives it in this process: a client with the codec, the real worker
 * (real activities) and a worker for the trivial baseline workflow on a queue of its own.
 */
export async function startBenchSystem(
  name: string,
  configOverrides: (config: Config) => Record<string, string> = () => ({}),
): Promise<BenchSystem> {
  const env = await startBenchEnvironment(name);
  const config = testConfig({
    TEMPORAL_ADDRESS: env.config.TEMPORAL_ADDRESS,
    DATABASE_URL: env.config.DATABASE_URL,
    SMTP_URL: env.sink.url,
    ...configOverrides(env.config),
  });
  const database = connectDatabase(config.DATABASE_URL, { max: 10 });
  const mailer = createSmtpMailer({ smtpUrl: env.sink.url, from: config.MAIL_FROM });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = await connectClient(config);
  const baselineQueue = `${config.TEMPORAL_TASK_QUEUE}-baseline`;
  const [worker, baselineWorker] = await Promise.all([
    createWorker({ config, connection, db: database.db, mailer, temporal: client }),
    Worker.create({
      connection,
      taskQueue: baselineQueue,
      workflowsPath: fileURLToPath(new URL('../workflows/baseline.ts', import.meta.url)),
      dataConverter: dataConverter(config),
    }),
  ]);
  const running = [worker.run(), baselineWorker.run()];
  return {
    config,
    sink: env.sink,
    client,
    db: database.db,
    baselineQueue,
    stop: async () => {
      worker.shutdown();
      baselineWorker.shutdown();
      await Promise.allSettled(running);
      await client.connection.close();
      await connection.close();
      mailer.close?.();
      await database.close();
      await env.stop();
    },
  };
}

/** A registered municipality with both agreements, made the way the servicedesk does it. */
export async function activeGemeente(
  system: Pick<BenchSystem, 'client' | 'config'>,
  gemeente: { gemeentecode: string; name: string; organisationId: string },
): Promise<string> {
  const desk = `${system.config.SERVICEDESK_ORGANISATION_ID}/bench-desk`;
  await registerOrganisation(system.client, system.config, gemeente, desk);
  await recordAgreement(system.client, gemeente.gemeentecode, { kind: 'ib', signedOn: '2026-01-15' }, desk);
  await recordAgreement(system.client, gemeente.gemeentecode, { kind: 'vecozo', signedOn: '2026-01-15' }, desk);
  return desk;
}
