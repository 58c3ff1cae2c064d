import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { productAudience } from '../../domain/message-access.ts';
import type { MessageState } from '../../domain/message-exchange.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import type { Database } from '../client.ts';
import { auditEvents, messageFetches, messageFiles, messages, notifications, users } from '../schema.ts';
import { olderThan, PAGE_SIZE, pageOf, type Page, type PageCursor } from './paging.ts';
import { displayName } from './users.ts';

/**
 * Reads of the message read model for the tabs Aanleveren and Ophalen, and the one write web does
 * itself: recording a download (message_fetches + audit). Every function takes the actor's own
 * gemeentecode and filters on it, so a message of another municipality is simply not found.
 */

export type MessageRow = typeof messages.$inferSelect;
export type FirstFetch = { who: string; at: Date };
export type IncomingRow = MessageRow & { firstFetch?: FirstFetch };

/** The states a filter on tab Ophalen offers (incoming messages only). */
export const INCOMING_STATE_FILTERS = [
  'te_beantwoorden',
  'te_laat',
  'verlopen',
  'beantwoord',
  'ontvangen',
] as const satisfies readonly MessageState[];
export type IncomingStateFilter = (typeof INCOMING_STATE_FILTERS)[number];
export type IncomingFilters = { code?: string; status?: IncomingStateFilter; opgehaald?: 'ja' | 'nee' };

/** Where a page of messages (newest first by receipt) ends: the cursor of its last row. */
export const receiptCursor = (row: MessageRow): PageCursor => ({ at: row.receivedAt, id: row.id });

/** The municipality's outgoing messages of one product (tab Aanleveren), newest first, a page at a time. */
export async function listOutgoing(
  db: Database,
  gemeentecode: string,
  product: MessageProduct,
  from?: PageCursor,
  size = PAGE_SIZE,
): Promise<Page<MessageRow>> {
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.gemeentecode, gemeentecode),
        eq(messages.product, product),
        eq(messages.direction, 'uit'),
        olderThan(messages.receivedAt, messages.id, from),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(size + 1);
  return pageOf(rows, size, receiptCursor);
}

/** The first download of each message of the municipality: one row per message. */
function firstFetches(db: Database, gemeentecode: string) {
  return db
    .selectDistinctOn([messageFetches.messageId], {
      messageId: messageFetches.messageId,
      fetchedBy: messageFetches.fetchedBy,
      fetchedAt: messageFetches.fetchedAt,
    })
    .from(messageFetches)
    .where(eq(messageFetches.gemeentecode, gemeentecode))
    .orderBy(messageFetches.messageId, asc(messageFetches.fetchedAt), asc(messageFetches.id))
    .as('first_fetch');
}

/** The municipality's incoming messages of one product (tab Ophalen), newest first, with who fetched each first. */
export async function listIncoming(
  db: Database,
  gemeentecode: string,
  product: MessageProduct,
  filters: IncomingFilters = {},
  from?: PageCursor,
  size = PAGE_SIZE,
): Promise<Page<IncomingRow>> {
  const first = firstFetches(db, gemeentecode);
  const conditions: SQL[] = [
    eq(messages.gemeentecode, gemeentecode),
    eq(messages.product, product),
    eq(messages.direction, 'in'),
  ];
  if (filters.code) conditions.push(eq(messages.messageCode, filters.code));
  if (filters.status) conditions.push(eq(messages.state, filters.status));
  if (filters.opgehaald === 'ja') conditions.push(isNotNull(first.messageId));
  if (filters.opgehaald === 'nee') conditions.push(isNull(first.messageId));
  const older = olderThan(messages.receivedAt, messages.id, from);
  if (older) conditions.push(older);
  const rows = await db
    .select({
      message: messages,
      fetchedAt: first.fetchedAt,
      fetchedBy: first.fetchedBy,
      voorletters: users.voorletters,
      voornaam: users.voornaam,
      tussenvoegsel: users.tussenvoegsel,
      achternaam: users.achternaam,
    })
    .from(messages)
    .leftJoin(first, eq(first.messageId, messages.id))
    .leftJoin(users, and(eq(users.userKey, first.fetchedBy), eq(users.gemeentecode, messages.gemeentecode)))
    .where(and(...conditions))
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(size + 1);
  return pageOf(
    rows.map((r) => ({
      ...r.message,
      ...(r.fetchedAt ? { firstFetch: { at: r.fetchedAt, who: displayName(r) } } : {}),
    })),
    size,
    receiptCursor,
  );
}

/** One message of the municipality; undefined for an unknown id or one of another municipality (callers answer 404). */
export async function findMessage(db: Database, gemeentecode: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.gemeentecode, gemeentecode), eq(messages.id, id)))
    .limit(1);
  return row;
}

