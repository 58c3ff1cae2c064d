import type { Roles, UserStatus } from '../../domain/user.ts';

/**
 * Where a municipal user may be, by the status of their registration. Pure rules, used by the
 * login (where to land) and by the user gate (where to send a request that is out of bounds).
 */

export const USER_PAGES = {
  settings: '/persoonlijke-instellingen',
  verification: '/verificatie',
  waitingForRoles: '/wachten-op-rollen',
  registrationEnded: '/aanmelding-beeindigd',
} as const;

const hasRole = (roles: Roles) => roles.gebruikersbeheerder || roles.products.length > 0;

/** Statuses whose session ends at once and whose login is refused. */
export function isLockedOut(status: UserStatus): status is 'geschorst' | 'verwijderd' {
  return status === 'geschorst' || status === 'verwijderd';
}

/** The pages a user in this status may open; undefined = every page (rights decide the rest). */
function allowedPages(status: UserStatus, roles: Roles): readonly string[] | undefined {
  switch (status) {
    case 'instellingen_invullen':
      return [USER_PAGES.settings];
    case 'wacht_op_verificatie':
      return [USER_PAGES.verification, USER_PAGES.settings];
    case 'actief':
      return hasRole(roles) ? undefined : [USER_PAGES.waitingForRoles, USER_PAGES.settings];
    case 'afgewezen':
    case 'verlopen':
      return [USER_PAGES.registrationEnded];
    case 'geschorst':
    case 'verwijderd':
      return [];
  }
}

/** Where this user belongs: the first page of their status, or `requested` (else /) once they work. */
export function landingPath(status: UserStatus, roles: Roles, requested?: string): string {
  const allowed = allowedPages(status, roles);
  return allowed?.[0] ?? requested ?? '/';
}

/**
 * The redirect for a request to `path`, or undefined when the user may go there. Once a user
 * works, the registration pages (verification, waiting, ended) lead home instead of showing
 * something stale.
 */
export function redirectFor(status: UserStatus, roles: Roles, path: string): string | undefined {
  const allowed = allowedPages(status, roles);
  if (allowed === undefined) {
    const stale: string[] = [USER_PAGES.verification, USER_PAGES.waitingForRoles, USER_PAGES.registrationEnded];
    return stale.includes(path) ? '/' : undefined;
  }
  return allowed.includes(path) ? undefined : (allowed[0] ?? '/uitgelogd');
}
