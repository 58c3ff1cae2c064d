import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { rateLimits } from '../db/schema.ts';

/**
 * Fixed-window counters in PostgreSQL (`rate_limits`), so every web process counts the same
 * attempts. One statement per key: the upsert either opens a new window or adds one to the current
 * window, atomically, so concurrent requests can never both see the last free attempt.
 */

/**
 * The counters of verification-code attempts: per user and per session. The session id is a
 * bearer secret, so only its hash goes into the table.
 */
export function verifyRateLimitKeys(userKey: string, sessionId: string): string[] {
  return [`verify:user:${userKey}`, `verify:session:${hashed(sessionId)}`];
}

/** A counter key for a client address: hashed, as an IP address is personal data. */
export function ipRateLimitKey(scope: string, ip: string | undefined): string {
  return `${scope}:ip:${hashed(ip ?? 'unknown')}`;
}

/** What goes into a key instead of a secret or personal value. */
const hashed = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** "3 minuten", "1 minuut": the wait a refusal names, never less than a minute. */
export function waitText(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;
}

export type RateLimit = { attempts: number; windowMs: number };

export type RateLimitHit = { allowed: boolean; count: number; retryAfterMs: number };

/** Counts one attempt against `key`; `allowed` is false once the window holds more than the limit. */
export async function hitRateLimit(
  db: Database,
  key: string,
  limit: RateLimit,
  now = new Date(),
): Promise<RateLimitHit> {
  const windowStartsAfter = new Date(now.getTime() - limit.windowMs);
  const expired = sql`${rateLimits.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${rateLimits.windowStart} end`,
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, count: rateLimits.count });
  const count = row?.count ?? 1;
  const windowEnds = (row?.windowStart ?? now).getTime() + limit.windowMs;
  return { allowed: count <= limit.attempts, count, retryAfterMs: Math.max(0, windowEnds - now.getTime()) };
}

/**
 * Counts one attempt against every key (e.g. per user and per session); refused when any of them
 * is over its limit. Every key is counted even when an earlier one refuses, so switching sessions
 * does not reset the per-user count and vice versa.
 */
export function hitRateLimits(db: Database, keys: string[], limit: RateLimit, now = new Date()): Promise<RateLimitHit> {
  return hitEachRateLimit(db, [{ keys, limit }], now);
}

/** Deletes counters whose window ended long ago (run with the session pruning). */
export async function pruneRateLimits(db: Database, olderThanMs: number, now = new Date()): Promise<void> {
  await db
    .delete(rateLimits)
    .where(sql`${rateLimits.windowStart} < ${new Date(now.getTime() - olderThanMs).toISOString()}::timestamptz`);
}

/** Several limits at once (per user, per address), each on its own keys; refused when any refuses. */
export async function hitEachRateLimit(
  db: Database,
  checks: readonly { keys: string[]; limit: RateLimit }[],
  now = new Date(),
): Promise<RateLimitHit> {
  const hits = await Promise.all(checks.flatMap((c) => c.keys.map((key) => hitRateLimit(db, key, c.limit, now))));
  const refused = hits.filter((h) => !h.allowed);
  if (refused.length === 0) return { allowed: true, count: Math.max(...hits.map((h) => h.count)), retryAfterMs: 0 };
  return {
    allowed: false,
    count: Math.max(...refused.map((h) => h.count)),
    retryAfterMs: Math.max(...refused.map((h) => h.retryAfterMs)),
  };
}
