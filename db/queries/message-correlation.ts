import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Direction, MessageState } from '../../domain/message-exchange.ts';
import type { Database } from '../client.ts';
import { violatedConstraint, violationDetail } from '../errors.ts';
import { messageFiles, messages } from '../schema.ts';

/**
 * How a message finds the exchange it belongs to: by the identification its header repeats
 * (a retour echoes the heen-bericht's header, a 325 names its 323, a 301/319 names the
 * ReferentieAanbieder of a 315/317). Every lookup is scoped to one municipality.
 */

export type ExchangeRef = { id: string; workflowId: string; counterparty: string; state: MessageState };

const ref = {
  id: messages.id,
  workflowId: messages.workflowId,
  counterparty: messages.counterparty,
  state: messages.state,
};

/** TR056: has the municipality already sent a message of this type with this identification? */
export async function isSentIdentificationUsed(
  db: Database,
  gemeentecode: string,
  messageCode: string,
  identificatie: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.gemeentecode, gemeentecode),
        eq(messages.direction, 'uit'),
        ne(messages.role, 'retour'),
        eq(messages.messageCode, messageCode),
        eq(messages.identificatie, identificatie),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** A message the municipality sent or received, by its exchange role (not retours), identification and counterparty. */
export async function findExchange(
  db: Database,
  q: {
    gemeentecode: string;
    direction: Direction;
    messageCode: string;
    identificatie: string;
    counterparty?: string;
  },
): Promise<ExchangeRef | undefined> {
  const [row] = await db
    .select(ref)
    .from(messages)
    .where(
      and(
        eq(messages.gemeentecode, q.gemeentecode),
        eq(messages.direction, q.direction),
        ne(messages.role, 'retour'),
        eq(messages.messageCode, q.messageCode),
        eq(messages.identificatie, q.identificatie),
        ...(q.counterparty ? [eq(messages.counterparty, q.counterparty)] : []),
      ),
    )
    .limit(1);
  return row;
}

/** An open 315/317 of this care provider that names one of these references. */
export async function findOpenRequest(
  db: Database,
  q: { gemeentecode: string; codes: string[]; counterparty: string; references: string[] },
): Promise<ExchangeRef | undefined> {
  if (q.references.length === 0) return undefined;
  const [row] = await db
    .select(ref)
    .from(messages)
    .where(
      and(
        eq(messages.gemeentecode, q.gemeentecode),
        eq(messages.direction, 'in'),
        inArray(messages.messageCode, q.codes),
        eq(messages.counterparty, q.counterparty),
        inArray(messages.state, ['te_beantwoorden', 'te_laat']),
        sql`${messages.references} ?| array[${sql.join(
          q.references.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`,
      ),
    )
    .orderBy(messages.receivedAt)
    .limit(1);
  return row;
}

/** Is there a message with this referentienummer already (a repeated delivery)? */
export async function messageExists(db: Database, id: string): Promise<boolean> {
  const rows = await db.select({ id: messages.id }).from(messages).where(eq(messages.id, id)).limit(1);
  return rows.length > 0;
}

export type StoredFile = {
  id: string;
  gemeentecode: string;
  fileName: string;
  sha256: string;
  bytes: Uint8Array;
  claim?: string;
};

/** Another file already holds this claim (an identification used before, or by a racing upload). */
export class ClaimTaken extends Error {
  constructor(readonly claim: string) {
    super(`claim taken: ${claim}`);
    this.name = 'ClaimTaken';
  }
}

/**
 * Stores message files before any workflow refers to them, all or none. The id is the
 * referentienummer of the message, so a repeated delivery stores nothing twice; a claim another
 * file holds fails the whole batch with ClaimTaken.
 */
export async function storeMessageFiles(db: Database, files: readonly StoredFile[]): Promise<void> {
  if (files.length === 0) return;
  try {
    // One INSERT of all rows is atomic by itself: no transaction (two round trips less per file).
    await db
      .insert(messageFiles)
      .values(
        files.map((file) => ({
          id: file.id,
          gemeentecode: file.gemeentecode,
          fileName: file.fileName,
          sha256: file.sha256,
          sizeBytes: file.bytes.byteLength,
          content: Buffer.from(file.bytes),
          claim: file.claim ?? null,
        })),
      )
      .onConflictDoNothing({ target: messageFiles.id });
  } catch (err) {
    if (violatedConstraint(err) === 'message_files_claim_key') {
      // The database names the value that clashed; the file that claimed it is the one refused.
      const detail = violationDetail(err) ?? '';
      const taken = files.find((f) => f.claim && detail.includes(`, ${f.claim})`)) ?? files.find((f) => f.claim);
      throw new ClaimTaken(taken?.claim ?? 'onbekend');
    }
    throw err;
  }
}

export const storeMessageFile = (db: Database, file: StoredFile): Promise<void> => storeMessageFiles(db, [file]);

/**
 * The file holding a claim of a municipality if no exchange ever recorded it in the read model: a
 * message whose start may still be under way, or an orphan of a start that failed without its
 * file being released (the process died, or Temporal could not say whether it took the start).
 */
export async function unrecordedClaimHolder(
  db: Database,
  q: { gemeentecode: string; claim: string },
): Promise<{ id: string; createdAt: Date } | undefined> {
  const [row] = await db
    .select({ id: messageFiles.id, createdAt: messageFiles.createdAt })
    .from(messageFiles)
    .leftJoin(messages, eq(messages.id, messageFiles.id))
    .where(and(eq(messageFiles.gemeentecode, q.gemeentecode), eq(messageFiles.claim, q.claim), isNull(messages.id)))
    .limit(1);
  return row;
}

/** Removes a stored file that no workflow took (its start failed). */
export async function discardMessageFile(db: Database, id: string): Promise<void> {
  await db.delete(messageFiles).where(eq(messageFiles.id, id));
}

/** A message the portal sent (delivered or being delivered), by its referentienummer. */
export async function findSentMessage(
  db: Database,
  id: string,
): Promise<{ workflowId: string; gemeentecode: string; messageCode: string } | undefined> {
  const [row] = await db
    .select({ workflowId: messages.workflowId, gemeentecode: messages.gemeentecode, messageCode: messages.messageCode })
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.direction, 'uit')))
    .limit(1);
  return row;
}
