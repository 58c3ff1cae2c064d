import { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AGREEMENT_LABELS, newOrganisation, statusOf, type OrganisationState } from '../../domain/organisation.ts';
import { dataConverter } from '../../temporal/connection.ts';
import {
  organisationStartOptions,
  organisationStateQuery,
  organisationWorkflowId,
  organisationWorkflowType,
  registerOrganisationUpdate,
} from '../../workflows/organisation/messages.ts';
import { PzDueAt, PzKind, PzOrganisation, PzState } from '../../workflows/search-attributes.ts';
import {
  SERVICEDESK_AGENT,
  auditOf,
  expectUpdateFailure,
  gemeentecodeSequence,
  mailsAbout,
  organisationRow,
  recordAgreementOf,
  register,
  reminderNotificationsOf,
  setUpOrganisationFixture,
  type OrganisationFixture,
} from '../helpers/organisation.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import { waitFor } from '../helpers/wait.ts';

let fx: OrganisationFixture;
let worker: TestWorker;
const nextCode = gemeentecodeSequence(9);

beforeAll(async () => {
  fx = await setUpOrganisationFixture();
  worker = await startTestWorker({ config: fx.config, db: fx.db.db, mailer: fx.mailer });
});

afterAll(async () => {
  await worker?.stop();
  await fx?.close();
});

const handleOf = (code: string) => fx.client.workflow.getHandle(organisationWorkflowId(code));
const auditNames = async (code: string) => (await auditOf(fx.db, code)).map((a) => a.event);

