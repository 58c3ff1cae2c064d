import { describe, expect, it } from 'vitest';
import type { Actor, MunicipalActor } from '../../domain/actor.ts';
import { ACTIONS, can, type Action, type Resource } from '../../domain/permissions.ts';
import { NO_ROLES, PRODUCTS, type Product, type Roles, type UserStatus } from '../../domain/user.ts';

// Every profile × every action × every kind of resource, against an explicit table of what each
// profile may do. A new action or profile that is not in the table fails here.

const servicedesk: Actor = { kind: 'servicedesk', subject: 's1', organisationId: '41215468' };

function staff(
  userStatus: UserStatus | undefined,
  roles: Partial<Roles> = {},
  organisationActive = true,
): MunicipalActor {
  return {
    kind: 'municipal',
    subject: 'a1',
    organisationId: '12345678',
    gemeentecode: '0363',
    gemeenteName: 'Amsterdam',
    organisationActive,
    userKey: '12345678/a1',
    ...(userStatus ? { userStatus } : {}),
    roles: { ...NO_ROLES, ...roles },
  };
}

const GB = { gebruikersbeheerder: true };
const ALL_PRODUCT_ROLES: Roles = {
  gebruikersbeheerder: true,
  products: [
    { product: 'iwmo', role: 'gebruiker' },
    { product: 'ijw', role: 'gebruiker' },
    { product: 'wlz', role: 'gebruiker' },
    ...PRODUCTS.map((product) => ({ product, role: 'productbeheerder' as const })),
  ],
};

const ADMIN: Action[] = [
  'users.list',
  'users.view',
  'users.issueCode',
  'users.reject',
  'users.setProductRoles',
  'users.setGebruikersbeheerder',
  'users.suspend',
  'users.reactivate',
  'users.deprovision',
  'notification.listGemeente',
];
const SERVICEDESK_ON_A_GEMEENTE: Action[] = [
  'users.list',
  'users.view',
  'users.issueCode',
  'users.setGebruikersbeheerder',
];
const SERVICEDESK_ALWAYS: Action[] = [
  'organisation.list',
  'organisation.register',
  'organisation.recordAgreement',
  'notification.listServicedesk',
  'messages.monitor',
  'users.listAllPending',
];

type Profile = {
  name: string;
  actor: Actor | undefined;
  /** Allowed without a resource, and on any resource. */
  always: Action[];
  /** Allowed on users of gemeente 0363 (and not on 0599). */
  ownGemeente: Action[];
  /** Allowed on users of another municipality. */
  otherGemeente: Action[];
  use: Product[];
  settings: Product[];
};

const nothing = { always: [], ownGemeente: [], otherGemeente: [], use: [], settings: [] };

