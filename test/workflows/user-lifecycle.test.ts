import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessions } from '../../db/schema.ts';
import type { Roles, UserState } from '../../domain/user.ts';
import { dataConverter } from '../../temporal/connection.ts';
import { organisationStateQuery, organisationWorkflowId } from '../../workflows/organisation/messages.ts';
import { PzDueAt, PzKind, PzOrganisation, PzState } from '../../workflows/search-attributes.ts';
import {
  deprovisionUserUpdate,
  reactivateUserUpdate,
  rejectRegistrationUpdate,
  setRolesUpdate,
  suspendUserUpdate,
  userStartOptions,
  userStateQuery,
  userWorkflowType,
  verificationSaltQuery,
} from '../../workflows/user/messages.ts';
import {
  SERVICEDESK_AGENT,
  expectUpdateFailure,
  gemeentecodeSequence,
  register,
  setUpOrganisationFixture,
  type OrganisationFixture,
} from '../helpers/organisation.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import {
  CODE_HASH,
  SALT,
  activeMunicipality,
  auditAbout,
  auditNamesAbout,
  handleOf,
  hashOf,
  issueCode,
  login,
  mailsFor,
  makeActiveUser,
  makeGebruikersbeheerder,
  notificationsAbout,
  personIn,
  saveSettings,
  settingsFor,
  submitCode,
  userRow,
  type Municipality,
  type Person,
} from '../helpers/user-workflow.ts';
import { waitFor } from '../helpers/wait.ts';

let fx: OrganisationFixture;
let worker: TestWorker;
const nextCode = gemeentecodeSequence(6);

beforeAll(async () => {
  fx = await setUpOrganisationFixture();
  worker = await startTestWorker({ config: fx.config, db: fx.db.db, mailer: fx.mailer });
});

afterAll(async () => {
  await worker?.stop();
  await fx?.close();
});

const query = (person: Person) => handleOf(fx, person).query(userStateQuery);
/** Any administrator's Update on a user: the test states the input, the workflow's validators judge it. */
const update = <A>(person: Person, def: UpdateDefinition<UserState, [A]>, args: A): Promise<UserState> =>
  handleOf(fx, person).executeUpdate(def, { args: [args] });
const gebruikersbeheerdersOf = async (m: Municipality) =>
  (await fx.client.workflow.getHandle(organisationWorkflowId(m.gemeentecode)).query(organisationStateQuery))
    ?.gebruikersbeheerders;

describe('first login', () => {
  it('creates the workflow once: a second Update-with-Start finds the same run, one row, one audit row', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    const first = await login(fx, person);
    expect(first).toMatchObject({
      status: 'instellingen_invullen',
      userKey: person.userKey,
      gemeentecode: municipality.gemeentecode,
    });
    const { runId } = await handleOf(fx, person).describe();
    const second = await login(fx, person);
    expect(second).toEqual(first);
    expect((await handleOf(fx, person).describe()).runId).toBe(runId);
    expect(await userRow(fx.db, person)).toMatchObject({ status: 'instellingen_invullen', version: 1, email: null });
    expect(await auditNamesAbout(fx.db, person)).toEqual(['user_registration_started']);
    const attributes = (await handleOf(fx, person).describe()).typedSearchAttributes;
    expect([attributes.get(PzKind), attributes.get(PzOrganisation), attributes.get(PzState)]).toEqual([
      'user',
      municipality.gemeentecode,
      'instellingen_invullen',
    ]);
  });

  it('is refused for a municipality that is not active, and for another organisation', async () => {
    const code = nextCode();
    const inactive = { gemeentecode: code, organisationId: `7${code}123` };
    await register(fx, { gemeentecode: code, organisationId: inactive.organisationId });
    const refused = await expectUpdateFailure(login(fx, personIn(inactive)), 'OrganisationNotActive');
    expect(refused.message).toBe(`Gemeente ${code} kan Portaal Zorg nog niet gebruiken.`);
    const municipality = await activeMunicipality(fx, nextCode());
    const stranger = personIn({ ...municipality, organisationId: '99999999' });
    const mismatch = await expectUpdateFailure(login(fx, stranger), 'InvalidInput');
    expect(mismatch.message).toBe(`Deze inlog hoort niet bij gemeente ${municipality.gemeentecode}.`);
    expect(await userRow(fx.db, stranger)).toBeUndefined();
  });

  it('only the person themselves', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    await login(fx, person);
    const failure = await expectUpdateFailure(
      saveSettings(
        fx,
        { ...person, userKey: `${municipality.organisationId}/someone-else` },
        settingsFor('Jansen', 'j@x.nl'),
      ),
      'InvalidInput',
    );
    expect(failure.message).toBe('Alleen de gebruiker zelf kan dit doen.');
  });
});

