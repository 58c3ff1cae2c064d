import { afterAll, beforeAll, expect, it } from 'vitest';
import { userStateQuery } from '../../workflows/user/messages.ts';
import { gemeentecodeSequence, setUpOrganisationFixture, type OrganisationFixture } from '../helpers/organisation.ts';
import {
  CODE_HASH,
  activeMunicipality,
  auditNamesAbout,
  handleOf,
  issueCode,
  login,
  mailsFor,
  makeGebruikersbeheerder,
  notificationsAbout,
  personIn,
  saveSettings,
  settingsFor,
  submitCode,
} from '../helpers/user-workflow.ts';
import { waitFor } from '../helpers/wait.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

const nextCode = gemeentecodeSequence(5);
let fx: OrganisationFixture;

beforeAll(async () => {
  fx = await setUpOrganisationFixture();
});

afterAll(async () => {
  killWorkerProcesses();
  await fx?.close();
});

it(
  'continues after the worker is killed mid-lifecycle, with exactly one e-mail per notification',
  { timeout: 300_000 },
  async () => {
    const first = await startWorkerProcess(fx);
    const municipality = await activeMunicipality(fx, nextCode());
    const gb = await makeGebruikersbeheerder(fx, municipality, 'Overleef', 'overleef@gemeente.example');
    const person = personIn(municipality);
    await login(fx, person, {
      remindAfter: { ms: 8000 },
      escalateAfter: { ms: 12_000 },
      expireAfter: { ms: 10 * 60_000 },
    });
    await saveSettings(fx, person, settingsFor('Doorzetter', 'doorzetter@gemeente.example'));

    // Killed at once: the notification's e-mail may be on its way, the reminder timer is running.
    await stopWorkerProcess(first, 'SIGKILL');
    const { events } = await handleOf(fx, person).fetchHistory();
    expect(
      events?.some((e) => e.timerFiredEventAttributes),
      'a timer fired before the worker was killed',
    ).toBe(false);

    const second = await startWorkerProcess(fx);
    const state = await waitFor(
      'the escalation after the restart',
      async () => {
        const s = await handleOf(fx, person).query(userStateQuery);
        return s?.escalatedAt ? s : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(state.reminderSentAt).toBeDefined();

    // The lifecycle goes on: a code from the gebruikersbeheerder verifies the user.
    await issueCode(fx, person, { issuer: { actor: gb.userKey, kind: 'gebruikersbeheerder' } });
    expect(await submitCode(fx, person, CODE_HASH)).toEqual({ outcome: 'verified' });

    const items = await notificationsAbout(fx.db, person);
    expect(items.map((n) => n.kind)).toEqual([
      'registration_pending',
      'registration_reminder',
      'registration_escalated',
    ]);
    // A mail whose activity died with the first worker is retried after its timeout: wait for all.
    for (const item of items)
      await waitFor(`the ${item.kind} e-mail`, () => mailsFor(fx.sink, item.key).length > 0, { timeoutMs: 60_000 });
    expect(items.map((item) => mailsFor(fx.sink, item.key).length)).toEqual([1, 1, 1]);
    expect(mailsFor(fx.sink, items[0]?.key ?? '')[0]?.to).toEqual(['overleef@gemeente.example']);
    const audit = await auditNamesAbout(fx.db, person);
    expect(audit.filter((e) => e === 'registration_reminder_sent')).toHaveLength(1);
    expect(audit.filter((e) => e === 'registration_escalated')).toHaveLength(1);
    expect(audit.filter((e) => e === 'personal_settings_saved')).toHaveLength(1);

    await stopWorkerProcess(second, 'SIGTERM');
    expect(second.exitCode).toBe(0);
  },
);
