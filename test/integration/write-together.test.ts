import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeTogether } from '../../db/one-statement.ts';
import { auditEvents } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const audit = (dedupeKey: string, event = 'write_together_test') => ({
  event,
  organisation: '0363',
  subject: dedupeKey,
  details: {},
  dedupeKey,
});
const rowsOf = (subject: string) =>
  db.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.subject, subject));

it('writes both rows in one statement', async () => {
  await writeTogether(
    db.db,
    db.db.insert(auditEvents).values(audit('beide-1')),
    db.db.insert(auditEvents).values(audit('beide-2')),
  );
  expect(await rowsOf('beide-1')).toHaveLength(1);
  expect(await rowsOf('beide-2')).toHaveLength(1);
});

it('writes neither when the second fails, as a transaction would', async () => {
  await db.db.insert(auditEvents).values(audit('bezet'));
  const error = await writeTogether(
    db.db,
    db.db.insert(auditEvents).values(audit('alleen-eerste')),
    db.db.insert(auditEvents).values(audit('bezet')),
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(await rowsOf('alleen-eerste')).toHaveLength(0);
});

it('keeps an ON CONFLICT guard of either write', async () => {
  await writeTogether(
    db.db,
    db.db.insert(auditEvents).values(audit('bezet')).onConflictDoNothing({ target: auditEvents.dedupeKey }),
    db.db.insert(auditEvents).values(audit('na-conflict')),
  );
  expect(await rowsOf('bezet')).toHaveLength(1);
  expect(await rowsOf('na-conflict')).toHaveLength(1);
});
