import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { MessageState } from '../../domain/message-exchange.ts';
import type { Database } from '../client.ts';
import { messages, organisations } from '../schema.ts';
import { receiptCursor, type MessageRow } from './messages.ts';
import { olderThan, PAGE_SIZE, pageOf, type Page, type PageCursor } from './paging.ts';

/**
 * The servicedesk's view of exchanges that need someone: a deadline passed (te_laat), the grace
 * period passed too (verlopen), or the chain refused the envelope (niet_afgeleverd). Across every
 * municipality, which only the servicedesk may see (messages.monitor).
 */
export const TROUBLE_STATES = ['te_laat', 'verlopen', 'niet_afgeleverd'] as const satisfies readonly MessageState[];
export type TroubleState = (typeof TROUBLE_STATES)[number];

export type GemeenteTrouble = { gemeentecode: string; name: string | null; counts: Record<TroubleState, number> };

/** Per municipality with at least one such exchange: how many of each. */
export async function troubleByGemeente(db: Database): Promise<GemeenteTrouble[]> {
  const rows = await db
    .select({
      gemeentecode: messages.gemeentecode,
      name: organisations.name,
      state: messages.state,
      count: sql<number>`count(*)::int`,
    })
    .from(messages)
    .leftJoin(organisations, eq(organisations.gemeentecode, messages.gemeentecode))
    .where(inArray(messages.state, [...TROUBLE_STATES]))
    .groupBy(messages.gemeentecode, organisations.name, messages.state)
    .orderBy(asc(messages.gemeentecode));
  const byGemeente = new Map<string, GemeenteTrouble>();
  for (const row of rows) {
    let entry = byGemeente.get(row.gemeentecode);
    if (!entry)
      byGemeente.set(
        row.gemeentecode,
        (entry = {
          gemeentecode: row.gemeentecode,
          name: row.name,
          counts: { te_laat: 0, verlopen: 0, niet_afgeleverd: 0 },
        }),
      );
    entry.counts[row.state as TroubleState] = row.count;
  }
  return [...byGemeente.values()];
}

/** The exchanges themselves, of one municipality or all, newest first, a page at a time. */
export async function troubledExchanges(
  db: Database,
  gemeentecode: string | undefined,
  from?: PageCursor,
  size = PAGE_SIZE,
): Promise<Page<MessageRow>> {
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        inArray(messages.state, [...TROUBLE_STATES]),
        gemeentecode ? eq(messages.gemeentecode, gemeentecode) : undefined,
        olderThan(messages.receivedAt, messages.id, from),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(size + 1);
  return pageOf(rows, size, receiptCursor);
}
