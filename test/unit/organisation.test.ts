import { describe, expect, it } from 'vitest';
import {
  changeGebruikersbeheerder,
  gebruikersbeheerdersOf,
  gemeenteLabel,
  missingAgreements,
  needsAgreementReminder,
  newOrganisation,
  recordAgreement,
  statusOf,
  validateRegistration,
  validateSignedOn,
  type OrganisationState,
} from '../../domain/organisation.ts';

const valid = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
const registered = (): OrganisationState => newOrganisation(valid, 'sd/agent-1', '2026-03-02T09:00:00.000Z');
const record = (recordedAt: string, signedOn = '2026-02-20') => ({ signedOn, recordedBy: 'sd/agent-1', recordedAt });

describe('validateRegistration', () => {
  it('accepts a 4-digit gemeentecode, a name and a KvK number or OIN', () => {
    expect(validateRegistration(valid)).toEqual({});
    expect(validateRegistration({ ...valid, organisationId: '00000001003214345000' })).toEqual({});
  });

  it('explains a gemeentecode that is not 4 digits, and refuses 0000', () => {
    expect(validateRegistration({ ...valid, gemeentecode: '363' }).gemeentecode).toBe(
      'Vul de CBS-gemeentecode in: precies 4 cijfers, bijvoorbeeld 0363.',
    );
    expect(validateRegistration({ ...valid, gemeentecode: 'GM0363' }).gemeentecode).toMatch(/precies 4 cijfers/);
    expect(validateRegistration({ ...valid, gemeentecode: '0000' }).gemeentecode).toBe(
      'Gemeentecode 0000 bestaat niet.',
    );
  });

  it('requires a name of 2 to 100 characters after trimming', () => {
    expect(validateRegistration({ ...valid, name: '  A ' }).name).toBe('Vul de naam van de gemeente in.');
    expect(validateRegistration({ ...valid, name: 'x'.repeat(101) }).name).toBe(
      'De naam mag hoogstens 100 tekens lang zijn.',
    );
    expect(validateRegistration({ ...valid, name: ` ${'x'.repeat(100)} ` })).toEqual({});
  });

  it('requires a KvK number of 8 or an OIN of 20 digits', () => {
    for (const organisationId of ['1234567', '123456789', '3436696A', '']) {
      expect(validateRegistration({ ...valid, organisationId }).organisationId).toMatch(/KvK-nummer \(8 cijfers\)/);
    }
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(validateRegistration({ gemeentecode: '', name: '', organisationId: '' })).sort()).toEqual([
      'gemeentecode',
      'name',
      'organisationId',
    ]);
  });
});

describe('validateSignedOn', () => {
  const today = '2026-03-02';

  it('accepts a real date up to and including today', () => {
    expect(validateSignedOn('2026-03-02', today)).toBeUndefined();
    expect(validateSignedOn('2024-02-29', today)).toBeUndefined();
  });

  it('refuses other formats, impossible dates, future dates and dates before 2015', () => {
    expect(validateSignedOn('02-03-2026', today)).toBe('Vul de datum van ondertekening in als dag-maand-jaar.');
    expect(validateSignedOn('2025-02-29', today)).toBe('Deze datum bestaat niet.');
    expect(validateSignedOn('2026-13-01', today)).toBe('Deze datum bestaat niet.');
    expect(validateSignedOn('2026-03-03', today)).toBe('De datum van ondertekening kan niet in de toekomst liggen.');
    expect(validateSignedOn('2014-12-31', today)).toBe('De datum van ondertekening ligt te ver in het verleden.');
  });
});

describe('newOrganisation', () => {
  it('trims the name, records who registered and starts without agreements', () => {
    const state = newOrganisation({ ...valid, name: '  Amsterdam ' }, 'sd/agent-1', '2026-03-02T09:00:00.000Z');
    expect(state).toEqual({
      gemeentecode: '0363',
      name: 'Amsterdam',
      organisationId: '34366966',
      registeredBy: 'sd/agent-1',
      registeredAt: '2026-03-02T09:00:00.000Z',
      agreements: {},
      gebruikersbeheerders: [],
    });
    expect(statusOf(state)).toBe('wacht_op_overeenkomsten');
    expect(missingAgreements(state)).toEqual(['ib', 'vecozo']);
  });
});

