import { WithStartWorkflowOperation } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { actorKey } from '../../domain/actor.ts';
import { users } from '../../db/schema.ts';
import type { PersonalSettings, Product, ProductRoleName, Roles, UserState } from '../../domain/user.ts';
import { recordAgreement, registerOrganisation } from '../../usecases/organisation.ts';
import {
  firstLogin,
  issueVerificationCode,
  savePersonalSettings,
  setRoles,
  submitVerificationCode,
} from '../../usecases/users.ts';
import {
  firstLoginUpdate,
  userStartOptions,
  userWorkflowType,
  type UserTimers,
} from '../../workflows/user/messages.ts';
import type { TestDatabase } from './database.ts';
import type { TestWeb } from './web.ts';

/**
 * Builds users the way the product does: through web's own command functions (the same the routes
 * call) against the real workflows, never by writing rows.
 */

export type Person = { organisationId: string; gemeentecode: string; subject: string };

export const keyOf = (p: Person): string => actorKey(p);
export const refOf = (p: Person) => ({ gemeentecode: p.gemeentecode, subject: p.subject });

export function settingsFor(achternaam: string, overrides: Partial<PersonalSettings> = {}): PersonalSettings {
  return {
    aanhef: 'mevr',
    voorletters: 'A.',
    voornaam: 'Anna',
    tussenvoegsel: '',
    achternaam,
    afdeling: 'Wmo',
    telefoonnummer: '020-1234567',
    email: `${achternaam.toLowerCase().replace(/[^a-z]/g, '')}@gemeente.example`,
    nieuwsbrief: false,
    ...overrides,
  };
}

/** Registers a municipality and records both agreements, as the servicedesk pages do. */
export async function activeMunicipality(
  web: TestWeb,
  o: { gemeentecode: string; name: string; organisationId: string },
  desk = `${web.config.SERVICEDESK_ORGANISATION_ID}/desk-setup`,
): Promise<void> {
  await registerOrganisation(web.temporal, web.config, o, desk);
  await recordAgreement(web.temporal, o.gemeentecode, { kind: 'ib', signedOn: '2026-01-15' }, desk);
  const state = await recordAgreement(web.temporal, o.gemeentecode, { kind: 'vecozo', signedOn: '2026-01-16' }, desk);
  expect(state.activatedAt).toBeDefined();
}

/** First login and personal settings: the person waits for a code. */
export async function registered(web: TestWeb, p: Person, settings: PersonalSettings): Promise<UserState> {
  await firstLogin(web.temporal, web.config, p, keyOf(p));
  return savePersonalSettings(web.temporal, refOf(p), settings, keyOf(p));
}

/**
 * A code from `issuer` and its entry by the person: verified (and gebruikersbeheerder when the servicedesk issued it).
 */
export async function verified(
  web: TestWeb,
  p: Person,
  issuer: { actor: string; kind: 'gebruikersbeheerder' | 'servicedesk' },
): Promise<void> {
  const { code } = await issueVerificationCode(web.temporal, web.config, refOf(p), issuer, {
    grantsGebruikersbeheerder: issuer.kind === 'servicedesk',
  });
  expect(await submitVerificationCode(web.temporal, refOf(p), code, keyOf(p))).toEqual({ outcome: 'verified' });
}

/** The municipality's first gebruikersbeheerder, made the way the servicedesk does it. */
export async function firstGebruikersbeheerder(web: TestWeb, p: Person, settings: PersonalSettings): Promise<void> {
  await registered(web, p, settings);
  await verified(web, p, { actor: `${web.config.SERVICEDESK_ORGANISATION_ID}/desk-setup`, kind: 'servicedesk' });
}

/** A working user with `roles`, verified by `beheerder`. */
export async function activeUser(
  web: TestWeb,
  p: Person,
  settings: PersonalSettings,
  beheerder: Person,
  roles: Roles,
): Promise<void> {
  await registered(web, p, settings);
  await verified(web, p, { actor: keyOf(beheerder), kind: 'gebruikersbeheerder' });
  if (roles.gebruikersbeheerder || roles.products.length)
    await setRoles(web.temporal, refOf(p), roles, keyOf(beheerder));
}

export async function userRow(db: TestDatabase, p: Person) {
  const [row] = await db.db
    .select()
    .from(users)
    .where(eq(users.userKey, keyOf(p)));
  return row;
}

/**
 * The first login as web sends it, but with timers in milliseconds (web's are werkdagen from
 * config): for tests of what the user sees when a registration expires. Later logins through web
 * find this same workflow (USE_EXISTING).
 */
export function firstLoginWithTimers(web: TestWeb, p: Person, timers: UserTimers): Promise<UserState> {
  const startWorkflowOperation = new WithStartWorkflowOperation(
    userWorkflowType,
    userStartOptions(web.config, {
      gemeentecode: p.gemeentecode,
      subject: p.subject,
      organisationId: p.organisationId,
      timers,
    }),
  );
  return web.temporal.workflow.executeUpdateWithStart(firstLoginUpdate, {
    args: [{ actor: keyOf(p) }],
    startWorkflowOperation,
  });
}

/** The two municipalities of the multi-tenant tests: every isolation check needs an "other" one. */
export const AMSTERDAM = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '90000363' };
export const ROTTERDAM = { gemeentecode: '0599', name: 'Rotterdam', organisationId: '90000599' };

export const personIn = (m: typeof AMSTERDAM, subject: string): Person => ({
  organisationId: m.organisationId,
  gemeentecode: m.gemeentecode,
  subject,
});

/** One product role, nothing else. */
export const onlyRole = (product: Product, role: ProductRoleName): Roles => ({
  products: [{ product, role }],
  gebruikersbeheerder: false,
});

/**
 * Amsterdam and Rotterdam active, each with its first gebruikersbeheerder (gb-a, gb-r), as the servicedesk makes them.
 */
export async function twoMunicipalities(web: TestWeb): Promise<{ gbA: Person; gbR: Person }> {
  const gbA = personIn(AMSTERDAM, 'gb-a');
  const gbR = personIn(ROTTERDAM, 'gb-r');
  await Promise.all([activeMunicipality(web, AMSTERDAM), activeMunicipality(web, ROTTERDAM)]);
  await Promise.all([
    firstGebruikersbeheerder(web, gbA, settingsFor('Beheer')),
    firstGebruikersbeheerder(web, gbR, settingsFor('Rotbeheer')),
  ]);
  return { gbA, gbR };
}