describe('registering a municipality', () => {
  it('stores the state, the read-model row and one audit row before answering', async () => {
    const code = nextCode();
    const state = await register(fx, { gemeentecode: code, name: ' Gemeente Testdorp ', organisationId: '12345678' });
    expect(state).toMatchObject({
      gemeentecode: code,
      name: 'Gemeente Testdorp',
      organisationId: '12345678',
      registeredBy: SERVICEDESK_AGENT,
      agreements: {},
    });
    expect(statusOf(state)).toBe('wacht_op_overeenkomsten');
    expect(await handleOf(code).query(organisationStateQuery)).toEqual(state);
    expect(await organisationRow(fx.db, code)).toMatchObject({
      name: 'Gemeente Testdorp',
      status: 'wacht_op_overeenkomsten',
      activatedAt: null,
    });
    const audit = await auditOf(fx.db, code);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      event: 'organisation_registered',
      actor: SERVICEDESK_AGENT,
      subject: `org/${code}`,
      details: { organisationIdKind: 'kvk' },
    });
    expect(audit[0]?.dedupeKey).toMatch(new RegExp(`^org/${code}:organisation_registered:`));
  });

  it('refuses a second registration with AlreadyRegistered and changes nothing', async () => {
    const code = nextCode();
    await register(fx, { gemeentecode: code, name: 'Eerste naam' });
    const failure = await expectUpdateFailure(
      register(fx, { gemeentecode: code, name: 'Tweede naam' }),
      'AlreadyRegistered',
    );
    expect(failure.message).toBe(`Gemeente ${code} is al geregistreerd.`);
    expect((await organisationRow(fx.db, code))?.name).toBe('Eerste naam');
    expect(await auditNames(code)).toEqual(['organisation_registered']);
  });

  it('lets exactly one of two simultaneous registrations win', async () => {
    const code = nextCode();
    const results = await Promise.allSettled([
      register(fx, { gemeentecode: code }),
      register(fx, { gemeentecode: code }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    await expectUpdateFailure(Promise.reject(rejected?.reason), 'AlreadyRegistered');
    expect(await auditNames(code)).toEqual(['organisation_registered']);
  });

  it('refuses invalid input with Dutch field messages, and a later valid registration still works', async () => {
    const code = nextCode();
    const failure = await expectUpdateFailure(
      register(fx, { gemeentecode: code, name: 'X', organisationId: '123' }),
      'InvalidInput',
    );
    expect(failure.details?.[0]).toEqual({
      name: 'Vul de naam van de gemeente in.',
      organisationId: 'Vul het KvK-nummer (8 cijfers) of het OIN (20 cijfers) in dat eHerkenning meestuurt.',
    });
    expect(failure.message).toContain('Vul de naam van de gemeente in.');
    expect(await organisationRow(fx.db, code)).toBeUndefined();
    expect(await handleOf(code).query(organisationStateQuery)).toBeUndefined();
    await expect(register(fx, { gemeentecode: code })).resolves.toMatchObject({ gemeentecode: code });
  });

  it('refuses an organisation id that another municipality already has, and stores nothing', async () => {
    const [first, second] = [nextCode(), nextCode()];
    await register(fx, { gemeentecode: first, organisationId: '00000001001234567000' });
    const failure = await expectUpdateFailure(
      register(fx, { gemeentecode: second, organisationId: '00000001001234567000' }),
      'OrganisationIdInUse',
    );
    expect(failure.details?.[0]).toEqual({ organisationId: 'Dit KvK-nummer of OIN hoort al bij een andere gemeente.' });
    expect(await organisationRow(fx.db, second)).toBeUndefined();
    expect(await handleOf(second).query(organisationStateQuery)).toBeUndefined();
    expect(await auditOf(fx.db, second)).toEqual([]);
  });
});

describe('recording the agreements', () => {
  it('activates with both agreements: row, audit trail and search attributes (never the name)', async () => {
    const code = nextCode();
    await register(fx, { gemeentecode: code, name: 'Gemeente Zoekbaar' });
    const one = await recordAgreementOf(fx, code, { kind: 'ib', signedOn: '2026-01-10' });
    expect(statusOf(one)).toBe('wacht_op_overeenkomsten');
    const both = await recordAgreementOf(fx, code, { kind: 'vecozo', signedOn: '2026-01-12' });
    expect(statusOf(both)).toBe('actief');
    expect(both.activatedAt).toBe(both.agreements.vecozo?.recordedAt);

    expect(await organisationRow(fx.db, code)).toMatchObject({
      status: 'actief',
      ibAgreementSignedOn: '2026-01-10',
      vecozoAgreementSignedOn: '2026-01-12',
      vecozoAgreementRecordedBy: SERVICEDESK_AGENT,
      activatedAt: new Date(both.activatedAt ?? ''),
    });
    expect(await auditNames(code)).toEqual([
      'organisation_registered',
      'agreement_recorded',
      'agreement_recorded',
      'organisation_activated',
    ]);

    const attributes = (await handleOf(code).describe()).typedSearchAttributes;
    expect([attributes.get(PzKind), attributes.get(PzOrganisation), attributes.get(PzState)]).toEqual([
      'organisation',
      code,
      'actief',
    ]);
    expect(JSON.stringify(attributes.getAll())).not.toContain('Zoekbaar');
    const listed = await waitFor('the workflow in a PzOrganisation list query', async () => {
      const found = [];
      for await (const wf of fx.client.workflow.list({ query: `PzOrganisation="${code}" AND PzState="actief"` }))
        found.push(wf.workflowId);
      return found.length > 0 && found;
    });
    expect(listed).toEqual([`org/${code}`]);
  });

  it('ignores a repeated agreement and audits a correction', async () => {
    const code = nextCode();
    await register(fx, { gemeentecode: code });
    const first = await recordAgreementOf(fx, code, { kind: 'ib', signedOn: '2026-01-10' });
    expect(await recordAgreementOf(fx, code, { kind: 'ib', signedOn: '2026-01-10' })).toEqual(first);
    const corrected = await recordAgreementOf(fx, code, { kind: 'ib', signedOn: '2026-01-09' });
    expect(corrected.agreements.ib?.signedOn).toBe('2026-01-09');
    const audit = await auditOf(fx.db, code);
    expect(audit.map((a) => [a.event, a.details.correction])).toEqual([
      ['organisation_registered', undefined],
      ['agreement_recorded', false],
      ['agreement_recorded', true],
    ]);
  });

  it('refuses an agreement before registration, a registration for another code, an unknown kind, a future date', async () => {
    const code = nextCode();
    await fx.client.workflow.start(
      organisationWorkflowType,
      organisationStartOptions(fx.config, { gemeentecode: code, reminderDelay: { ms: 60_000 } }),
    );
    await expectUpdateFailure(recordAgreementOf(fx, code, { kind: 'ib' }), 'NotRegistered');
    const otherCode = await expectUpdateFailure(
      handleOf(code).executeUpdate(registerOrganisationUpdate, {
        args: [{ gemeentecode: nextCode(), name: 'Elders', organisationId: '87654321', actor: SERVICEDESK_AGENT }],
      }),
      'InvalidInput',
    );
    expect(otherCode.details?.[0]).toEqual({ gemeentecode: 'Deze gemeentecode hoort niet bij deze registratie.' });
    await register(fx, { gemeentecode: code });
    const kind = await expectUpdateFailure(recordAgreementOf(fx, code, { kind: 'other' as 'ib' }), 'InvalidInput');
    expect(kind.details?.[0]).toEqual({ kind: 'Kies welke overeenkomst is ontvangen.' });
    const future = await expectUpdateFailure(
      recordAgreementOf(fx, code, { kind: 'ib', signedOn: '2999-01-01' }),
      'InvalidInput',
    );
    expect(future.message).toBe('De datum van ondertekening kan niet in de toekomst liggen.');
    expect(await auditNames(code)).toEqual(['organisation_registered']);
  });
});

describe('the agreement reminder', () => {
  it('fires once after the delay, naming the missing agreement, and the history replays', async () => {
    const code = nextCode();
    await register(fx, { gemeentecode: code, name: 'Gemeente Vergeetachtig' }, { ms: 1500 });
    await recordAgreementOf(fx, code, { kind: 'ib' });
    const state = await waitFor('the reminder', async () => {
      const s = await handleOf(code).query(organisationStateQuery);
      return s?.reminderSentAt ? s : undefined;
    });
    expect(Date.parse(state.reminderSentAt ?? '') - Date.parse(state.registeredAt)).toBeGreaterThanOrEqual(1500);

    const rows = await reminderNotificationsOf(fx.db, code);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ audience: 'servicedesk', kind: 'agreement_reminder' });
    expect(rows[0]?.emailSentAt).toBeInstanceOf(Date);
    const mails = mailsAbout(fx.sink, code);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([fx.config.SERVICEDESK_EMAIL]);
    expect(mails[0]?.subject).toBe(
      `Herinnering: overeenkomst ontbreekt voor gemeente Gemeente Vergeetachtig (${code})`,
    );
    expect(mails[0]?.text).toContain(AGREEMENT_LABELS.vecozo);
    expect(mails[0]?.text).not.toContain(AGREEMENT_LABELS.ib);
    expect(mails[0]?.text).toContain(`${fx.config.PUBLIC_URL}/servicedesk/gemeenten/${code}`);
    expect(await auditNames(code)).toContain('agreement_reminder_sent');
    expect((await handleOf(code).describe()).typedSearchAttributes.get(PzDueAt)).toBeUndefined();

    // Activation afterwards sends nothing more.
    await recordAgreementOf(fx, code, { kind: 'vecozo' });
    expect(await reminderNotificationsOf(fx.db, code)).toHaveLength(1);

    const history = await handleOf(code).fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverter(fx.config) },
      history,
    );
  });

  it('does not fire when both agreements arrive in time', async () => {
    const code = nextCode();
    await register(fx, { gemeentecode: code }, { ms: 3000 });
    await recordAgreementOf(fx, code, { kind: 'vecozo' });
    await recordAgreementOf(fx, code, { kind: 'ib' });
    // The reminder's timer is cancelled once the municipality is active; wait for that, not for the clock.
    await waitFor('the reminder timer to be cancelled', async () => {
      const { events } = await handleOf(code).fetchHistory();
      return (events ?? []).some((e) => e.timerCanceledEventAttributes);
    });
    expect((await handleOf(code).describe()).typedSearchAttributes.get(PzDueAt)).toBeUndefined();
    expect((await handleOf(code).query(organisationStateQuery))?.reminderSentAt).toBeUndefined();
    expect(await reminderNotificationsOf(fx.db, code)).toEqual([]);
    expect(mailsAbout(fx.sink, code)).toEqual([]);
  });
  it('resumes from carried-over state (continue-as-new input): overdue reminder at once, never a second one', async () => {
    const [overdue, done] = [nextCode(), nextCode()];
    const carried = (code: string, reminderSentAt?: string) => ({
      ...newOrganisation(
        { gemeentecode: code, name: `Gemeente ${code}`, organisationId: `7${code}000` },
        SERVICEDESK_AGENT,
        '2026-01-05T09:00:00.000Z',
      ),
      ...(reminderSentAt ? { reminderSentAt } : {}),
    });
    const start = (code: string, state: OrganisationState) =>
      fx.client.workflow.start(
        organisationWorkflowType,
        organisationStartOptions(fx.config, { gemeentecode: code, reminderDelay: { ms: 60_000 }, state }),
      );
    await start(overdue, carried(overdue));
    await start(done, carried(done, '2026-01-12T09:00:00.000Z'));
    await waitFor(
      'the overdue reminder',
      async () => (await handleOf(overdue).query(organisationStateQuery))?.reminderSentAt,
    );
    expect(await reminderNotificationsOf(fx.db, overdue)).toHaveLength(1);
    const resumed = await waitFor('the carried-over state', () => handleOf(done).query(organisationStateQuery));
    expect(resumed.reminderSentAt).toBe('2026-01-12T09:00:00.000Z');
    expect((await handleOf(done).describe()).typedSearchAttributes.get(PzState)).toBe('wacht_op_overeenkomsten');
    expect(await reminderNotificationsOf(fx.db, done)).toEqual([]);
  });
});

describe('personal data in Temporal', () => {
  it('stores no name in clear text in the workflow history', async () => {
    const code = nextCode();
    const name = `Gemeente Geheimstad ${code}`;
    await register(fx, { gemeentecode: code, name });
    const rawClient = new Client({ connection: fx.client.connection, namespace: fx.config.TEMPORAL_NAMESPACE });
    const history = await rawClient.workflow.getHandle(organisationWorkflowId(code)).fetchHistory();
    const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes('binary/encrypted')).toBe(true);
    expect(bytes.includes('Geheimstad')).toBe(false);
    // Sanity check of the check: the decoding client does see the name.
    expect((await handleOf(code).query(organisationStateQuery))?.name).toBe(name);
  });
});
