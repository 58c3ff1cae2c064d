import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { withDatabase } from '../../scripts/lib/postgres.ts';

// `npm run db:migrate` as a deployment runs it: on an empty database, and again (nothing to do).
const run = promisify(execFile);
const name = `pz_migrate_${randomBytes(4).toString('hex')}`;
let admin: postgres.Sql;

beforeAll(async () => {
  admin = postgres(inject('postgresUrl'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
});

afterAll(async () => {
  await admin?.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
});

it('creates every table on an empty database, and does nothing the second time', { timeout: 60_000 }, async () => {
  const url = withDatabase(inject('postgresUrl'), name);
  const migrate = () =>
    run(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../db/migrate.ts', import.meta.url))], {
      env: { ...process.env, DATABASE_URL: url },
    });
  expect((await migrate()).stdout).toContain('database migrated');
  expect((await migrate()).stdout).toContain('database migrated');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = (
      await sql<
        { table_name: string }[]
      >`select table_name from information_schema.tables where table_schema = 'public'`
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining(['messages', 'users', 'organisations', 'notifications', 'rate_limits']),
    );
  } finally {
    await sql.end();
  }
});

it('refuses to run without a DATABASE_URL, saying so', async () => {
  const failed = await run(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../db/migrate.ts', import.meta.url))],
    { env: { ...process.env, DATABASE_URL: '' } },
  ).then(
    () => undefined,
    (err: { code?: number; stderr?: string }) => err,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toContain('DATABASE_URL must be set');
});