describe('personal settings', () => {
  it('refuses invalid settings with Dutch field messages, stores nothing', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    await login(fx, person);
    const failure = await expectUpdateFailure(
      saveSettings(fx, person, settingsFor('', 'geen-adres', { telefoonnummer: '123' })),
      'InvalidInput',
    );
    expect(failure.details?.[0]).toEqual({
      achternaam: 'Vul uw achternaam in.',
      telefoonnummer: 'Vul een geldig Nederlands telefoonnummer in, bijvoorbeeld 06-12345678 of 020-1234567.',
      email: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.',
    });
    expect((await query(person))?.status).toBe('instellingen_invullen');
    expect(await auditNamesAbout(fx.db, person)).toEqual(['user_registration_started']);
  });

  it('with two active gebruikersbeheerders: waiting, one in-app item, one e-mail each, once even on a double submit', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const gb1 = await makeGebruikersbeheerder(fx, municipality, 'Bakker', 'bakker@gemeente.example');
    const gb2 = await makeGebruikersbeheerder(fx, municipality, 'Visser', 'visser@gemeente.example');
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([gb1.userKey, gb2.userKey]);

    const person = personIn(municipality);
    await login(fx, person);
    const settings = settingsFor('Geheimhouder', 'geheim@gemeente.example');
    const [saved, again] = await Promise.all([saveSettings(fx, person, settings), saveSettings(fx, person, settings)]);
    expect(saved.status).toBe('wacht_op_verificatie');
    expect(again).toEqual(saved);
    expect(await userRow(fx.db, person)).toMatchObject({
      status: 'wacht_op_verificatie',
      achternaam: 'Geheimhouder',
      email: 'geheim@gemeente.example',
      settingsSavedAt: new Date(saved.settingsSavedAt ?? ''),
    });

    const [item, ...more] = await notificationsAbout(fx.db, person);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      audience: municipality.gemeentecode,
      kind: 'registration_pending',
      link: `/beheer/gebruikers/${person.subject}`,
    });
    expect(item?.title).not.toContain('Geheimhouder');
    expect(item?.body).toContain('mevrouw J. van Geheimhouder (afdeling Wmo-loket)');
    const mails = await waitFor(
      'the e-mail to the gebruikersbeheerders',
      () => mailsFor(fx.sink, item?.key ?? '').length > 0 && mailsFor(fx.sink, item?.key ?? ''),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to.sort()).toEqual(['bakker@gemeente.example', 'visser@gemeente.example']);
    expect(mails[0]?.text).toContain(`${fx.config.PUBLIC_URL}/beheer/gebruikers/${person.subject}`);
    expect(mails[0]?.text).toContain('nooit per e-mail');
    const audit = await auditAbout(fx.db, person);
    expect(audit.map((a) => a.event)).toEqual(['user_registration_started', 'personal_settings_saved']);
    expect(audit[1]?.details).toEqual({ submitted: true });

    // Search attributes and audit rows carry codes and states, never the name or the address.
    const attributes = (await handleOf(fx, person).describe()).typedSearchAttributes;
    expect(attributes.get(PzState)).toBe('wacht_op_verificatie');
    expect(attributes.get(PzDueAt)).toBeInstanceOf(Date);
    expect(JSON.stringify(attributes.getAll())).not.toMatch(/Geheimhouder|geheim@/);
    expect(JSON.stringify(audit)).not.toMatch(/Geheimhouder|geheim@/);
  });

  it('without a gebruikersbeheerder: the servicedesk is notified instead', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Eerste', 'eerste@gemeente.example'));
    const [item, ...more] = await notificationsAbout(fx.db, person);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      audience: 'servicedesk',
      kind: 'registration_pending',
      link: '/servicedesk/gebruikers',
    });
    const mails = await waitFor(
      'the e-mail to the servicedesk',
      () => mailsFor(fx.sink, item?.key ?? '').length > 0 && mailsFor(fx.sink, item?.key ?? ''),
    );
    expect(mails.map((m) => m.to)).toEqual([[fx.config.SERVICEDESK_EMAIL]]);
    expect(mails[0]?.text).toContain('heeft nog geen actieve gebruikersbeheerder');
  });
});

