import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit, hitRateLimits, pruneRateLimits } from '../../web/rate-limit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const limit = { attempts: 3, windowMs: 60_000 };

describe('rate limits in PostgreSQL', () => {
  it('allows the limit within a window, refuses beyond it, and opens a new window afterwards', async () => {
    const t0 = new Date('2026-11-28T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await hitRateLimit(db.db, 'k1', limit, at(i * 1000)));
    expect(hits.map((h) => [h.allowed, h.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
    ]);
    expect(hits[3]!.retryAfterMs).toBe(57_000);
    const later = await hitRateLimit(db.db, 'k1', limit, at(60_000));
    expect([later.allowed, later.count]).toEqual([true, 1]);
  });

  it('counts concurrent attempts exactly', async () => {
    const now = new Date();
    const hits = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(db.db, 'k2', limit, now)));
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hits.filter((h) => h.allowed)).toHaveLength(3);
  });

  it('refuses when any of several keys is over, and counts every key', async () => {
    const now = new Date();
    for (let i = 0; i < 3; i++)
      expect((await hitRateLimits(db.db, ['user:a', 'session:1'], limit, now)).allowed).toBe(true);
    // Same user, another session: the user key is exhausted.
    const other = await hitRateLimits(db.db, ['user:a', 'session:2'], limit, now);
    expect(other.allowed).toBe(false);
    const rows = await db.sql<
      { key: string; count: number }[]
    >`select key, count from rate_limits where key in ('user:a', 'session:1', 'session:2') order by key`;
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['session:1', 3],
      ['session:2', 1],
      ['user:a', 4],
    ]);
  });

  it('prunes counters whose window ended long ago, and only those', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    await hitRateLimit(db.db, 'old', limit, new Date(now.getTime() - 2 * 86_400_000));
    await hitRateLimit(db.db, 'fresh', limit, new Date(now.getTime() - 60_000));
    await pruneRateLimits(db.db, 86_400_000, now);
    const keys = (await db.sql<{ key: string }[]>`select key from rate_limits where key in ('old', 'fresh')`).map(
      (r) => r.key,
    );
    expect(keys).toEqual(['fresh']);
  });
});
