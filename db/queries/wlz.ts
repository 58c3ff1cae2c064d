import { and, desc, eq } from 'drizzle-orm';
import type { WlzOutcome } from '../../domain/wlz.ts';
import type { Database } from '../client.ts';
import { users, wlzLookups } from '../schema.ts';
import { displayName } from './users.ts';

/** One line of the municipality's own look-up history: never the BSN (not even its hash). */
export type WlzHistoryRow = {
  requestedAt: Date;
  who: string;
  purpose: string;
  outcome: WlzOutcome | null;
  registerDate: string | null;
};

/**
 * The look-ups of ONE municipality (the actor's own), newest first, with the asker's name from the
 * users read model of that same municipality.
 */
export async function listWlzLookups(db: Database, gemeentecode: string, limit = 50): Promise<WlzHistoryRow[]> {
  const rows = await db
    .select({
      requestedAt: wlzLookups.requestedAt,
      purpose: wlzLookups.purpose,
      outcome: wlzLookups.outcome,
      registerDate: wlzLookups.registerDate,
      voorletters: users.voorletters,
      voornaam: users.voornaam,
      tussenvoegsel: users.tussenvoegsel,
      achternaam: users.achternaam,
    })
    .from(wlzLookups)
    .leftJoin(users, and(eq(users.userKey, wlzLookups.actor), eq(users.gemeentecode, wlzLookups.gemeentecode)))
    .where(eq(wlzLookups.gemeentecode, gemeentecode))
    .orderBy(desc(wlzLookups.requestedAt))
    .limit(limit);
  return rows.map((r) => ({
    requestedAt: r.requestedAt,
    purpose: r.purpose,
    outcome: r.outcome,
    registerDate: r.registerDate,
    who: displayName(r),
  }));
}