const profiles: Profile[] = [
  { name: 'nobody (not logged in)', actor: undefined, ...nothing },
  {
    name: 'the servicedesk',
    actor: servicedesk,
    ...nothing,
    always: SERVICEDESK_ALWAYS,
    ownGemeente: SERVICEDESK_ON_A_GEMEENTE,
    otherGemeente: SERVICEDESK_ON_A_GEMEENTE,
  },
  { name: 'staff of an inactive municipality', actor: staff(undefined, {}, false), ...nothing },
  {
    name: 'a gebruikersbeheerder of a municipality that is not active (any more)',
    actor: staff('actief', ALL_PRODUCT_ROLES, false),
    ...nothing,
  },
  { name: 'staff without a user workflow yet', actor: staff(undefined), ...nothing, always: ['user.selfService'] },
  {
    name: 'a new user filling in the settings',
    actor: staff('instellingen_invullen'),
    ...nothing,
    always: ['user.selfService'],
  },
  {
    name: 'a user waiting for verification',
    actor: staff('wacht_op_verificatie'),
    ...nothing,
    always: ['user.selfService'],
  },
  {
    name: 'an active user without roles',
    actor: staff('actief'),
    ...nothing,
    always: ['user.selfService', 'portal.home'],
  },
  {
    name: 'a Gebruiker iWmo',
    actor: staff('actief', { products: [{ product: 'iwmo', role: 'gebruiker' }] }),
    ...nothing,
    always: ['user.selfService', 'portal.home'],
    use: ['iwmo'],
  },
  {
    name: 'a Productbeheerder iWmo and iEb',
    actor: staff('actief', {
      products: [
        { product: 'iwmo', role: 'productbeheerder' },
        { product: 'ieb', role: 'productbeheerder' },
      ],
    }),
    ...nothing,
    always: ['user.selfService', 'portal.home'],
    settings: ['iwmo', 'ieb'],
  },
  {
    name: 'a gebruikersbeheerder',
    actor: staff('actief', GB),
    ...nothing,
    always: ['user.selfService', 'portal.home'],
    ownGemeente: ADMIN,
  },
  {
    name: 'a user with every role',
    actor: staff('actief', ALL_PRODUCT_ROLES),
    always: ['user.selfService', 'portal.home'],
    ownGemeente: ADMIN,
    otherGemeente: [],
    use: ['iwmo', 'ijw', 'wlz'],
    settings: [...PRODUCTS],
  },
  {
    name: 'a Gebruiker iEb (a role that does not exist: grants nothing)',
    actor: staff('actief', { products: [{ product: 'ieb', role: 'gebruiker' }] }),
    ...nothing,
    always: ['user.selfService', 'portal.home'],
  },
  ...(['geschorst', 'verwijderd', 'afgewezen', 'verlopen'] as const).map((status) => ({
    name: `a ${status} user who still has every role in the read model`,
    actor: staff(status, ALL_PRODUCT_ROLES),
    ...nothing,
    always: ['user.selfService' as const],
  })),
];

const OWN: Resource = { gemeentecode: '0363' };
const OTHER: Resource = { gemeentecode: '0599' };

describe.each(profiles)('permissions of $name', (profile) => {
  it('every action without a resource, on its own and on another municipality', () => {
    for (const action of ACTIONS.filter((a) => !a.startsWith('product.'))) {
      const always = profile.always.includes(action);
      expect(can(profile.actor, action), `${action}, no resource`).toBe(always);
      expect(can(profile.actor, action, OWN), `${action}, own municipality`).toBe(
        always || profile.ownGemeente.includes(action),
      );
      expect(can(profile.actor, action, OTHER), `${action}, other municipality`).toBe(
        always || profile.otherGemeente.includes(action),
      );
    }
  });

  it('using and configuring every product, and nothing without naming one', () => {
    for (const product of PRODUCTS) {
      expect(can(profile.actor, 'product.use', { product }), `use ${product}`).toBe(profile.use.includes(product));
      expect(can(profile.actor, 'product.use', { product, ...OWN }), `use ${product} with a gemeentecode`).toBe(
        profile.use.includes(product),
      );
      expect(can(profile.actor, 'product.settings', { product }), `settings ${product}`).toBe(
        profile.settings.includes(product),
      );
    }
    expect(can(profile.actor, 'product.use')).toBe(false);
    expect(can(profile.actor, 'product.settings')).toBe(false);
  });
});

describe('the permission table', () => {
  it('names every action once', () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  it('has a Productbeheerder who cannot use the product and a Gebruiker who cannot configure it or administer users', () => {
    const pb = staff('actief', { products: [{ product: 'iwmo', role: 'productbeheerder' }] });
    const user = staff('actief', { products: [{ product: 'iwmo', role: 'gebruiker' }] });
    expect(can(pb, 'product.use', { product: 'iwmo' })).toBe(false);
    expect(can(user, 'product.settings', { product: 'iwmo' })).toBe(false);
    expect(ADMIN.some((a) => can(user, a, OWN) || can(pb, a, OWN))).toBe(false);
  });
});
