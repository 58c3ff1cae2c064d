import type { AuditEvent } from '../domain/audit.ts';
import type { Database } from './client.ts';
import { auditEvents } from './schema.ts';

/** The insert of one audit row, to run alone or beside another write; with a dedupeKey a repeat is a no-op. */
export function auditInsert(db: Pick<Database, 'insert'>, event: AuditEvent) {
  return db
    .insert(auditEvents)
    .values({
      event: event.event,
      actor: event.actor ?? null,
      organisation: event.organisation ?? null,
      subject: event.subject ?? null,
      details: event.details ?? {},
      dedupeKey: event.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: auditEvents.dedupeKey });
}

/** Appends one audit row; with a dedupeKey a repeated call (activity retry) is a no-op. */
export async function appendAudit(db: Database, event: AuditEvent): Promise<void> {
  await auditInsert(db, event);
}
