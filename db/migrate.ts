import { fileURLToPath } from 'node:url';
import { isEntryPoint, runEntryPoint } from '../entry-point.ts';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { connectDatabase } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the committed drizzle-kit migrations; safe to run on every start. */
export async function migrateDatabase(url: string): Promise<void> {
  const handle = connectDatabase(url, { max: 1 });
  try {
    await migrate(handle.db, { migrationsFolder });
  } finally {
    await handle.close();
  }
}

/** `npm run db:migrate`: applies the migrations to DATABASE_URL, for a deployment step before the processes start. */
if (isEntryPoint(import.meta.url)) {
  runEntryPoint('db:migrate', async () => {
    const url = process.env.DATABASE_URL;
    if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be set to a postgres:// URL');
    await migrateDatabase(url);
    process.stdout.write('database migrated\n');
  });
}