describe('recordAgreement', () => {
  it('stays waiting with one agreement and names the missing one', () => {
    const state = recordAgreement(registered(), 'ib', record('2026-03-03T10:00:00.000Z'));
    expect(statusOf(state)).toBe('wacht_op_overeenkomsten');
    expect(missingAgreements(state)).toEqual(['vecozo']);
    expect(state.activatedAt).toBeUndefined();
  });

  it('activates when the second agreement is recorded, at the moment it was recorded', () => {
    const one = recordAgreement(registered(), 'vecozo', record('2026-03-03T10:00:00.000Z'));
    const both = recordAgreement(one, 'ib', record('2026-03-04T11:00:00.000Z'));
    expect(statusOf(both)).toBe('actief');
    expect(both.activatedAt).toBe('2026-03-04T11:00:00.000Z');
  });

  it('does not change the state it was given', () => {
    const before = registered();
    const snapshot = structuredClone(before);
    recordAgreement(before, 'ib', record('2026-03-03T10:00:00.000Z'));
    expect(before).toEqual(snapshot);
  });

  it('corrects an agreement without moving the activation date', () => {
    const active = recordAgreement(
      recordAgreement(registered(), 'ib', record('2026-03-03T10:00:00.000Z')),
      'vecozo',
      record('2026-03-04T11:00:00.000Z'),
    );
    const corrected = recordAgreement(active, 'ib', record('2026-03-09T08:00:00.000Z', '2026-02-27'));
    expect(corrected.agreements.ib).toEqual(record('2026-03-09T08:00:00.000Z', '2026-02-27'));
    expect(corrected.activatedAt).toBe('2026-03-04T11:00:00.000Z');
    expect(statusOf(corrected)).toBe('actief');
  });
});

describe('needsAgreementReminder', () => {
  it('is true while an agreement is missing and no reminder was sent', () => {
    expect(needsAgreementReminder(registered())).toBe(true);
    expect(needsAgreementReminder(recordAgreement(registered(), 'ib', record('2026-03-03T10:00:00.000Z')))).toBe(true);
  });

  it('is false once a reminder was sent', () => {
    expect(needsAgreementReminder({ ...registered(), reminderSentAt: '2026-03-09T09:00:00.000Z' })).toBe(false);
  });

  it('is false for an active organisation', () => {
    const active = recordAgreement(
      recordAgreement(registered(), 'ib', record('2026-03-03T10:00:00.000Z')),
      'vecozo',
      record('2026-03-03T10:05:00.000Z'),
    );
    expect(needsAgreementReminder(active)).toBe(false);
  });
});

describe('changeGebruikersbeheerder', () => {
  it('registers a gebruikersbeheerder once, however often it is told', () => {
    const one = changeGebruikersbeheerder(registered(), 'kvk/a', true);
    expect(one.ok && one.state.gebruikersbeheerders).toEqual(['kvk/a']);
    const again = one.ok ? changeGebruikersbeheerder(one.state, 'kvk/a', true) : one;
    expect(again.ok && one.ok && again.state).toBe(one.ok && one.state);
  });

  it('removes one of two, and refuses to remove the last with a Dutch message', () => {
    const two = { ...registered(), gebruikersbeheerders: ['kvk/a', 'kvk/b'] };
    const removed = changeGebruikersbeheerder(two, 'kvk/a', false);
    expect(removed.ok && removed.state.gebruikersbeheerders).toEqual(['kvk/b']);
    const last = removed.ok ? changeGebruikersbeheerder(removed.state, 'kvk/b', false) : removed;
    expect(last).toEqual({
      ok: false,
      message: 'Gemeente Amsterdam moet minstens één actieve gebruikersbeheerder houden.',
    });
  });

  it('treats removing someone who is not on the list as done', () => {
    const state = { ...registered(), gebruikersbeheerders: ['kvk/a'] };
    expect(changeGebruikersbeheerder(state, 'kvk/x', false)).toEqual({ ok: true, state });
  });

  it('reads state from before the list existed as an empty list', () => {
    const old = { ...registered() } as Partial<OrganisationState>;
    delete old.gebruikersbeheerders;
    expect(gebruikersbeheerdersOf(old as OrganisationState)).toEqual([]);
    const added = changeGebruikersbeheerder(old as OrganisationState, 'kvk/a', true);
    expect(added.ok && added.state.gebruikersbeheerders).toEqual(['kvk/a']);
  });

  it('does not say "Gemeente" twice', () => {
    expect(gemeenteLabel({ name: 'Gemeente Utrecht' })).toBe('Gemeente Utrecht');
    expect(gemeenteLabel({ name: 'Utrecht' })).toBe('Gemeente Utrecht');
  });
});
