import type { AuditEvent } from '../domain/audit.ts';
import type { Database } from './client.ts';
import { auditEvents } from './schema.ts';

/** Appends one audit row; with a dedupeKey a repeated call (activity retry) is a no-op. */
export async function appendAudit(db: Database, event: AuditEvent): Promise<void> {
  await db
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
