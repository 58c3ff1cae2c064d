import { inArray } from 'drizzle-orm';
import type { Request, Response } from 'express';
import type { Resource } from '../../domain/permissions.ts';
import type { Database } from '../../db/client.ts';
import { displayName, type UserRow } from '../../db/queries/users.ts';
import { users } from '../../db/schema.ts';
import { PRODUCTS, ROLES_PER_PRODUCT, type ProductRole, type Roles } from '../../domain/user.ts';
import type { UserRef } from '../../usecases/users.ts';
import { formFlag, formValues } from '../form-input.ts';
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