describe('verification code', () => {
  it('verifies with the right hash: active, code gone, row and audit written; the salt is there while it waits', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Smit', 'smit@gemeente.example'));
    expect(await handleOf(fx, person).query(verificationSaltQuery)).toBeUndefined();
    const issued = await issueCode(fx, person);
    expect(issued.code).toMatchObject({
      salt: SALT,
      failedAttempts: 0,
      issuer: { actor: SERVICEDESK_AGENT, kind: 'servicedesk' },
    });
    expect(await userRow(fx.db, person)).toMatchObject({
      codeIssuedBy: SERVICEDESK_AGENT,
      codeExpiresAt: new Date(issued.code?.expiresAt ?? ''),
    });
    expect(await handleOf(fx, person).query(verificationSaltQuery)).toBe(SALT);

    expect(await submitCode(fx, person, CODE_HASH)).toEqual({ outcome: 'verified' });
    const state = await query(person);
    expect(state).toMatchObject({ status: 'actief', roles: { products: [], gebruikersbeheerder: false } });
    expect(state?.code).toBeUndefined();
    expect(await handleOf(fx, person).query(verificationSaltQuery)).toBeUndefined();
    expect(await userRow(fx.db, person)).toMatchObject({
      status: 'actief',
      codeIssuedBy: null,
      verifiedAt: new Date(state?.verifiedAt ?? ''),
    });
    expect(await auditNamesAbout(fx.db, person)).toEqual([
      'user_registration_started',
      'personal_settings_saved',
      'verification_code_issued',
      'user_verified',
    ]);
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([]);
    // Once verified, another attempt is refused by the validator.
    const again = await expectUpdateFailure(submitCode(fx, person, CODE_HASH), 'WrongState');
    expect(again.message).toBe('U bent al geverifieerd. Log opnieuw in om verder te gaan.');
  });

  it('revokes the code after five wrong attempts and tells the issuer once', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const gb = await makeGebruikersbeheerder(fx, municipality, 'Mulder', 'mulder@gemeente.example');
    const person = personIn(municipality);
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Raden', 'raden@gemeente.example'));
    await issueCode(fx, person, { issuer: { actor: gb.userKey, kind: 'gebruikersbeheerder' } });
    const outcomes = [];
    for (let attempt = 1; attempt <= 5; attempt++)
      outcomes.push(await submitCode(fx, person, hashOf(`guess ${attempt}`)));
    expect(outcomes).toEqual([
      { outcome: 'wrong', remainingAttempts: 4 },
      { outcome: 'wrong', remainingAttempts: 3 },
      { outcome: 'wrong', remainingAttempts: 2 },
      { outcome: 'wrong', remainingAttempts: 1 },
      { outcome: 'revoked' },
    ]);
    expect(await submitCode(fx, person, CODE_HASH)).toEqual({ outcome: 'no_code' });
    expect((await query(person))?.status).toBe('wacht_op_verificatie');

    const revoked = await notificationsAbout(fx.db, person, 'verification_code_revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({
      audience: municipality.gemeentecode,
      link: `/beheer/gebruikers/${person.subject}`,
    });
    const mails = await waitFor(
      'the e-mail to the issuer',
      () => mailsFor(fx.sink, revoked[0]?.key ?? '').length > 0 && mailsFor(fx.sink, revoked[0]?.key ?? ''),
    );
    expect(mails.map((m) => m.to)).toEqual([['mulder@gemeente.example']]);
    expect(mails[0]?.subject).toBe(
      `Verificatiecode ingetrokken na 5 foute pogingen (gemeente ${municipality.gemeentecode})`,
    );
    const audit = await auditAbout(fx.db, person);
    expect(audit.filter((a) => a.event === 'verification_code_failed')).toHaveLength(6);
    expect(audit.find((a) => a.event === 'verification_code_revoked')?.details).toEqual({
      issuerKind: 'gebruikersbeheerder',
    });
  });

  it('tells the servicedesk when it issued the revoked code', async () => {
    const person = personIn(await activeMunicipality(fx, nextCode()));
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Servies', 'servies@gemeente.example'));
    await issueCode(fx, person);
    for (let attempt = 1; attempt <= 5; attempt++) await submitCode(fx, person, hashOf(`wrong ${attempt}`));
    const [revoked] = await notificationsAbout(fx.db, person, 'verification_code_revoked');
    expect(revoked).toMatchObject({ audience: 'servicedesk', link: '/servicedesk/gebruikers' });
    await waitFor('the e-mail to the servicedesk', () => mailsFor(fx.sink, revoked?.key ?? '').length === 1);
  });

  it('says expired for an expired code, and a reissued code makes the old hash fail', async () => {
    const person = personIn(await activeMunicipality(fx, nextCode()));
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Later', 'later@gemeente.example'));
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    await issueCode(fx, person, { expiresAt });
    await waitFor('the code to expire', () => Date.now() > Date.parse(expiresAt) + 100);
    expect(await submitCode(fx, person, CODE_HASH)).toEqual({ outcome: 'expired' });

    const newHash = hashOf('the second code');
    const reissued = await issueCode(fx, person, { hash: newHash });
    expect(reissued.code?.failedAttempts).toBe(0);
    expect(await submitCode(fx, person, CODE_HASH)).toEqual({ outcome: 'wrong', remainingAttempts: 4 });
    expect(await submitCode(fx, person, newHash)).toEqual({ outcome: 'verified' });
    const issuedAudit = (await auditAbout(fx.db, person)).filter((a) => a.event === 'verification_code_issued');
    expect(issuedAudit.map((a) => a.details.replaced)).toEqual([false, true]);
  });
});

