import type { TestDatabase } from './database.ts';

export type AuditRow = {
  id: number;
  event: string;
  actor: string | null;
  organisation: string | null;
  details: Record<string, unknown>;
};

/** The highest audit id so far: rows after it are what a step wrote. */
export async function lastAuditId(db: TestDatabase): Promise<number> {
  const [row] = await db.sql<{ max: string | null }[]>`select max(id)::text as max from audit_events`;
  return Number(row?.max ?? 0);
}

export async function auditRowsAfter(db: TestDatabase, id: number): Promise<AuditRow[]> {
  const rows = await db.sql<
    AuditRow[]
  >`select id::int as id, event, actor, organisation, details from audit_events where id > ${id} order by id`;
  return rows.map((r) => ({ ...r }));
}

export type SessionRow = { sid: string; userKey: string | null; data: Record<string, unknown>; lastSeenAt: Date };

export async function sessionRows(db: TestDatabase): Promise<SessionRow[]> {
  const rows = await db.sql<
    SessionRow[]
  >`select sid, user_key as "userKey", data, last_seen_at as "lastSeenAt" from sessions order by sid`;
  return rows.map((r) => ({ ...r, lastSeenAt: new Date(r.lastSeenAt) }));
}

/** The session id inside an express-session cookie value (`s:<sid>.<signature>`, URL-encoded). */
export function sessionIdOf(cookieValue: string | undefined): string | undefined {
  if (!cookieValue) return undefined;
  const value = decodeURIComponent(cookieValue);
  return value.startsWith('s:') ? value.slice(2, value.lastIndexOf('.')) : undefined;
}
