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

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.db
      .select({ data: sessions.data })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, new Date())))
      .then((rows) => callback(undefined, (rows[0]?.data as unknown as SessionData | undefined) ?? null), callback);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const expiresAt = new Date(Date.now() + this.lifetimeMs);
    const userKey = data.identity?.userKey ?? null;
    const row = { sid, data: data as unknown as Record<string, unknown>, userKey, expiresAt };
    this.db
      .insert(sessions)
      .values(row)
      .onConflictDoUpdate({ target: sessions.sid, set: { data: row.data, userKey, expiresAt } })
      .then(() => callback?.(), (err) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), (err) => callback?.(err));
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    this.set(sid, data, callback);
  }

  /** Ends every session of one person (suspension, deprovisioning). Returns how many. */
  async destroyAllOf(userKey: string): Promise<number> {
    const deleted = await this.db.delete(sessions).where(eq(sessions.userKey, userKey)).returning({ sid: sessions.sid });
    return deleted.length;
  }

  async pruneExpired(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }
}
