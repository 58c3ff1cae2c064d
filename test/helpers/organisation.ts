import { randomInt } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Config } from '../../config.ts';
import { auditEvents, notifications, organisations } from '../../db/schema.ts';
import type { OrganisationState } from '../../domain/organisation.ts';
import { createSmtpMailer, type Mailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import {
  organisationStartOptions,
  organisationWorkflowId,
  organisationWorkflowType,
  recordAgreementUpdate,
  registerOrganisationUpdate,
  type RecordAgreementInput,
  type RegisterOrganisationInput,
  type ReminderDelay,
} from '../../workflows/organisation/messages.ts';
import type { organisationWorkflow } from '../../workflows/organisation/workflow.ts';
import { testConfig } from './config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { connectTestClient, temporalOverrides } from './temporal.ts';

export const SERVICEDESK_AGENT = `41215468/agent-${randomInt(1e6)}`;

/** Everything an organisation workflow test needs except the worker: real PG, real Temporal, real SMTP. */
export type OrganisationFixture = {
  config: Config;
  db: TestDatabase;
  sink: SmtpSink;
  mailer: Mailer;
  client: Client;
  close(): Promise<void>;
};

export async function setUpOrganisationFixture(): Promise<OrganisationFixture> {
  const [db, sink] = await Promise.all([createTestDatabase(), startSmtpSink({ host: '127.0.0.1' })]);
  const config = testConfig({ ...temporalOverrides(), DATABASE_URL: db.url, SMTP_URL: sink.url });
  const mailer = createSmtpMailer({ smtpUrl: sink.url, from: config.MAIL_FROM });
  const client = await connectTestClient(config);
  return {
    config,
    db,
    sink,
    mailer,
    client,
    async close() {
      await client.connection.close();
      mailer.close?.();
      await Promise.allSettled([sink.stop(), db.drop()]);
    },
  };
}

/**
 * Unique gemeentecodes for one test file. The Temporal server is shared by every file of the run
 * and workflow ids are `org/<code>`, so each file draws from its own thousand (first digit).
 */
export function gemeentecodeSequence(firstDigit: number): () => string {
  let next = randomInt(1000);
  return () => `${firstDigit}${String(next++ % 1000).padStart(3, '0')}`;
}

/** A KvK-like number unique enough for one database. */
export const organisationIdFor = (gemeentecode: string): string =>
  `5${gemeentecode}${String(randomInt(1000)).padStart(3, '0')}`;

/** Registers through Update-with-Start, as web does: creates `org/<code>` or attaches to it. */
export function register(
  fixture: Pick<OrganisationFixture, 'client' | 'config'>,
  input: Partial<RegisterOrganisationInput> & { gemeentecode: string },
  reminderDelay: ReminderDelay = { ms: 10 * 60_000 },
): Promise<OrganisationState> {
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof organisationWorkflow>(
    organisationWorkflowType,
    organisationStartOptions(fixture.config, { gemeentecode: input.gemeentecode, reminderDelay }),
  );
  const args: RegisterOrganisationInput = {
    name: `Gemeente ${input.gemeentecode}`,
    organisationId: organisationIdFor(input.gemeentecode),
    actor: SERVICEDESK_AGENT,
    ...input,
  };
  return fixture.client.workflow.executeUpdateWithStart(registerOrganisationUpdate, {
    args: [args],
    startWorkflowOperation,
  });
}

export function recordAgreementOf(
  fixture: Pick<OrganisationFixture, 'client'>,
  gemeentecode: string,
  input: Partial<RecordAgreementInput> & Pick<RecordAgreementInput, 'kind'>,
): Promise<OrganisationState> {
  return fixture.client.workflow
    .getHandle(organisationWorkflowId(gemeentecode))
    .executeUpdate(recordAgreementUpdate, { args: [{ signedOn: '2026-01-15', actor: SERVICEDESK_AGENT, ...input }] });
}

/** Awaits a rejected Update and returns its ApplicationFailure after checking its type. */
export async function expectUpdateFailure(update: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const err = await update.then(
    () => expect.fail(`expected the Update to fail with ${type}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(type);
  return cause as ApplicationFailure;
}

export const organisationRow = async (db: TestDatabase, gemeentecode: string) =>
  (await db.db.select().from(organisations).where(eq(organisations.gemeentecode, gemeentecode)))[0];

export const auditOf = (db: TestDatabase, gemeentecode: string) =>
  db.db.select().from(auditEvents).where(eq(auditEvents.organisation, gemeentecode)).orderBy(asc(auditEvents.id));

export const reminderNotificationsOf = (db: TestDatabase, gemeentecode: string) =>
  db.db
    .select()
    .from(notifications)
    .where(eq(notifications.link, `/servicedesk/gemeenten/${gemeentecode}`));

export const mailsAbout = (sink: SmtpSink, gemeentecode: string) =>
  sink.messages().filter((m) => m.subject.includes(`(${gemeentecode})`));
