import { and, eq, gt, lt } from 'drizzle-orm';
import session from 'express-session';
import type { Database } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';

type SessionData = session.SessionData;
type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * express-session store in PostgreSQL, so every web process sees the same sessions. Rows carry the
 * user's key, so suspending a user can end all of that user's sessions at once. Rows live until the
 * absolute lifetime; the idle timeout is checked on each request (see timeouts.ts).
 */
export class PostgresSessionStore extends session.Store {
  constructor(
    private readonly db: Database,
    private readonly lifetimeMs: number,
  ) {
    super();
  }

  /** The session data, with `lastSeenAt` from its own column (see the schema for why). */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.db
      .select({ data: sessions.data, lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, new Date())))
      .then((rows) => {
        const row = rows[0];
        callback(
          undefined,
          row ? ({ ...row.data, lastSeenAt: row.lastSeenAt.getTime() } as unknown as SessionData) : null,
        );
      }, callback);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.lifetimeMs);
    const userKey = data.identity?.userKey ?? null;
    const { lastSeenAt: _derived, ...stored } = data;
    const row = { sid, data: stored as unknown as Record<string, unknown>, userKey, lastSeenAt: now, expiresAt };
    this.db
      .insert(sessions)
      .values(row)
      .onConflictDoUpdate({ target: sessions.sid, set: { data: row.data, userKey, lastSeenAt: now, expiresAt } })
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  /** An unchanged session: only the activity clock and expiry move, the data is left alone. */
  override touch(sid: string, _data: SessionData, callback?: Callback): void {
    const now = new Date();
    this.db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + this.lifetimeMs) })
      .where(eq(sessions.sid, sid))
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  /** Ends every session of one person (suspension, deprovisioning). Returns how many. */
  async destroyAllOf(userKey: string): Promise<number> {
    const deleted = await this.db
      .delete(sessions)
      .where(eq(sessions.userKey, userKey))
      .returning({ sid: sessions.sid });
    return deleted.length;
  }

  async pruneExpired(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }
}
