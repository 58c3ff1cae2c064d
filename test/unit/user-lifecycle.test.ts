import { describe, expect, it } from 'vitest';
import { isValidEmail } from '../../domain/field-rules.ts';
import {
  checkCode,
  deprovision,
  displayName,
  expireRegistration,
  isActiveGebruikersbeheerder,
  isValidDutchPhoneNumber,
  issueCode,
  newUser,
  normaliseRoles,
  pendingRegistrationSteps,
  reactivate,
  reject,
  savePersonalSettings,
  setRoles,
  startOrRestartRegistration,
  startsRegistration,
  suspend,
  validatePersonalSettings,
  validateRoles,
  type CodeInput,
  type Transition,
} from '../../domain/user-lifecycle.ts';
import { MAX_CODE_ATTEMPTS, type PersonalSettings, type UserState } from '../../domain/user.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';
const T2 = '2026-03-03T10:00:00.000Z';
const LATER = '2026-03-20T10:00:00.000Z';
const identity = { gemeentecode: '0363', subject: 'subj-1', organisationId: '34366966' };
const HASH = `scrypt-${'a'.repeat(64)}`;
const SALT = `salt-${'b'.repeat(32)}`;

const settings: PersonalSettings = {
  aanhef: 'mevr',
  voorletters: 'J.A.',
  voornaam: 'Johanna',
  tussenvoegsel: 'de',
  achternaam: 'Vries',
  afdeling: 'Wmo-loket',
  telefoonnummer: '020-1234567',
  email: 'j.devries@amsterdam.example',
  nieuwsbrief: false,
};

const code = (overrides: Partial<CodeInput> = {}): CodeInput => ({
  issuer: { actor: '34366966/gb-1', kind: 'gebruikersbeheerder' },
  hash: HASH,
  salt: SALT,
  expiresAt: '2026-03-09T09:00:00.000Z',
  grantsGebruikersbeheerder: false,
  ...overrides,
});

/** The state after a transition that must succeed. */
function next(result: Transition): UserState {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.state;
}

const fresh = (): UserState => newUser(identity, T0);
const waiting = (): UserState => next(savePersonalSettings(fresh(), settings, T1));
const withCode = (overrides: Partial<CodeInput> = {}): UserState => next(issueCode(waiting(), code(overrides), T1));
const active = (grantsGebruikersbeheerder = false): UserState =>
  checkCode(withCode({ grantsGebruikersbeheerder }), HASH, T2).state;

describe('newUser and startOrRestartRegistration', () => {
  it('starts with the settings form, no roles, and the actor key as userKey', () => {
    expect(fresh()).toEqual({
      ...identity,
      userKey: '34366966/subj-1',
      status: 'instellingen_invullen',
      registeredAt: T0,
      roles: { products: [], gebruikersbeheerder: false },
    });
    expect(startOrRestartRegistration(undefined, identity, T0)).toEqual(fresh());
  });

  it('leaves a running registration or an account as it is (the same object)', () => {
    for (const state of [fresh(), waiting(), active()]) {
      expect(startOrRestartRegistration(state, identity, LATER)).toBe(state);
      expect(startsRegistration(state)).toBe(false);
    }
    expect(startsRegistration(undefined)).toBe(true);
  });

  it('starts afresh after a rejection, keeping the settings to fill the form and the reason to show', () => {
    const rejected = next(reject(withCode(), { reason: 'Werkt hier niet.', by: '34366966/gb-1' }, T2));
    expect(startsRegistration(rejected)).toBe(true);
    const restarted = startOrRestartRegistration(rejected, identity, LATER);
    expect(restarted).toMatchObject({ status: 'instellingen_invullen', registeredAt: LATER, settings });
    expect(restarted.previousRegistration).toEqual({ status: 'afgewezen', endedAt: T2, reason: 'Werkt hier niet.' });
    expect(restarted.rejection).toBeUndefined();
    expect(restarted.settingsSavedAt).toBeUndefined();
  });

  it('starts afresh after expiry, forgetting the old timers', () => {
    const expired = next(expireRegistration({ ...waiting(), reminderSentAt: T2, escalatedAt: T2 }, LATER));
    const restarted = startOrRestartRegistration(expired, identity, '2026-04-01T08:00:00.000Z');
    expect(restarted.previousRegistration).toEqual({ status: 'verlopen', endedAt: LATER });
    expect(restarted.reminderSentAt).toBeUndefined();
    expect(restarted.escalatedAt).toBeUndefined();
    expect(restarted.expiredAt).toBeUndefined();
  });
});

