import { eq } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Config } from '../../config.ts';
import { actorKey, type Actor, type EherkenningIdentity } from '../../domain/actor.ts';
import { NO_ROLES } from '../../domain/user.ts';
import type { Database } from '../../db/client.ts';
import { toRoles } from '../../db/queries/users.ts';
import { organisations, users } from '../../db/schema.ts';
import type { WebDeps } from '../deps.ts';

/** Puts the session's actor in `res.locals.actor`, fresh from the database on every request. */
export function loadActor(deps: Pick<WebDeps, 'db' | 'config'>): RequestHandler {
  return async (req, res, next) => {
    const identity = req.session.identity;
    if (identity) res.locals.actor = await resolveActor(deps.db, deps.config, identity);
    next();
  };
}

/**
 * Derives the actor from the eHerkenning identity on every request, from the database: rights are
 * never cached in the session, so a role change or a suspension counts from the next request.
 * Undefined when the organisation is neither the servicedesk nor a registered municipality.
 */
export async function resolveActor(
  db: Database,
  config: Pick<Config, 'SERVICEDESK_ORGANISATION_ID'>,
  identity: Pick<EherkenningIdentity, 'organisationId' | 'subject'>,
): Promise<Actor | undefined> {
  if (identity.organisationId === config.SERVICEDESK_ORGANISATION_ID) {
    return { kind: 'servicedesk', subject: identity.subject, organisationId: identity.organisationId };
  }
  const userKey = actorKey(identity);
  const [row] = await db
    .select({
      gemeentecode: organisations.gemeentecode,
      name: organisations.name,
      status: organisations.status,
      userStatus: users.status,
      roles: users.roles,
    })
    .from(organisations)
    .leftJoin(users, eq(users.userKey, userKey))
    .where(eq(organisations.organisationId, identity.organisationId))
    .limit(1);
  if (!row) return undefined;
  return {
    kind: 'municipal',
    subject: identity.subject,
    organisationId: identity.organisationId,
    gemeentecode: row.gemeentecode,
    gemeenteName: row.name,
    organisationActive: row.status === 'actief',
    userKey,
    ...(row.userStatus ? { userStatus: row.userStatus } : {}),
    roles: row.roles ? toRoles(row.roles) : NO_ROLES,
  };
}
