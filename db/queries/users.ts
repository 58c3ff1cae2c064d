import { and, asc, desc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  PRODUCTS,
  PRODUCT_ROLES,
  type PersonalSettings,
  type Product,
  type ProductRoleName,
  type Roles,
  type UserStatus,
  toPersonalSettings,
} from '../../domain/user.ts';
import type { Database } from '../client.ts';
import { auditEvents, notifications, organisations, users } from '../schema.ts';
import {
  numberedPageOf,
  offsetOf,
  olderThan,
  PAGE_SIZE,
  pageOf,
  type NumberedPage,
  type Page,
  type PageCursor,
} from './paging.ts';

/**
 * Reads of the users read model (written only by the user workflow's activities). Every function
 * that lists or finds users of a municipality takes the gemeentecode: callers pass the actor's own
 * (or, for the servicedesk, the one in the path), so no query can reach across municipalities.
 */

export type UserRow = typeof users.$inferSelect;

/** The stored jsonb as domain Roles; anything unknown (an older or damaged row) grants nothing. */
export function toRoles(stored: UserRow['roles']): Roles {
  const products = (stored?.products ?? []).flatMap((r) =>
    (PRODUCTS as readonly string[]).includes(r.product) && (PRODUCT_ROLES as readonly string[]).includes(r.role)
      ? [{ product: r.product as Product, role: r.role as ProductRoleName }]
      : [],
  );
  return { products, gebruikersbeheerder: stored?.gebruikersbeheerder === true };
}

export function hasAnyRole(roles: Roles): boolean {
  return roles.gebruikersbeheerder || roles.products.length > 0;
}

/**
 * The personal settings as entered, for pre-filling the form; undefined before the first save.
 * A new registration after a rejected or expired one keeps them (settingsSavedAt is then empty),
 * so the e-mail address, which is required, tells whether there are any.
 */
export function settingsOf(row: UserRow): PersonalSettings | undefined {
  if (!row.email) return undefined;
  return toPersonalSettings(row);
}

/** "J. de Vries", or a neutral text before the settings are in. */
export function displayName(row: Pick<UserRow, 'voorletters' | 'voornaam' | 'tussenvoegsel' | 'achternaam'>): string {
  const parts = [row.voorletters || row.voornaam, row.tussenvoegsel, row.achternaam].filter((p): p is string =>
    Boolean(p && p.trim()),
  );
  return parts.length ? parts.join(' ') : 'Naam nog niet ingevuld';
}

export async function findUserByKey(db: Database, userKey: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.userKey, userKey)).limit(1);
  return row;
}

/** One user of one municipality; undefined for a user of another municipality (callers answer 404). */
export async function findUserInGemeente(
  db: Database,
  gemeentecode: string,
  subject: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.gemeentecode, gemeentecode), eq(users.subject, subject)))
    .limit(1);
  return row;
}

export type PendingRegistrationRow = UserRow & { gemeenteName: string | null };

/** Registrations waiting for a code: of one municipality, or (servicedesk) of all. Oldest first, a page at a time. */
export async function listPendingRegistrations(
  db: Database,
  gemeentecode?: string,
  page = 1,
  size = PAGE_SIZE,
): Promise<NumberedPage<PendingRegistrationRow>> {
  const pending = eq(users.status, 'wacht_op_verificatie');
  const rows = await db
    .select({ ...getTableColumns(users), gemeenteName: organisations.name })
    .from(users)
    .leftJoin(organisations, eq(organisations.gemeentecode, users.gemeentecode))
    .where(gemeentecode ? and(pending, eq(users.gemeentecode, gemeentecode)) : pending)
    .orderBy(asc(users.settingsSavedAt), asc(users.userKey))
    .limit(size + 1)
    .offset(offsetOf(page, size));
  return numberedPageOf(rows, page, size);
}

export type UserFilters = { status?: UserStatus; role?: ProductRoleName | 'gebruikersbeheerder'; product?: Product };

/** Users of one municipality, filtered on status, role and product (roles live in jsonb), a page at a time. */
export async function listUsers(
  db: Database,
  gemeentecode: string,
  filters: UserFilters = {},
  page = 1,
  size = PAGE_SIZE,
): Promise<NumberedPage<UserRow>> {
  const conditions: SQL[] = [eq(users.gemeentecode, gemeentecode)];
  if (filters.status) conditions.push(eq(users.status, filters.status));
  if (filters.role === 'gebruikersbeheerder') {
    conditions.push(sql`(${users.roles} ->> 'gebruikersbeheerder')::boolean is true`);
    if (filters.product)
      conditions.push(sql`${users.roles} -> 'products' @> ${JSON.stringify([{ product: filters.product }])}::jsonb`);
  } else if (filters.role || filters.product) {
    const wanted = {
      ...(filters.product ? { product: filters.product } : {}),
      ...(filters.role ? { role: filters.role } : {}),
    };
    conditions.push(sql`${users.roles} -> 'products' @> ${JSON.stringify([wanted])}::jsonb`);
  }
  const rows = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.achternaam), asc(users.registeredAt), asc(users.userKey))
    .limit(size + 1)
    .offset(offsetOf(page, size));
  return numberedPageOf(rows, page, size);
}

/** Active gebruikersbeheerders of a municipality: who can hand out codes and roles. */
export function listActiveGebruikersbeheerders(db: Database, gemeentecode: string): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.gemeentecode, gemeentecode),
        eq(users.status, 'actief'),
        sql`(${users.roles} ->> 'gebruikersbeheerder')::boolean is true`,
      ),
    )
    .orderBy(asc(users.achternaam));
}

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * The audit trail about one user (their workflow writes events with the user key, or the workflow
 * id, as subject), newest first, a page at a time. Audit rows take their time from the database
 * (microseconds), the cursor carries milliseconds: both sides compare at millisecond precision.
 */
export async function userHistory(
  db: Database,
  row: Pick<UserRow, 'userKey' | 'gemeentecode' | 'subject'>,
  from?: PageCursor,
  size = PAGE_SIZE,
): Promise<Page<AuditRow>> {
  const at = sql`date_trunc('milliseconds', ${auditEvents.at})`;
  const aboutUser = or(
    eq(auditEvents.subject, row.userKey),
    eq(auditEvents.subject, `user/${row.gemeentecode}/${row.subject}`),
  );
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(aboutUser, olderThan(at, auditEvents.id, from, 'bigint')))
    .orderBy(desc(at), desc(auditEvents.id))
    .limit(size + 1);
  return pageOf(rows, size, (r) => ({ at: r.at, id: String(r.id) }));
}

export type NotificationRow = typeof notifications.$inferSelect;

/** In-app notifications for one audience ('servicedesk' or a gemeentecode), newest first, a page at a time. */
export async function listNotifications(
  db: Database,
  audience: string,
  from?: PageCursor,
  size = PAGE_SIZE,
): Promise<Page<NotificationRow>> {
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.audience, audience), olderThan(notifications.createdAt, notifications.id, from, 'bigint')),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(size + 1);
  return pageOf(rows, size, (n) => ({ at: n.createdAt, id: String(n.id) }));
}

export function countPendingRegistrations(
  db: Database,
  gemeentecodes: string[],
): Promise<{ gemeentecode: string; count: number }[]> {
  if (gemeentecodes.length === 0) return Promise.resolve([]);
  return db
    .select({ gemeentecode: users.gemeentecode, count: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.status, 'wacht_op_verificatie'), inArray(users.gemeentecode, gemeentecodes)))
    .groupBy(users.gemeentecode);
}
