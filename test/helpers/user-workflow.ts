import { randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { and, asc, eq, like } from 'drizzle-orm';
import { notificationMessageId } from '../../activities/notifications.ts';
import { auditEvents, notifications, users } from '../../db/schema.ts';
import { actorKey } from '../../domain/actor.ts';
import type { CodeCheckOutcome, CodeIssuer, PersonalSettings, UserState } from '../../domain/user.ts';
import type { SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import {
  firstLoginUpdate,
  issueVerificationCodeUpdate,
  savePersonalSettingsUpdate,
  submitVerificationCodeUpdate,
  userStartOptions,
  userWorkflowId,
  userWorkflowType,
  type UserTimers,
  type UserWorkflowInput,
} from '../../workflows/user/messages.ts';
import type { userWorkflow } from '../../workflows/user/workflow.ts';
import type { NotificationKind } from '../../domain/notifications.ts';
import type { TestDatabase } from './database.ts';
import {
  SERVICEDESK_AGENT,
  organisationIdFor,
  recordAgreementOf,
  register,
  type OrganisationFixture,
} from './organisation.ts';

/** Hashing is web's job: the workflow only compares, so tests use fixed strings shaped like web's hex hashes. */
export const hashOf = (label: string): string => Buffer.from(label.padEnd(32, '.')).toString('hex').slice(0, 64);
export const SALT = 'a3f1c2d4e5b60718293a4b5c6d7e8f90';
export const CODE_HASH = hashOf('the right code');

/** Long enough never to fire during a test that is not about timers. */
export const QUIET_TIMERS: UserTimers = {
  remindAfter: { ms: 60 * 60_000 },
  escalateAfter: { ms: 2 * 60 * 60_000 },
  expireAfter: { ms: 3 * 60 * 60_000 },
};

export type Municipality = { gemeentecode: string; organisationId: string };
export type Person = Municipality & { subject: string; userKey: string; workflowId: string };

/** A registered municipality with both agreements: users can log in. */
export async function activeMunicipality(fx: OrganisationFixture, gemeentecode: string): Promise<Municipality> {
  const organisationId = organisationIdFor(gemeentecode);
  await register(fx, { gemeentecode, organisationId });
  await recordAgreementOf(fx, gemeentecode, { kind: 'ib' });
  await recordAgreementOf(fx, gemeentecode, { kind: 'vecozo' });
  return { gemeentecode, organisationId };
}

export function personIn(municipality: Municipality, subject = `sub-${randomBytes(4).toString('hex')}`): Person {
  return {
    ...municipality,
    subject,
    userKey: actorKey({ organisationId: municipality.organisationId, subject }),
    workflowId: userWorkflowId(municipality.gemeentecode, subject),
  };
}

export function settingsFor(
  achternaam: string,
  email: string,
  overrides: Partial<PersonalSettings> = {},
): PersonalSettings {
  return {
    aanhef: 'mevr',
    voorletters: 'J.',
    voornaam: 'Jet',
    tussenvoegsel: 'van',
    achternaam,
    afdeling: 'Wmo-loket',
    telefoonnummer: '06-12345678',
    email,
    nieuwsbrief: false,
    ...overrides,
  };
}

export const handleOf = (fx: Pick<OrganisationFixture, 'client'>, person: Person) =>
  fx.client.workflow.getHandle(person.workflowId);

/** The login as web does it: Update-with-Start, USE_EXISTING. */
export function login(
  fx: Pick<OrganisationFixture, 'client' | 'config'>,
  person: Person,
  timers: UserTimers = QUIET_TIMERS,
): Promise<UserState> {
  const input: UserWorkflowInput = {
    gemeentecode: person.gemeentecode,
    subject: person.subject,
    organisationId: person.organisationId,
    timers,
  };
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof userWorkflow>(
    userWorkflowType,
    userStartOptions(fx.config, input),
  );
  return fx.client.workflow.executeUpdateWithStart(firstLoginUpdate, {
    args: [{ actor: person.userKey }],
    startWorkflowOperation,
  });
}

export const saveSettings = (
  fx: Pick<OrganisationFixture, 'client'>,
  person: Person,
  settings: PersonalSettings,
): Promise<UserState> =>
  handleOf(fx, person).executeUpdate(savePersonalSettingsUpdate, { args: [{ actor: person.userKey, settings }] });

export function issueCode(
  fx: Pick<OrganisationFixture, 'client'>,
  person: Person,
  options: { issuer?: CodeIssuer; hash?: string; expiresAt?: string; grantsGebruikersbeheerder?: boolean } = {},
): Promise<UserState> {
  return handleOf(fx, person).executeUpdate(issueVerificationCodeUpdate, {
    args: [
      {
        issuer: options.issuer ?? { actor: SERVICEDESK_AGENT, kind: 'servicedesk' },
        hash: options.hash ?? CODE_HASH,
        salt: SALT,
        expiresAt: options.expiresAt ?? new Date(Date.now() + 7 * 86_400_000).toISOString(),
        grantsGebruikersbeheerder: options.grantsGebruikersbeheerder ?? false,
      },
    ],
  });
}

export const submitCode = (
  fx: Pick<OrganisationFixture, 'client'>,
  person: Person,
  hash: string,
): Promise<CodeCheckOutcome> =>
  handleOf(fx, person).executeUpdate(submitVerificationCodeUpdate, { args: [{ actor: person.userKey, hash }] });

/** Login, settings, a code from the servicedesk that grants the role, the right code: an active gebruikersbeheerder. */
export async function makeGebruikersbeheerder(
  fx: OrganisationFixture,
  municipality: Municipality,
  achternaam: string,
  email: string,
): Promise<Person> {
  const person = personIn(municipality);
  await login(fx, person);
  await saveSettings(fx, person, settingsFor(achternaam, email));
  await issueCode(fx, person, { grantsGebruikersbeheerder: true });
  const outcome = await submitCode(fx, person, CODE_HASH);
  if (outcome.outcome !== 'verified') throw new Error(`gebruikersbeheerder not verified: ${outcome.outcome}`);
  return person;
}

/** An active user without roles, verified with a code from `issuer`. */
export async function makeActiveUser(
  fx: OrganisationFixture,
  municipality: Municipality,
  issuer: Person,
  achternaam: string,
): Promise<Person> {
  const person = personIn(municipality);
  await login(fx, person);
  await saveSettings(fx, person, settingsFor(achternaam, `${achternaam.toLowerCase()}@gemeente.example`));
  await issueCode(fx, person, { issuer: { actor: issuer.userKey, kind: 'gebruikersbeheerder' } });
  await submitCode(fx, person, CODE_HASH);
  return person;
}

export const userRow = async (db: TestDatabase, person: Person) =>
  (await db.db.select().from(users).where(eq(users.userKey, person.userKey)))[0];

export const auditAbout = (db: TestDatabase, person: Person) =>
  db.db.select().from(auditEvents).where(eq(auditEvents.subject, person.userKey)).orderBy(asc(auditEvents.id));

export const auditNamesAbout = async (db: TestDatabase, person: Person): Promise<string[]> =>
  (await auditAbout(db, person)).map((a) => a.event);

/** Notifications about one user (their keys start with the workflow id), optionally of one kind. */
export const notificationsAbout = (db: TestDatabase, person: Person, kind?: NotificationKind) =>
  db.db
    .select()
    .from(notifications)
    .where(and(like(notifications.key, `${person.workflowId}:%`), ...(kind ? [eq(notifications.kind, kind)] : [])))
    .orderBy(asc(notifications.id));

/** The mails the sink holds for one notification (same key, same Message-ID). */
export const mailsFor = (sink: SmtpSink, key: string) =>
  sink.messages().filter((m) => m.messageId.includes(notificationMessageId(key)));