/**
 * The conversation a message belongs to: every message of its exchange (same workflow id), and
 * the messages those name in `answered_by` (a 301 answering a 315 lives in its own exchange).
 * Oldest first. Always within the same municipality.
 */
export async function listConversation(db: Database, gemeentecode: string, message: MessageRow): Promise<MessageRow[]> {
  const own = await db
    .select()
    .from(messages)
    .where(and(eq(messages.gemeentecode, gemeentecode), eq(messages.workflowId, message.workflowId)));
  const known = new Set(own.map((r) => r.id));
  const answers = [...new Set(own.flatMap((r) => r.answeredBy))].filter((id) => !known.has(id));
  const linked = answers.length
    ? await db
        .select()
        .from(messages)
        .where(and(eq(messages.gemeentecode, gemeentecode), inArray(messages.id, answers)))
    : [];
  return [...own, ...linked].sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id),
  );
}

/** Every download of one message, oldest first, with the name of who downloaded it. */
export async function listFetches(db: Database, gemeentecode: string, messageId: string): Promise<FirstFetch[]> {
  const rows = await db
    .select({
      at: messageFetches.fetchedAt,
      voorletters: users.voorletters,
      voornaam: users.voornaam,
      tussenvoegsel: users.tussenvoegsel,
      achternaam: users.achternaam,
    })
    .from(messageFetches)
    .leftJoin(
      users,
      and(eq(users.userKey, messageFetches.fetchedBy), eq(users.gemeentecode, messageFetches.gemeentecode)),
    )
    .where(and(eq(messageFetches.gemeentecode, gemeentecode), eq(messageFetches.messageId, messageId)))
    .orderBy(asc(messageFetches.fetchedAt), asc(messageFetches.id));
  return rows.map((r) => ({ at: r.at, who: displayName(r) }));
}

export type MessageFile = { fileName: string; content: Buffer };

/** The stored file of a message, only when it belongs to the same municipality. */
export async function findMessageFile(
  db: Database,
  gemeentecode: string,
  fileId: string,
): Promise<MessageFile | undefined> {
  const [row] = await db
    .select({ fileName: messageFiles.fileName, content: messageFiles.content })
    .from(messageFiles)
    .where(and(eq(messageFiles.gemeentecode, gemeentecode), eq(messageFiles.id, fileId)))
    .limit(1);
  return row;
}

/**
 * A download: one message_fetches row (what "opgehaald" shows) and one audit row, together. The
 * audit row names the message by its id only (no file name: it may hold personal data).
 */
export async function recordFetch(
  db: Database,
  o: { gemeentecode: string; messageId: string; fetchedBy: string; product: MessageProduct; messageCode: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(messageFetches)
      .values({ messageId: o.messageId, gemeentecode: o.gemeentecode, fetchedBy: o.fetchedBy });
    const event: AuditEvent = {
      event: 'message_fetched',
      actor: o.fetchedBy,
      organisation: o.gemeentecode,
      subject: o.messageId,
      details: { product: o.product, messageCode: o.messageCode },
    };
    await tx.insert(auditEvents).values({
      event: event.event,
      actor: event.actor,
      organisation: event.organisation,
      subject: event.subject,
      details: event.details,
    });
  });
}

/**
 * The newest notifications of one product of one municipality for the top of its message pages,
 * and whether there are more than these (the page then links to all of them).
 */
export async function latestProductNotifications(
  db: Database,
  gemeentecode: string,
  product: MessageProduct,
  shown = 5,
): Promise<{ rows: (typeof notifications.$inferSelect)[]; more: boolean }> {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.audience, productAudience(gemeentecode, product)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(shown + 1);
  return { rows: rows.slice(0, shown), more: rows.length > shown };
}

/** Per product, what needs attention: incoming messages to answer, and messages past a deadline. */
export type OpenMessageCounts = Partial<Record<MessageProduct, { teBeantwoorden: number; teLaat: number }>>;

export async function countOpenMessages(db: Database, gemeentecode: string): Promise<OpenMessageCounts> {
  const rows = await db
    .select({ product: messages.product, state: messages.state, count: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.gemeentecode, gemeentecode), inArray(messages.state, ['te_beantwoorden', 'te_laat'])))
    .groupBy(messages.product, messages.state);
  const counts: OpenMessageCounts = {};
  for (const row of rows) {
    const entry = (counts[row.product] ??= { teBeantwoorden: 0, teLaat: 0 });
    if (row.state === 'te_laat') entry.teLaat = row.count;
    else entry.teBeantwoorden = row.count;
  }
  return counts;
}