describe('rejection', () => {
  it('rejects with a reason the user reads at the next login, which starts a fresh registration', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const person = personIn(municipality);
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Vreemd', 'vreemd@gemeente.example'));
    await expectUpdateFailure(
      update(person, rejectRegistrationUpdate, { actor: SERVICEDESK_AGENT, reason: ' ' }),
      'InvalidInput',
    );
    const rejected = await update(person, rejectRegistrationUpdate, {
      actor: SERVICEDESK_AGENT,
      reason: 'Niet bekend bij de gemeente.',
    });
    expect(rejected.status).toBe('afgewezen');
    expect(await userRow(fx.db, person)).toMatchObject({
      status: 'afgewezen',
      rejectionReason: 'Niet bekend bij de gemeente.',
    });
    // The waiting registration's timers are cancelled.
    await waitFor('the registration timer to be cancelled', async () =>
      (await handleOf(fx, person).fetchHistory()).events?.some((e) => e.timerCanceledEventAttributes),
    );
    await waitFor(
      'PzDueAt to be cleared',
      async () => (await handleOf(fx, person).describe()).typedSearchAttributes.get(PzDueAt) === undefined,
    );

    const restarted = await login(fx, person);
    expect(restarted).toMatchObject({
      status: 'instellingen_invullen',
      previousRegistration: { status: 'afgewezen', reason: 'Niet bekend bij de gemeente.' },
    });
    expect(restarted.settings?.achternaam).toBe('Vreemd');
    expect(await userRow(fx.db, person)).toMatchObject({ status: 'instellingen_invullen', rejectionReason: null });
    const audit = await auditAbout(fx.db, person);
    expect(audit.map((a) => a.event)).toEqual([
      'user_registration_started',
      'personal_settings_saved',
      'registration_rejected',
      'user_registration_started',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Niet bekend');
  });
});

describe('roles, suspension and removal', () => {
  it('sets and removes product roles, refuses roles a product lacks and roles for a waiting user', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const gb = await makeGebruikersbeheerder(fx, municipality, 'Dekker', 'dekker@gemeente.example');
    const person = await makeActiveUser(fx, municipality, gb, 'Rollen');
    const roles: Roles = {
      products: [
        { product: 'iwmo', role: 'gebruiker' },
        { product: 'ieb', role: 'productbeheerder' },
      ],
      gebruikersbeheerder: false,
    };
    const withRoles = await update(person, setRolesUpdate, { actor: gb.userKey, roles });
    expect(withRoles.roles).toEqual(roles);
    expect((await userRow(fx.db, person))?.roles).toEqual(roles);
    const invalid = await expectUpdateFailure(
      update(person, setRolesUpdate, {
        actor: gb.userKey,
        roles: { products: [{ product: 'ieb', role: 'gebruiker' }], gebruikersbeheerder: false },
      }),
      'InvalidInput',
    );
    expect(invalid.message).toBe('iEb heeft geen rol Gebruiker.');
    await update(person, setRolesUpdate, { actor: gb.userKey, roles: { products: [], gebruikersbeheerder: false } });
    expect((await userRow(fx.db, person))?.roles).toEqual({ products: [], gebruikersbeheerder: false });
    const changes = (await auditAbout(fx.db, person)).filter((a) => a.event === 'roles_changed').map((a) => a.details);
    expect(changes).toEqual([
      { products: 'iwmo:gebruiker,ieb:productbeheerder', gebruikersbeheerder: false },
      { products: '', gebruikersbeheerder: false },
    ]);

    const waiting = personIn(municipality);
    await login(fx, waiting);
    const wrongState = await expectUpdateFailure(
      update(waiting, setRolesUpdate, { actor: gb.userKey, roles }),
      'WrongState',
    );
    expect(wrongState.message).toBe('Alleen een actieve gebruiker kan rollen krijgen.');
  });

  it('suspends (ending sessions), reactivates with the same roles, deprovisions keeping the record', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const gb = await makeGebruikersbeheerder(fx, municipality, 'Jong', 'jong@gemeente.example');
    const person = await makeActiveUser(fx, municipality, gb, 'Schors');
    const roles: Roles = { products: [{ product: 'ijw', role: 'gebruiker' }], gebruikersbeheerder: false };
    await update(person, setRolesUpdate, { actor: gb.userKey, roles });
    await fx.db.db.insert(sessions).values({
      sid: `s-${person.subject}`,
      data: {},
      userKey: person.userKey,
      expiresAt: new Date(Date.now() + 60_000),
    });

    const suspended = await update(person, suspendUserUpdate, { actor: gb.userKey });
    expect(suspended.status).toBe('geschorst');
    expect(await fx.db.sql`select sid from sessions where user_key = ${person.userKey}`).toHaveLength(0);
    const twice = await expectUpdateFailure(update(person, suspendUserUpdate, { actor: gb.userKey }), 'WrongState');
    expect(twice.message).toBe('Deze gebruiker is al geschorst.');

    const back = await update(person, reactivateUserUpdate, { actor: gb.userKey });
    expect(back).toMatchObject({ status: 'actief', roles });
    const removed = await update(person, deprovisionUserUpdate, { actor: gb.userKey });
    expect(removed).toMatchObject({ status: 'verwijderd', roles: { products: [], gebruikersbeheerder: false } });
    expect(await userRow(fx.db, person)).toMatchObject({
      status: 'verwijderd',
      achternaam: 'Schors',
      roles: { products: [], gebruikersbeheerder: false },
    });
    const audit = await auditAbout(fx.db, person);
    expect(audit.slice(-3).map((a) => [a.event, a.actor])).toEqual([
      ['user_suspended', gb.userKey],
      ['user_reactivated', gb.userKey],
      ['user_deprovisioned', gb.userKey],
    ]);
    expect((await login(fx, person)).status).toBe('verwijderd');
  });
});

