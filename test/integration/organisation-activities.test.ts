import { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { auditEvents, notifications, organisations } from '../../db/schema.ts';
import { newOrganisation, recordAgreement } from '../../domain/organisation.ts';
import { createSmtpMailer, type Mailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const config = {
  SERVICEDESK_EMAIL: 'servicedesk@inlichtingenbureau.example',
  PUBLIC_URL: 'https://portaal.example',
  BSN_PSEUDONYM_KEY: Buffer.alloc(32, 1).toString('base64'),
};
/** A lazy client that never connects: none of the activities tested here sends an Update. */
const temporal = new Client();
let db: TestDatabase;
let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
  [db, sink] = await Promise.all([createTestDatabase(), startSmtpSink({ host: '127.0.0.1' })]);
  mailer = createSmtpMailer({ smtpUrl: sink.url, from: 'noreply@portaalzorg.example' });
});

afterAll(async () => {
  mailer?.close?.();
  await Promise.allSettled([sink?.stop(), db?.drop()]);
});

beforeEach(() => sink.clear());

/** One activity attempt as the worker would run it; the same activityId stands for a retry. */
const env = (activityId = '1', workflowId = 'org/0001') =>
  new MockActivityEnvironment(
    { activityId, workflowExecution: { workflowId, runId: 'run-1' } },
    { logger: new DefaultLogger('ERROR') }, // the failures these tests provoke are expected
  );

const reminder = (key: string) => ({
  key,
  kind: 'agreement_reminder' as const,
  title: 'Herinnering: overeenkomst ontbreekt voor gemeente Test (0001)',
  body: 'Nog niet ontvangen: Verwerkersovereenkomst met VECOZO',
  link: '/servicedesk/gemeenten/0001',
});

const notificationRows = (key: string) => db.db.select().from(notifications).where(eq(notifications.key, key));

describe('notifyServicedesk', () => {
  it('writes one notification and sends one e-mail, however often it runs', async () => {
    const { notifyServicedesk } = createActivities({ db: db.db, mailer, config, temporal });
    await env().run(notifyServicedesk, reminder('k-repeat'));
    await env().run(notifyServicedesk, reminder('k-repeat'));
    await Promise.all([
      env().run(notifyServicedesk, reminder('k-repeat')),
      env().run(notifyServicedesk, reminder('k-repeat')),
    ]);
    const rows = await notificationRows('k-repeat');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      audience: 'servicedesk',
      kind: 'agreement_reminder',
      link: '/servicedesk/gemeenten/0001',
    });
    expect(rows[0]?.emailSentAt).toBeInstanceOf(Date);
    const [mail, ...more] = sink.messages();
    expect(more).toEqual([]);
    expect(mail?.to).toEqual([config.SERVICEDESK_EMAIL]);
    expect(mail?.text).toContain('Bekijk het in Portaal Zorg: https://portaal.example/servicedesk/gemeenten/0001');
  });

  it('keeps the notification when SMTP fails, reports only a code, and sends on the retry', async () => {
    const broken: Mailer = {
      send: async () => {
        throw Object.assign(new Error('550 mailbox unavailable <servicedesk@inlichtingenbureau.example>'), {
          code: 'EENVELOPE',
        });
      },
    };
    const failure = await env()
      .run(createActivities({ db: db.db, mailer: broken, config, temporal }).notifyServicedesk, reminder('k-smtp'))
      .then(
        () => expect.fail('expected a failure'),
        (e: unknown) => e,
      );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'MailError', message: 'Mail error (code EENVELOPE)', nonRetryable: false });
    expect((await notificationRows('k-smtp'))[0]?.emailSentAt).toBeNull();

    await env().run(createActivities({ db: db.db, mailer, config, temporal }).notifyServicedesk, reminder('k-smtp'));
    expect(sink.messages()).toHaveLength(1);
    expect((await notificationRows('k-smtp'))[0]?.emailSentAt).toBeInstanceOf(Date);
  });
});

describe('appendAuditEvent', () => {
  it('writes once per scheduled activity: a retry is a no-op, the next activity writes again', async () => {
    const { appendAuditEvent } = createActivities({ db: db.db, mailer, config, temporal });
    const event = {
      event: 'agreement_recorded' as const,
      organisation: '0002',
      subject: 'org/0002',
      details: { kind: 'ib' },
    };
    await env('7', 'org/0002').run(appendAuditEvent, event);
    await env('7', 'org/0002').run(appendAuditEvent, event);
    await env('8', 'org/0002').run(appendAuditEvent, event);
    const rows = await db.db.select().from(auditEvents).where(eq(auditEvents.organisation, '0002'));
    expect(rows.map((r) => r.dedupeKey)).toEqual([
      'org/0002:agreement_recorded:run-1:7',
      'org/0002:agreement_recorded:run-1:8',
    ]);
  });
});

describe('saveOrganisation', () => {
  it('upserts the read model and never lets an older state overwrite a newer one', async () => {
    const { saveOrganisation } = createActivities({ db: db.db, mailer, config, temporal });
    const registered = newOrganisation(
      { gemeentecode: '0003', name: 'Drie', organisationId: '30000003' },
      'sd/a',
      '2026-03-02T09:00:00.000Z',
    );
    const withIb = recordAgreement(registered, 'ib', {
      signedOn: '2026-02-01',
      recordedBy: 'sd/a',
      recordedAt: '2026-03-03T09:00:00.000Z',
    });
    await env().run(saveOrganisation, registered);
    await env().run(saveOrganisation, withIb);
    await env().run(saveOrganisation, withIb);
    await env().run(saveOrganisation, registered); // a stale attempt landing late
    const [row] = await db.db.select().from(organisations).where(eq(organisations.gemeentecode, '0003'));
    expect(row).toMatchObject({
      status: 'wacht_op_overeenkomsten',
      ibAgreementSignedOn: '2026-02-01',
      updatedAt: new Date('2026-03-03T09:00:00.000Z'),
    });
  });
});

describe('dueAfterWerkdagen', () => {
  it('counts Dutch werkdagen and refuses bad input without retrying', async () => {
    const { dueAfterWerkdagen } = createActivities({ db: db.db, mailer, config, temporal });
    // Friday 24 April 2026, 09:00 Amsterdam + 1 werkdag: weekend and Koningsdag, so Tuesday 28 April.
    expect(await env().run(dueAfterWerkdagen, '2026-04-24T07:00:00.000Z', 1)).toBe('2026-04-28T07:00:00.000Z');
    await expect(env().run(dueAfterWerkdagen, '2026-04-24T07:00:00.000Z', -1)).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
  });
});
