import type { Roles, UserStatus } from './user.ts';

/**
 * Who is acting. The session holds only the eHerkenning identity; the actor (and with it every
 * right) is derived from the database on each request, so changes take effect at once.
 */

export type AssuranceLevel = 'loa3' | 'loa4';

/** What a validated eHerkenning login gives us: no names, no BSN. */
export type EherkenningIdentity = {
  /** Represented organisation: KvK number (8 digits) or OIN (20 digits). */
  organisationId: string;
  /** ActingSubjectID: a pseudonym of the person, stable per organisation and service. */
  subject: string;
  loa: AssuranceLevel;
};

export type ServicedeskActor = { kind: 'servicedesk'; subject: string; organisationId: string };

export type MunicipalActor = {
  kind: 'municipal';
  subject: string;
  organisationId: string;
  gemeentecode: string;
  gemeenteName: string;
  organisationActive: boolean;
  /** actorKey of this person: the key of their user workflow's read model row. */
  userKey: string;
  /** From the users read model; undefined while the person has no user workflow yet. */
  userStatus?: UserStatus;
  /** From the users read model on every request; none while the status is not 'actief'. */
  roles: Roles;
};

export type Actor = ServicedeskActor | MunicipalActor;

/** Stable pseudonymous key of a person, used in audit rows and session bookkeeping. */
export function actorKey(identity: Pick<EherkenningIdentity, 'organisationId' | 'subject'>): string {
  return `${identity.organisationId}/${identity.subject}`;
}
