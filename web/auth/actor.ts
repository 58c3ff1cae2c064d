import { eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Actor, EherkenningIdentity } from '../../domain/actor.ts';
import type { Database } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';

/**
 * Derives the actor from the eHerkenning identity on every request, from the database: rights are
 * never cached in the session. Undefined when the organisation is neither the servicedesk nor a
 * registered municipality.
 */
export async function resolveActor(
  db: Database,
  config: Pick<Config, 'SERVICEDESK_ORGANISATION_ID'>,
  identity: Pick<EherkenningIdentity, 'organisationId' | 'subject'>,
): Promise<Actor | undefined> {
  if (identity.organisationId === config.SERVICEDESK_ORGANISATION_ID) {
    return { kind: 'servicedesk', subject: identity.subject, organisationId: identity.organisationId };
  }
  const [org] = await db
    .select({ gemeentecode: organisations.gemeentecode, name: organisations.name, status: organisations.status })
    .from(organisations)
    .where(eq(organisations.organisationId, identity.organisationId))
    .limit(1);
  if (!org) return undefined;
  return {
    kind: 'municipal',
    subject: identity.subject,
    organisationId: identity.organisationId,
    gemeentecode: org.gemeentecode,
    gemeenteName: org.name,
    organisationActive: org.status === 'actief',
  };
}

/** The audit `organisation` column: a gemeentecode or 'servicedesk'. */
export function auditOrganisation(actor: Actor | undefined): string | undefined {
  if (!actor) return undefined;
  return actor.kind === 'servicedesk' ? 'servicedesk' : actor.gemeentecode;
}