describe('savePersonalSettings', () => {
  it('sends a first save to verification, with the moment it was saved', () => {
    const state = waiting();
    expect(state).toMatchObject({ status: 'wacht_op_verificatie', settingsSavedAt: T1, settings });
  });

  it('trims what was typed', () => {
    const state = next(savePersonalSettings(fresh(), { ...settings, achternaam: '  Vries ', email: ' j@x.nl ' }, T1));
    expect(state.settings).toMatchObject({ achternaam: 'Vries', email: 'j@x.nl' });
  });

  it('changes nothing when the same settings come again (double submit): the very same state', () => {
    const state = waiting();
    expect(next(savePersonalSettings(state, { ...settings, achternaam: 'Vries ' }, T2))).toBe(state);
  });

  it('corrects the settings while waiting, without restarting the clock', () => {
    const state = next(savePersonalSettings(waiting(), { ...settings, afdeling: 'Jeugd' }, T2));
    expect(state.settings?.afdeling).toBe('Jeugd');
    expect(state.settingsSavedAt).toBe(T1);
    expect(state.status).toBe('wacht_op_verificatie');
  });

  it('refuses invalid settings with Dutch field messages', () => {
    const result = savePersonalSettings(fresh(), { ...settings, email: 'geen-adres' }, T1);
    expect(result).toMatchObject({
      ok: false,
      type: 'InvalidInput',
      fields: { email: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.' },
    });
  });

  it('refuses a suspended, removed, rejected or expired user', () => {
    const suspended = next(suspend(active(), T2));
    expect(savePersonalSettings(suspended, settings, T2)).toMatchObject({
      ok: false,
      type: 'WrongState',
      message: 'Dit kan niet bij een gebruiker met de status "Geschorst".',
    });
    expect(savePersonalSettings(next(deprovision(active(), T2)), settings, T2)).toMatchObject({
      ok: false,
      type: 'WrongState',
    });
  });
});

describe('validatePersonalSettings', () => {
  it('accepts complete settings, and leaves voornaam, tussenvoegsel, afdeling and telefoon optional', () => {
    expect(validatePersonalSettings(settings)).toEqual({});
    expect(
      validatePersonalSettings({ ...settings, voornaam: '', tussenvoegsel: '', afdeling: '', telefoonnummer: '' }),
    ).toEqual({});
  });

  it('requires aanhef, voorletters, achternaam and e-mail, all reported at once', () => {
    expect(
      validatePersonalSettings({ ...settings, aanhef: undefined, voorletters: ' ', achternaam: '', email: '' }),
    ).toEqual({
      aanhef: 'Kies een aanhef.',
      voorletters: 'Vul uw voorletters in.',
      achternaam: 'Vul uw achternaam in.',
      email: 'Vul uw e-mailadres in.',
    });
  });

  it('refuses an unknown aanhef and a missing nieuwsbrief choice', () => {
    expect(validatePersonalSettings({ ...settings, aanhef: 'dr' }).aanhef).toBe('Kies een aanhef.');
    expect(validatePersonalSettings({ ...settings, nieuwsbrief: 'on' }).nieuwsbrief).toBe(
      'Geef aan of u de nieuwsbrief wilt ontvangen.',
    );
  });

  it('limits the lengths', () => {
    expect(validatePersonalSettings({ ...settings, achternaam: 'x'.repeat(101) }).achternaam).toBe(
      'De achternaam mag hoogstens 100 tekens lang zijn.',
    );
    expect(validatePersonalSettings({ ...settings, voorletters: 'A.'.repeat(11) }).voorletters).toBe(
      'De voorletters mogen hoogstens 20 tekens lang zijn.',
    );
    expect(validatePersonalSettings({ ...settings, tussenvoegsel: 'van'.repeat(7) }).tussenvoegsel).toBe(
      'Het tussenvoegsel mag hoogstens 20 tekens lang zijn.',
    );
    expect(validatePersonalSettings({ ...settings, email: `${'a'.repeat(250)}@x.nl` }).email).toBe(
      'Het e-mailadres mag hoogstens 254 tekens lang zijn.',
    );
    expect(validatePersonalSettings({ ...settings, achternaam: 'x'.repeat(100) })).toEqual({});
  });

  it('accepts names with accents, hyphens and apostrophes, refuses digits and markup', () => {
    expect(
      validatePersonalSettings({ ...settings, achternaam: 'Çelik-’t Hooft', tussenvoegsel: "van 't", voornaam: 'Zoë' }),
    ).toEqual({});
    expect(validatePersonalSettings({ ...settings, achternaam: 'Vries2' }).achternaam).toBe(
      'De achternaam mag alleen letters, spaties, koppeltekens en apostroffen bevatten.',
    );
    expect(validatePersonalSettings({ ...settings, voornaam: '<script>' }).voornaam).toMatch(/alleen letters/);
    expect(validatePersonalSettings({ ...settings, voorletters: 'J1' }).voorletters).toBe(
      'Vul uw voorletters in met letters en punten, bijvoorbeeld J.A.',
    );
    expect(validatePersonalSettings({ ...settings, afdeling: 'Wmo\u0000' }).afdeling).toBe(
      'De afdeling bevat tekens die niet zijn toegestaan.',
    );
  });

  it('explains a Dutch telephone number by example', () => {
    expect(validatePersonalSettings({ ...settings, telefoonnummer: '12345' }).telefoonnummer).toBe(
      'Vul een geldig Nederlands telefoonnummer in, bijvoorbeeld 06-12345678 of 020-1234567.',
    );
  });

  it('survives input that is not even text', () => {
    expect(
      Object.keys(validatePersonalSettings({ voorletters: 5, achternaam: null, email: {} } as never)).sort(),
    ).toEqual(['aanhef', 'achternaam', 'email', 'nieuwsbrief', 'voorletters']);
    expect(validatePersonalSettings(undefined).email).toBe('Vul uw e-mailadres in.');
  });
});

describe('isValidDutchPhoneNumber', () => {
  it.each([
    '06-12345678',
    '0612345678',
    '06 1234 5678',
    '+31 6 12345678',
    '+31612345678',
    '0031 6 12345678',
    '020-1234567',
    '010 123 45 67',
    '(020) 1234567',
    '+31 (0)20 1234567',
    '0800-1234',
    '0900-1234567',
    '0591-123456',
  ])('accepts %s', (number) => expect(isValidDutchPhoneNumber(number)).toBe(true));

  it.each([
    '12345',
    '06-1234567',
    '06-123456789',
    '+32 2 1234567',
    '+31 06 12345678',
    '0012345678',
    '06-1234567a',
    'nul zes',
    '',
    '+31',
  ])('refuses %s', (number) => expect(isValidDutchPhoneNumber(number)).toBe(false));
});

describe('isValidEmail', () => {
  it.each(['a@b.nl', 'j.de-vries+wmo@amsterdam.nl', 'x_y@sub.gemeente.example'])('accepts %s', (e) =>
    expect(isValidEmail(e)).toBe(true),
  );
  it.each(['a@b', 'a@@b.nl', '@b.nl', 'a b@c.nl', 'a@b.n1', 'a.@b.nl', '.a@b.nl', 'a@-b.nl', 'a@b..nl'])(
    'refuses %s',
    (e) => expect(isValidEmail(e)).toBe(false),
  );
});

describe('issueCode', () => {
  it('stores the hash, salt, issuer and expiry with no failed attempts', () => {
    expect(withCode().code).toEqual({
      hash: HASH,
      salt: SALT,
      issuer: { actor: '34366966/gb-1', kind: 'gebruikersbeheerder' },
      issuedAt: T1,
      expiresAt: '2026-03-09T09:00:00.000Z',
      failedAttempts: 0,
      grantsGebruikersbeheerder: false,
    });
  });

  it('replaces a live code, and with it its failed attempts', () => {
    const tried = checkCode(withCode(), 'wrong-hash', T2).state;
    expect(tried.code?.failedAttempts).toBe(1);
    const replaced = next(issueCode(tried, code({ hash: `other-${'c'.repeat(60)}` }), T2));
    expect(replaced.code).toMatchObject({ hash: `other-${'c'.repeat(60)}`, failedAttempts: 0, issuedAt: T2 });
  });

  it('only for a registration that waits for it', () => {
    expect(issueCode(fresh(), code(), T1)).toMatchObject({ ok: false, type: 'WrongState' });
    expect(issueCode(active(), code(), T2)).toMatchObject({
      ok: false,
      type: 'WrongState',
      message: 'Dit kan niet bij een gebruiker met de status "Actief".',
    });
  });

  it('never by the user for themselves', () => {
    expect(
      issueCode(waiting(), code({ issuer: { actor: '34366966/subj-1', kind: 'gebruikersbeheerder' } }), T1),
    ).toMatchObject({
      ok: false,
      message: 'U kunt geen verificatiecode voor uzelf aanmaken.',
    });
  });

  it('refuses an expiry in the past or too far ahead, a missing hash and an unknown issuer', () => {
    const fieldsOf = (input: Partial<CodeInput>) => {
      const result = issueCode(waiting(), code(input), T1);
      return result.ok ? {} : result.fields;
    };
    expect(fieldsOf({ expiresAt: T0 })).toEqual({ expiresAt: 'De vervaldatum van de code ligt al in het verleden.' });
    expect(fieldsOf({ expiresAt: '2026-09-01T00:00:00.000Z' })).toEqual({
      expiresAt: 'Een code mag hoogstens 91 dagen geldig zijn.',
    });
    expect(fieldsOf({ expiresAt: 'morgen' })).toEqual({ expiresAt: 'De code heeft geen geldige vervaldatum.' });
    expect(fieldsOf({ hash: '' })).toEqual({ hash: 'De code is niet goed vastgelegd. Maak een nieuwe code aan.' });
    expect(fieldsOf({ issuer: { actor: '', kind: 'servicedesk' } })).toEqual({
      issuer: 'Onbekend wie deze code uitgeeft.',
    });
    expect(fieldsOf({ grantsGebruikersbeheerder: 'ja' as never })).toEqual({
      grantsGebruikersbeheerder: 'Geef aan of de code de rol gebruikersbeheerder geeft.',
    });
  });
});

describe('checkCode', () => {
  it('verifies with the right hash: active, code gone, no roles yet', () => {
    const { state, outcome } = checkCode(withCode(), HASH, T2);
    expect(outcome).toEqual({ outcome: 'verified' });
    expect(state).toMatchObject({
      status: 'actief',
      verifiedAt: T2,
      roles: { products: [], gebruikersbeheerder: false },
    });
    expect(state.code).toBeUndefined();
    expect(isActiveGebruikersbeheerder(state)).toBe(false);
  });

  it('makes the user gebruikersbeheerder when the code says so', () => {
    const state = active(true);
    expect(state.roles.gebruikersbeheerder).toBe(true);
    expect(isActiveGebruikersbeheerder(state)).toBe(true);
  });

  it('counts wrong attempts and revokes the code at the fifth', () => {
    let state = withCode();
    for (let attempt = 1; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const result = checkCode(state, `wrong-${attempt}`, T2);
      expect(result.outcome).toEqual({ outcome: 'wrong', remainingAttempts: MAX_CODE_ATTEMPTS - attempt });
      state = result.state;
    }
    const last = checkCode(state, HASH.replace('a', 'b'), T2);
    expect(last.outcome).toEqual({ outcome: 'revoked' });
    expect(last.state.code).toBeUndefined();
    expect(last.state.status).toBe('wacht_op_verificatie');
    expect(checkCode(last.state, HASH, T2).outcome).toEqual({ outcome: 'no_code' });
  });

  it('says expired without counting, and keeps the code for the issuer to see', () => {
    const state = withCode();
    const result = checkCode(state, HASH, '2026-03-09T09:00:00.000Z');
    expect(result.outcome).toEqual({ outcome: 'expired' });
    expect(result.state).toBe(state);
  });

  it('lets the old hash fail once a new code replaced it', () => {
    const replaced = next(issueCode(withCode(), code({ hash: `new-${'d'.repeat(60)}` }), T2));
    expect(checkCode(replaced, HASH, T2).outcome).toEqual({
      outcome: 'wrong',
      remainingAttempts: MAX_CODE_ATTEMPTS - 1,
    });
    expect(checkCode(replaced, `new-${'d'.repeat(60)}`, T2).outcome).toEqual({ outcome: 'verified' });
  });

  it('has no code to check before one is issued or after verification', () => {
    expect(checkCode(waiting(), HASH, T2)).toEqual({ state: waiting(), outcome: { outcome: 'no_code' } });
    expect(checkCode(active(), HASH, T2).outcome).toEqual({ outcome: 'no_code' });
  });

  it('does not change the state it was given', () => {
    const before = withCode();
    const snapshot = structuredClone(before);
    checkCode(before, 'wrong', T2);
    checkCode(before, HASH, T2);
    expect(before).toEqual(snapshot);
  });
});

describe('reject and expireRegistration', () => {
  it('rejects a waiting registration with a trimmed reason, removing the code', () => {
    const state = next(reject(withCode(), { reason: '  Onbekend bij de afdeling. ', by: '34366966/gb-1' }, T2));
    expect(state).toMatchObject({
      status: 'afgewezen',
      rejection: { reason: 'Onbekend bij de afdeling.', by: '34366966/gb-1', at: T2 },
    });
    expect(state.code).toBeUndefined();
  });

  it('requires a reason of at most 500 characters', () => {
    expect(reject(waiting(), { reason: ' ', by: 'x' }, T2)).toMatchObject({
      ok: false,
      fields: { reason: 'Vul de reden van de afwijzing in; de aanvrager krijgt die te zien.' },
    });
    expect(reject(waiting(), { reason: 'x'.repeat(501), by: 'x' }, T2)).toMatchObject({
      ok: false,
      fields: { reason: 'De reden mag hoogstens 500 tekens lang zijn.' },
    });
  });

  it('cannot reject or expire what does not wait', () => {
    expect(reject(active(), { reason: 'Nee.', by: 'x' }, T2)).toMatchObject({ ok: false, type: 'WrongState' });
    expect(expireRegistration(fresh(), T2)).toMatchObject({ ok: false, type: 'WrongState' });
  });

  it('expires a waiting registration, removing the code', () => {
    const state = next(expireRegistration(withCode(), LATER));
    expect(state).toMatchObject({ status: 'verlopen', expiredAt: LATER });
    expect(state.code).toBeUndefined();
  });
});

describe('pendingRegistrationSteps', () => {
  it('lists the timers still to fire while waiting, and none otherwise', () => {
    expect(pendingRegistrationSteps(waiting())).toEqual(['remind', 'escalate', 'expire']);
    expect(pendingRegistrationSteps({ ...waiting(), reminderSentAt: T2 })).toEqual(['escalate', 'expire']);
    expect(pendingRegistrationSteps({ ...waiting(), reminderSentAt: T2, escalatedAt: T2 })).toEqual(['expire']);
    expect(pendingRegistrationSteps(fresh())).toEqual([]);
    expect(pendingRegistrationSteps(active())).toEqual([]);
    expect(pendingRegistrationSteps(undefined)).toEqual([]);
  });
});

describe('setRoles and validateRoles', () => {
  it('sets product roles in one canonical order, without repeats', () => {
    const state = next(
      setRoles(active(), {
        products: [
          { product: 'wlz', role: 'gebruiker' },
          { product: 'iwmo', role: 'productbeheerder' },
          { product: 'iwmo', role: 'gebruiker' },
          { product: 'wlz', role: 'gebruiker' },
        ],
        gebruikersbeheerder: false,
      }),
    );
    expect(state.roles.products).toEqual([
      { product: 'iwmo', role: 'gebruiker' },
      { product: 'iwmo', role: 'productbeheerder' },
      { product: 'wlz', role: 'gebruiker' },
    ]);
  });

  it('changes nothing (the very same state) when the roles are already so, in any order', () => {
    const state = next(
      setRoles(active(), {
        products: [
          { product: 'ijw', role: 'gebruiker' },
          { product: 'iwmo', role: 'gebruiker' },
        ],
        gebruikersbeheerder: true,
      }),
    );
    expect(
      next(
        setRoles(state, {
          products: [
            { product: 'iwmo', role: 'gebruiker' },
            { product: 'ijw', role: 'gebruiker' },
          ],
          gebruikersbeheerder: true,
        }),
      ),
    ).toBe(state);
  });

  it('refuses a role a product does not have, with its Dutch name', () => {
    expect(validateRoles({ products: [{ product: 'ieb', role: 'gebruiker' }], gebruikersbeheerder: false })).toEqual({
      products: 'iEb heeft geen rol Gebruiker.',
    });
    expect(
      setRoles(active(), { products: [{ product: 'ieb', role: 'gebruiker' }], gebruikersbeheerder: false }),
    ).toMatchObject({
      ok: false,
      type: 'InvalidInput',
      message: 'iEb heeft geen rol Gebruiker.',
    });
  });

  it('refuses unknown products and roles and malformed input', () => {
    expect(
      validateRoles({ products: [{ product: 'wmo', role: 'gebruiker' }], gebruikersbeheerder: false }).products,
    ).toBe('Onbekend product of onbekende rol.');
    expect(validateRoles({ products: [{ product: 'iwmo', role: 'admin' }], gebruikersbeheerder: false }).products).toBe(
      'Onbekend product of onbekende rol.',
    );
    expect(validateRoles({ products: 'iwmo', gebruikersbeheerder: false }).products).toBe(
      'Kies de rollen per product opnieuw.',
    );
    expect(validateRoles({ products: [], gebruikersbeheerder: 'ja' }).gebruikersbeheerder).toBe(
      'Geef aan of deze gebruiker gebruikersbeheerder is.',
    );
    expect(validateRoles(undefined)).toEqual({ roles: 'Kies de rollen van deze gebruiker.' });
    expect(
      validateRoles({ products: [{ product: 'ieb', role: 'productbeheerder' }], gebruikersbeheerder: true }),
    ).toEqual({});
  });

  it('only for active users', () => {
    const roles = { products: [], gebruikersbeheerder: true };
    expect(setRoles(waiting(), roles)).toMatchObject({
      ok: false,
      type: 'WrongState',
      message: 'Alleen een actieve gebruiker kan rollen krijgen.',
    });
    expect(setRoles(next(suspend(active(), T2)), roles)).toMatchObject({ ok: false, type: 'WrongState' });
  });

  it('normaliseRoles is idempotent', () => {
    const roles = {
      products: [
        { product: 'wlz' as const, role: 'productbeheerder' as const },
        { product: 'ieb' as const, role: 'productbeheerder' as const },
      ],
      gebruikersbeheerder: false,
    };
    expect(normaliseRoles(normaliseRoles(roles))).toEqual(normaliseRoles(roles));
  });
});

describe('suspend, reactivate, deprovision', () => {
  const gb = () =>
    next(setRoles(active(true), { products: [{ product: 'iwmo', role: 'gebruiker' }], gebruikersbeheerder: true }));

  it('suspends an active user, keeping the roles so reactivation gives them back', () => {
    const suspended = next(suspend(gb(), T2));
    expect(suspended).toMatchObject({ status: 'geschorst', suspendedAt: T2 });
    expect(suspended.roles).toEqual(gb().roles);
    expect(isActiveGebruikersbeheerder(suspended)).toBe(false);
    const back = next(reactivate(suspended));
    expect(back.status).toBe('actief');
    expect(back.suspendedAt).toBeUndefined();
    expect(isActiveGebruikersbeheerder(back)).toBe(true);
  });

  it('says plainly when there is nothing to do', () => {
    const suspended = next(suspend(active(), T2));
    expect(suspend(suspended, T2)).toMatchObject({
      ok: false,
      type: 'WrongState',
      message: 'Deze gebruiker is al geschorst.',
    });
    expect(reactivate(active())).toMatchObject({ ok: false, message: 'Deze gebruiker is al actief.' });
    expect(suspend(waiting(), T2)).toMatchObject({ ok: false, type: 'WrongState' });
    expect(reactivate(waiting())).toMatchObject({ ok: false, type: 'WrongState' });
  });

  it('deprovisions from any status but removed: roles and code gone, record kept', () => {
    for (const state of [gb(), next(suspend(gb(), T2)), withCode()]) {
      const removed = next(deprovision(state, LATER));
      expect(removed).toMatchObject({
        status: 'verwijderd',
        deprovisionedAt: LATER,
        roles: { products: [], gebruikersbeheerder: false },
        userKey: state.userKey,
      });
      expect(removed.code).toBeUndefined();
      expect(removed.settings).toEqual(state.settings);
    }
    expect(deprovision(next(deprovision(gb(), LATER)), LATER)).toMatchObject({
      ok: false,
      message: 'Deze gebruiker is al verwijderd.',
    });
  });
});

describe('displayName', () => {
  it('reads like a salutation, for administrators only', () => {
    expect(displayName(settings)).toBe('mevrouw J.A. de Vries');
    expect(displayName({ ...settings, aanhef: 'dhr', tussenvoegsel: '' })).toBe('de heer J.A. Vries');
    expect(displayName({ ...settings, aanhef: 'anders' })).toBe('J.A. de Vries');
    expect(displayName(undefined)).toBe('een nieuwe gebruiker');
  });
});