describe('the last gebruikersbeheerder', () => {
  it('cannot be suspended, removed or stripped of the role; with two, one can', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const only = await makeGebruikersbeheerder(fx, municipality, 'Enig', 'enig@gemeente.example');
    const before = await query(only);
    const rowBefore = await userRow(fx.db, only);
    const auditBefore = await auditNamesAbout(fx.db, only);
    const message = `Gemeente ${municipality.gemeentecode} moet minstens één actieve gebruikersbeheerder houden.`;
    const attempts = [
      () => update(only, suspendUserUpdate, { actor: SERVICEDESK_AGENT }),
      () => update(only, deprovisionUserUpdate, { actor: SERVICEDESK_AGENT }),
      () =>
        update(only, setRolesUpdate, { actor: SERVICEDESK_AGENT, roles: { products: [], gebruikersbeheerder: false } }),
    ];
    for (const attempt of attempts)
      expect((await expectUpdateFailure(attempt(), 'LastGebruikersbeheerder')).message).toBe(message);
    expect(await query(only)).toEqual(before);
    expect(await userRow(fx.db, only)).toEqual(rowBefore);
    expect(await auditNamesAbout(fx.db, only)).toEqual(auditBefore);
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([only.userKey]);

    const second = await makeGebruikersbeheerder(fx, municipality, 'Tweede', 'tweede@gemeente.example');
    expect((await update(only, suspendUserUpdate, { actor: second.userKey })).status).toBe('geschorst');
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([second.userKey]);
    await expectUpdateFailure(
      update(second, deprovisionUserUpdate, { actor: SERVICEDESK_AGENT }),
      'LastGebruikersbeheerder',
    );
    // Reactivating gives the municipality its second one back; then the role can go.
    await update(only, reactivateUserUpdate, { actor: second.userKey });
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([second.userKey, only.userKey]);
    const stripped = await update(second, setRolesUpdate, {
      actor: only.userKey,
      roles: { products: [], gebruikersbeheerder: false },
    });
    expect(stripped.roles.gebruikersbeheerder).toBe(false);
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([only.userKey]);
    // Granting the role (setRoles) registers again.
    await update(second, setRolesUpdate, { actor: only.userKey, roles: { products: [], gebruikersbeheerder: true } });
    expect(await gebruikersbeheerdersOf(municipality)).toEqual([only.userKey, second.userKey]);
  });

  it('of two suspended at the same moment, exactly one goes: the organisation decides one at a time', async () => {
    const municipality = await activeMunicipality(fx, nextCode());
    const a = await makeGebruikersbeheerder(fx, municipality, 'Alfa', 'alfa@gemeente.example');
    const b = await makeGebruikersbeheerder(fx, municipality, 'Beta', 'beta@gemeente.example');
    const results = await Promise.allSettled([
      update(a, suspendUserUpdate, { actor: SERVICEDESK_AGENT }),
      update(b, suspendUserUpdate, { actor: SERVICEDESK_AGENT }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    await expectUpdateFailure(Promise.reject(rejected?.reason), 'LastGebruikersbeheerder');
    const statuses = [(await query(a))?.status, (await query(b))?.status].sort();
    expect(statuses).toEqual(['actief', 'geschorst']);
    expect(await gebruikersbeheerdersOf(municipality)).toHaveLength(1);
  });
});

describe('registration timers', () => {
  it(
    'remind the gebruikersbeheerders, escalate to the servicedesk, expire: exactly once each',
    { timeout: 90_000 },
    async () => {
      const municipality = await activeMunicipality(fx, nextCode());
      const gb = await makeGebruikersbeheerder(fx, municipality, 'Herinner', 'herinner@gemeente.example');
      const person = personIn(municipality);
      await login(fx, person, { remindAfter: { ms: 2000 }, escalateAfter: { ms: 4000 }, expireAfter: { ms: 6000 } });
      const saved = await saveSettings(fx, person, settingsFor('Wachter', 'wachter@gemeente.example'));
      const expired = await waitFor(
        'the registration to expire',
        async () => ((await query(person))?.status === 'verlopen' ? query(person) : undefined),
        { timeoutMs: 45_000 },
      );
      expect(Date.parse(expired?.expiredAt ?? '') - Date.parse(saved.settingsSavedAt ?? '')).toBeGreaterThanOrEqual(
        6000,
      );
      expect(expired?.reminderSentAt).toBeDefined();
      expect(expired?.escalatedAt).toBeDefined();

      const items = await notificationsAbout(fx.db, person);
      expect(items.map((n) => [n.kind, n.audience])).toEqual([
        ['registration_pending', municipality.gemeentecode],
        ['registration_reminder', municipality.gemeentecode],
        ['registration_escalated', 'servicedesk'],
      ]);
      for (const item of items)
        await waitFor(`the ${item.kind} e-mail`, () => mailsFor(fx.sink, item.key).length === 1);
      expect(mailsFor(fx.sink, items[1]?.key ?? '')[0]?.to).toEqual([(await userRow(fx.db, gb))?.email]);
      expect(mailsFor(fx.sink, items[2]?.key ?? '')[0]?.to).toEqual([fx.config.SERVICEDESK_EMAIL]);
      expect((await auditNamesAbout(fx.db, person)).filter((e) => e.startsWith('registration_'))).toEqual([
        'registration_reminder_sent',
        'registration_escalated',
        'registration_expired',
      ]);
      expect(await userRow(fx.db, person)).toMatchObject({ status: 'verlopen' });
      expect((await handleOf(fx, person).describe()).typedSearchAttributes.get(PzDueAt)).toBeUndefined();

      // The user is told at the next login, which starts over.
      const again = await login(fx, person);
      expect(again).toMatchObject({
        status: 'instellingen_invullen',
        previousRegistration: { status: 'verlopen', endedAt: expired?.expiredAt },
      });

      // The whole recorded history replays without nondeterminism.
      const history = await handleOf(fx, person).fetchHistory();
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverter(fx.config) },
        history,
      );
    },
  );

  it(
    'stop once the user is verified, and resume from carried-over state without repeating a reminder',
    { timeout: 60_000 },
    async () => {
      const municipality = await activeMunicipality(fx, nextCode());
      const person = personIn(municipality);
      await login(fx, person, {
        remindAfter: { ms: 3000 },
        escalateAfter: { ms: 60_000 },
        expireAfter: { ms: 120_000 },
      });
      await saveSettings(fx, person, settingsFor('Snel', 'snel@gemeente.example'));
      await issueCode(fx, person);
      await submitCode(fx, person, CODE_HASH);
      await waitFor('the reminder timer to be cancelled', async () =>
        (await handleOf(fx, person).fetchHistory()).events?.some((e) => e.timerCanceledEventAttributes),
      );
      expect(await notificationsAbout(fx.db, person, 'registration_reminder')).toEqual([]);

      // A run that continues as new from a waiting state whose reminder already went: escalation only.
      const carried = personIn(municipality);
      const state = {
        ...(await query(person))!,
        subject: carried.subject,
        userKey: carried.userKey,
        status: 'wacht_op_verificatie' as const,
        reminderSentAt: new Date().toISOString(),
        settingsSavedAt: new Date(Date.now() - 5000).toISOString(),
      };
      delete state.verifiedAt;
      await fx.client.workflow.start(
        userWorkflowType,
        userStartOptions(fx.config, {
          gemeentecode: carried.gemeentecode,
          subject: carried.subject,
          organisationId: carried.organisationId,
          timers: { remindAfter: { ms: 1000 }, escalateAfter: { ms: 6000 }, expireAfter: { ms: 600_000 } },
          state,
          readModelVersion: 7,
        }),
      );
      await waitFor('the escalation', async () => (await handleOf(fx, carried).query(userStateQuery))?.escalatedAt, {
        timeoutMs: 30_000,
      });
      expect(await notificationsAbout(fx.db, carried, 'registration_reminder')).toEqual([]);
      expect(await notificationsAbout(fx.db, carried, 'registration_escalated')).toHaveLength(1);
      expect((await userRow(fx.db, carried))?.version).toBe(8);
    },
  );
});

describe('personal data in Temporal', () => {
  it('stores no name or e-mail address in clear text in the history', async () => {
    const person = personIn(await activeMunicipality(fx, nextCode()));
    await login(fx, person);
    await saveSettings(fx, person, settingsFor('Versleuteld', 'versleuteld@gemeente.example'));
    const rawClient = new Client({ connection: fx.client.connection, namespace: fx.config.TEMPORAL_NAMESPACE });
    const history = await rawClient.workflow.getHandle(person.workflowId).fetchHistory();
    const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes('binary/encrypted')).toBe(true);
    expect(bytes.includes('Versleuteld')).toBe(false);
    expect(bytes.includes('versleuteld@')).toBe(false);
  });
});
