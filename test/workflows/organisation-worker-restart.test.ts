import { afterAll, beforeAll, expect, it } from 'vitest';
import { organisationStateQuery, organisationWorkflowId } from '../../workflows/organisation/messages.ts';
import {
  auditOf,
  gemeentecodeSequence,
  mailsAbout,
  recordAgreementOf,
  register,
  reminderNotificationsOf,
  setUpOrganisationFixture,
  type OrganisationFixture,
} from '../helpers/organisation.ts';
import { waitFor } from '../helpers/wait.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

const nextCode = gemeentecodeSequence(8);
let fx: OrganisationFixture;

beforeAll(async () => {
  fx = await setUpOrganisationFixture();
});

afterAll(async () => {
  killWorkerProcesses();
  await fx?.close();
});

it(
  'sends exactly one reminder when the worker is killed while the reminder timer runs',
  { timeout: 90_000 },
  async () => {
    const code = nextCode();
    const handle = fx.client.workflow.getHandle(organisationWorkflowId(code));
    const first = await startWorkerProcess(fx);

    await register(fx, { gemeentecode: code }, { ms: 6000 });
    await recordAgreementOf(fx, code, { kind: 'vecozo' });
    await waitFor('the reminder timer to start', async () =>
      (await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes),
    );

    await stopWorkerProcess(first, 'SIGKILL');
    const { events } = await handle.fetchHistory();
    expect(
      events?.some((e) => e.timerFiredEventAttributes),
      'the timer fired before the worker was killed',
    ).toBe(false);
    expect(await reminderNotificationsOf(fx.db, code)).toEqual([]);

    const second = await startWorkerProcess(fx);
    const state = await waitFor(
      'the reminder after the restart',
      async () => {
        const s = await handle.query(organisationStateQuery);
        return s?.reminderSentAt ? s : undefined;
      },
      { timeoutMs: 45_000 },
    );
    expect(state.agreements.vecozo).toBeDefined();

    expect(await reminderNotificationsOf(fx.db, code)).toHaveLength(1);
    const mails = mailsAbout(fx.sink, code);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Aansluitings- en verwerkersovereenkomst met het Inlichtingenbureau');
    expect((await auditOf(fx.db, code)).filter((a) => a.event === 'agreement_reminder_sent')).toHaveLength(1);

    await stopWorkerProcess(second, 'SIGTERM');
    expect(second.exitCode).toBe(0);
  },
);
