import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.ts';

export type Database = PostgresJsDatabase<typeof schema>;
export type DatabaseHandle = { db: Database; sql: postgres.Sql; close: () => Promise<void> };

export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  // A database that accepts no connection fails a request within 10 s (a 503 to try again) instead of postgres.js's 30.
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'portaal-zorg' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
