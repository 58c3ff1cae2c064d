import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../db/migrate.ts';
import { buildWorkflowBundle } from '../scripts/build-workflows.ts';
import { cleanUpAbandonedRuns, recordOwner } from '../scripts/lib/orphans.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { startEmbeddedPostgres, withDatabase } from '../scripts/lib/postgres.ts';
import { provisionTemporalCli } from '../scripts/lib/temporal-cli.ts';
import { startTemporalDevServer } from '../scripts/lib/temporal-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresUrl: string;
    templateDatabase: string;
    workflowBundlePath: string;
  }
}

export const TEMPLATE_DATABASE = 'pz_template';

/**
 * One Temporal dev server and one PostgreSQL for the whole run, shared by every test file.
 * Files isolate themselves: own database (cloned from a migrated template), own task queue and
 * workflow ids.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = process.cwd();
  cleanUpAbandonedRuns(tmpdir(), 'pz-test-');
  const base = await mkdtemp(join(tmpdir(), 'pz-test-'));
  await chmod(base, 0o755);
  const cli = provisionTemporalCli(root, (line) => process.stderr.write(`${line}\n`));
  const temporalPort = await freePort();
  recordOwner(base, { pid: process.pid, temporalPort });

  // The bundle every test worker runs is built the way production builds it (npm run build:workflows).
  const [temporal, pg, workflowBundlePath] = await Promise.all([
    startTemporalDevServer({ cli, port: temporalPort }),
    startEmbeddedPostgres({ dataDir: join(base, 'pg'), persistent: false }),
    buildWorkflowBundle(join(base, 'workflow-bundle.js')),
  ]);

  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(withDatabase(pg.url, TEMPLATE_DATABASE));

  project.provide('temporalAddress', temporal.address);
  project.provide('postgresUrl', pg.url);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await Promise.allSettled([temporal.stop(), pg.stop()]);
    await rm(base, { recursive: true, force: true });
  };
}
