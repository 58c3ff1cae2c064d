import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClaimTaken, storeMessageFiles, type StoredFile } from '../../db/queries/message-correlation.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const file = (id: string, claim: string): StoredFile => ({
  id,
  gemeentecode: '0363',
  fileName: `${id}.xml`,
  sha256: 'x',
  bytes: Buffer.from('<Bericht/>'),
  claim,
});

it('names the file whose claim was taken, and stores none of the batch', async () => {
  await storeMessageFiles(db.db, [file('eerder', 'uit:WMO301:B')]);
  const error = await storeMessageFiles(db.db, [file('een', 'uit:WMO301:A'), file('twee', 'uit:WMO301:B')]).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClaimTaken);
  expect((error as ClaimTaken).claim).toBe('uit:WMO301:B');
  // All or none: the first file of the batch is not stored either, so its claim is still free.
  await storeMessageFiles(db.db, [file('opnieuw', 'uit:WMO301:A')]);
});
