import { inArray } from 'drizzle-orm';
import type { Request, Response } from 'express';
import type { Resource } from '../../domain/permissions.ts';
import type { Database } from '../../db/client.ts';
import { displayName, userHistory, type UserRow } from '../../db/queries/users.ts';
import { users } from '../../db/schema.ts';
import { PRODUCTS, ROLES_PER_PRODUCT, type ProductRole, type Roles } from '../../domain/user.ts';
import type { UserRef } from '../../usecases/users.ts';
import { formFlag, formValues } from '../form-input.ts';
import { CURSOR_PARAMETER, parseCursor } from '../paging.ts';
import type { Html } from '../../html.ts';
import { pageLinks } from '../views/paging.ts';
import { userHistory as historyTable } from '../views/user-history.ts';
import { roleValue } from '../views/roles-form.ts';

/** Helpers shared by the gebruikersbeheerder's and the servicedesk's user pages. */

/**
 * The resource of every /beheer route: the actor's own municipality. Lookups there are by the
 * actor's gemeentecode too, so no id in a URL can reach another municipality.
 */
export function ownGemeente(_req: Request, res: Response): Resource {
  const actor = res.locals.actor;
  return actor?.kind === 'municipal' ? { gemeentecode: actor.gemeentecode } : {};
}

export const refOf = (row: Pick<UserRow, 'gemeentecode' | 'subject'>): UserRef => ({
  gemeentecode: row.gemeentecode,
  subject: row.subject,
});

/** The path segment of a user: their pseudonym, which may hold any printable character. */
export const subjectSegment = (row: Pick<UserRow, 'subject'>): string => encodeURIComponent(row.subject);

/** The roles form as Roles; `unknown` when a value is not a role that exists (a tampered form). */
export function rolesFromForm(req: Request): { roles: Roles; unknown: boolean } {
  const products: ProductRole[] = [];
  let unknown = false;
  for (const value of formValues(req, 'rollen')) {
    const match = PRODUCTS.flatMap((product) => ROLES_PER_PRODUCT[product].map((role) => ({ product, role }))).find(
      (r) => roleValue(r.product, r.role) === value,
    );
    if (match) products.push(match);
    else unknown = true;
  }
  return { roles: { products, gebruikersbeheerder: formFlag(req, 'gebruikersbeheerder') }, unknown };
}

/** Names of the people behind audit actor keys, within one municipality (for the history table only). */
export async function namesOf(
  db: Database,
  gemeentecode: string,
  keys: (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(keys.filter((k): k is string => Boolean(k)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select().from(users).where(inArray(users.userKey, wanted));
  return new Map(rows.filter((r) => r.gemeentecode === gemeentecode).map((r) => [r.userKey, displayName(r)]));
}

/**
 * The history table of a user's detail page at `path`, a page at a time (`?vanaf=` from the
 * request; a page rendered for a form's answer shows the newest events).
 */
export async function historySection(db: Database, req: Request, row: UserRow, path: string): Promise<Html> {
  const from = req.method === 'GET' ? parseCursor(req.query[CURSOR_PARAMETER]) : undefined;
  const history = await userHistory(db, row, from);
  const names = await namesOf(
    db,
    row.gemeentecode,
    history.rows.map((h) => h.actor),
  );
  return historyTable(history.rows, {
    userKey: row.userKey,
    names,
    paging: pageLinks(path, {}, history.next, from !== undefined, 'gebeurtenissen'),
  });
}
