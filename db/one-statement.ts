import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from './client.ts';

/**
 * Runs two writes as one statement (`WITH first_write AS (…) second`): atomic like a transaction, but
 * one round trip instead of four (BEGIN, two statements, COMMIT). Every save of an exchange writes
 * its row and its audit row, so this halves the statements per exchange. PostgreSQL runs a
 * data-modifying WITH exactly once, whether or not the second statement reads it.
 */
export async function writeTogether(
  db: Pick<Database, 'execute'>,
  first: SQLWrapper,
  second: SQLWrapper,
): Promise<void> {
  // The first is wrapped in parentheses by drizzle, as WITH wants; the second goes in bare.
  await db.execute(sql`with first_write as ${first} ${second.getSQL()}`);
}
