import { describe, expect, it } from 'vitest';
import { NO_ROLES, type Roles } from '../../domain/user.ts';
import { isLockedOut, landingPath, redirectFor, USER_PAGES } from '../../web/auth/user-pages.ts';

const gebruiker: Roles = { products: [{ product: 'iwmo', role: 'gebruiker' }], gebruikersbeheerder: false };
const beheerder: Roles = { products: [], gebruikersbeheerder: true };

describe('where a municipal user may be', () => {
  it('lands each status on its own page, and a working user on the page they asked for', () => {
    expect(landingPath('instellingen_invullen', NO_ROLES, '/producten/iwmo')).toBe(USER_PAGES.settings);
    expect(landingPath('wacht_op_verificatie', NO_ROLES, '/producten/iwmo')).toBe(USER_PAGES.verification);
    expect(landingPath('actief', NO_ROLES, '/producten/iwmo')).toBe(USER_PAGES.waitingForRoles);
    expect(landingPath('actief', gebruiker, '/producten/iwmo')).toBe('/producten/iwmo');
    expect(landingPath('actief', beheerder)).toBe('/');
    expect(landingPath('afgewezen', NO_ROLES)).toBe(USER_PAGES.registrationEnded);
    expect(landingPath('verlopen', NO_ROLES)).toBe(USER_PAGES.registrationEnded);
  });

  it('keeps a user who is not working on the pages of their step', () => {
    expect(redirectFor('instellingen_invullen', NO_ROLES, '/')).toBe(USER_PAGES.settings);
    expect(redirectFor('instellingen_invullen', NO_ROLES, USER_PAGES.verification)).toBe(USER_PAGES.settings);
    expect(redirectFor('instellingen_invullen', NO_ROLES, USER_PAGES.settings)).toBeUndefined();
    expect(redirectFor('wacht_op_verificatie', NO_ROLES, '/beheer/gebruikers')).toBe(USER_PAGES.verification);
    expect(redirectFor('wacht_op_verificatie', NO_ROLES, USER_PAGES.settings)).toBeUndefined();
    expect(redirectFor('actief', NO_ROLES, '/producten/iwmo')).toBe(USER_PAGES.waitingForRoles);
    expect(redirectFor('actief', NO_ROLES, USER_PAGES.settings)).toBeUndefined();
    expect(redirectFor('afgewezen', NO_ROLES, USER_PAGES.settings)).toBe(USER_PAGES.registrationEnded);
    expect(redirectFor('verlopen', gebruiker, '/producten/iwmo')).toBe(USER_PAGES.registrationEnded);
  });

  it('lets a working user go anywhere (permissions decide), except the stale registration pages', () => {
    expect(redirectFor('actief', gebruiker, '/producten/iwmo')).toBeUndefined();
    expect(redirectFor('actief', beheerder, '/beheer/gebruikers')).toBeUndefined();
    for (const stale of [USER_PAGES.verification, USER_PAGES.waitingForRoles, USER_PAGES.registrationEnded]) {
      expect(redirectFor('actief', gebruiker, stale)).toBe('/');
    }
  });

  it('locks out suspended and removed users only', () => {
    expect(['geschorst', 'verwijderd'].every((s) => isLockedOut(s as 'geschorst'))).toBe(true);
    expect(
      (['instellingen_invullen', 'wacht_op_verificatie', 'actief', 'afgewezen', 'verlopen'] as const).some(isLockedOut),
    ).toBe(false);
  });
});
