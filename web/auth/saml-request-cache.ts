import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { samlRequests } from '../../db/schema.ts';

/** A database failure in the request cache: a server problem (500), not a refused login. */
export class SamlRequestCacheUnavailable extends Error {
  constructor(cause: unknown) {
    super('SAML request cache unavailable', { cause });
    this.name = 'SamlRequestCacheUnavailable';
  }
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new SamlRequestCacheUnavailable(err);
  }
}

/**
 * node-saml's InResponseTo cache in PostgreSQL, so the web process that receives the response need
 * not be the one that sent the request. node-saml removes an id once a response used it (also
 * when validation failed), which makes every AuthnRequest id single-use: a replayed response
 * finds nothing. Entries older than `expiryMs` count as absent and are pruned on the next save.
 */
export class PostgresSamlRequestCache implements CacheProvider {
  constructor(
    private readonly db: Database,
    private readonly expiryMs: number,
  ) {}

  private cutoff(): Date {
    return new Date(Date.now() - this.expiryMs);
  }

  saveAsync(key: string, value: string): Promise<CacheItem | null> {
    return guarded(async () => {
      await this.db.delete(samlRequests).where(lt(samlRequests.createdAt, this.cutoff()));
      const inserted = await this.db
        .insert(samlRequests)
        .values({ id: key, value })
        .onConflictDoNothing({ target: samlRequests.id })
        .returning({ createdAt: samlRequests.createdAt });
      const row = inserted[0];
      return row ? { value, createdAt: row.createdAt.getTime() } : null;
    });
  }

  getAsync(key: string): Promise<string | null> {
    return guarded(async () => {
      const [row] = await this.db
        .select({ value: samlRequests.value })
        .from(samlRequests)
        .where(and(eq(samlRequests.id, key), gt(samlRequests.createdAt, this.cutoff())))
        .limit(1);
      return row?.value ?? null;
    });
  }

  removeAsync(key: string | null): Promise<string | null> {
    if (!key) return Promise.resolve(null);
    return guarded(async () => {
      const [row] = await this.db
        .delete(samlRequests)
        .where(eq(samlRequests.id, key))
        .returning({ value: samlRequests.value });
      return row?.value ?? null;
    });
  }
}
