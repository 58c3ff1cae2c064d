import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { connectDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { recordOwner } from '../../scripts/lib/orphans.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { startEmbeddedPostgres, withDatabase, type RunningPostgres } from '../../scripts/lib/postgres.ts';
import { provisionTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { startTemporalDevServer, type RunningTemporal } from '../../scripts/lib/temporal-server.ts';
import type { TestDatabase } from './database.ts';

/**
 * A Temporal dev server and a PostgreSQL of one test file's own, for tests that stop or kill them:
 * the shared ones of global setup serve every other file and must stay up. Temporal keeps its
 * state in SQLite and PostgreSQL in its data dir, so both come back on the same port with what
 * they had. The run directory is named and owned like global setup's, so a run killed halfway is
 * cleaned up by the next one.
 */
export type OwnServers = {
  temporalAddress: string;
  /** A migrated database on the own PostgreSQL; `drop()` only closes this handle. */
  database: TestDatabase;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** SIGKILL to the postmaster (RunningPostgres.kill). */
  killPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stop(): Promise<void>;
};

const DATABASE = 'pz';

export async function startOwnServers(): Promise<OwnServers> {
  const base = await mkdtemp(join(tmpdir(), 'pz-test-'));
  await chmod(base, 0o755);
  const cli = provisionTemporalCli(process.cwd(), (line) => process.stderr.write(`${line}\n`));
  const [temporalPort, postgresPort] = [await freePort(), await freePort()];
  recordOwner(base, { pid: process.pid, temporalPort });
  const runTemporal = () =>
    startTemporalDevServer({ cli, port: temporalPort, dbFilename: join(base, 'temporal.sqlite') });
  // Persistent: PostgreSQL's own durable settings, so a kill loses no commit that was acknowledged.
  const runPostgres = () => startEmbeddedPostgres({ dataDir: join(base, 'pg'), persistent: true, port: postgresPort });

  let temporal: RunningTemporal | undefined;
  let pg: RunningPostgres | undefined;
  try {
    [temporal, pg] = await Promise.all([runTemporal(), runPostgres()]);
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
  } catch (err) {
    await Promise.allSettled([temporal?.stop(), pg?.stop()]);
    throw err;
  }
  const url = withDatabase(pg.url, DATABASE);
  await migrateDatabase(url);
  const handle = connectDatabase(url, { max: 5 });
  const running = { temporal: temporal as RunningTemporal | undefined, pg: pg as RunningPostgres | undefined };

  return {
    temporalAddress: temporal.address,
    database: { ...handle, url, drop: () => handle.close() },
    async stopTemporal() {
      await running.temporal?.stop();
      running.temporal = undefined;
    },
    async startTemporal() {
      running.temporal = await runTemporal();
    },
    async killPostgres() {
      await running.pg?.kill();
      running.pg = undefined;
    },
    async startPostgres() {
      running.pg = await runPostgres();
    },
    async stop() {
      await handle.close();
      await Promise.allSettled([running.temporal?.stop(), running.pg?.stop()]);
      await rm(base, { recursive: true, force: true });
    },
  };
}
