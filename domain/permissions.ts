import type { Actor, MunicipalActor } from './actor.ts';
import { ROLES_PER_PRODUCT, type Product, type ProductRoleName } from './user.ts';

/**
 * The one place that decides who may do what. Every route asks `can`; every query is scoped to the
 * actor's own organisation (the servicedesk excepted). Pure, so it is unit-tested exhaustively.
 *
 * Rights come from the users read model on every request, and only an 'actief' user of an active
 * municipality has any: a suspended, deprovisioned or unverified person keeps roles in the read
 * model (for audit) but they grant nothing.
 */
export type Action =
  | 'organisation.list'
  | 'organisation.register'
  | 'organisation.recordAgreement'
  | 'notification.listServicedesk'
  /** Overdue, expired and undelivered exchanges of every municipality (servicedesk). */
  | 'messages.monitor'
  | 'portal.home'
  /** Own registration pages: personal settings, verification, waiting for roles. */
  | 'user.selfService'
  /** Pending registrations and users of one municipality (resource.gemeentecode). */
  | 'users.list'
  | 'users.view'
  | 'users.issueCode'
  | 'users.reject'
  | 'users.setProductRoles'
  | 'users.setGebruikersbeheerder'
  | 'users.suspend'
  | 'users.reactivate'
  | 'users.deprovision'
  /** Pending users of every municipality, and codes that make a first gebruikersbeheerder. */
  | 'users.listAllPending'
  | 'notification.listGemeente'
  /** Upload/download (iWmo, iJw) or consult (Wlz-Registertoets): Gebruiker of resource.product. */
  | 'product.use'
  /** The product's settings tab: Productbeheerder of resource.product. */
  | 'product.settings';

export type Resource = { gemeentecode?: string; product?: Product };

export const ACTIONS: readonly Action[] = [
  'organisation.list',
  'organisation.register',
  'organisation.recordAgreement',
  'notification.listServicedesk',
  'messages.monitor',
  'portal.home',
  'user.selfService',
  'users.list',
  'users.view',
  'users.issueCode',
  'users.reject',
  'users.setProductRoles',
  'users.setGebruikersbeheerder',
  'users.suspend',
  'users.reactivate',
  'users.deprovision',
  'users.listAllPending',
  'notification.listGemeente',
  'product.use',
  'product.settings',
];

/** The servicedesk's part of user administration: codes for first gebruikersbeheerders and that role. */
const SERVICEDESK_USER_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'users.list',
  'users.view',
  'users.issueCode',
  'users.setGebruikersbeheerder',
  'users.listAllPending',
]);

/** A verified user of an active municipality: the only municipal actor with rights. */
function isWorking(actor: MunicipalActor): boolean {
  return actor.organisationActive && actor.userStatus === 'actief';
}

function hasProductRole(actor: MunicipalActor, product: Product | undefined, role: ProductRoleName): boolean {
  if (!product || !ROLES_PER_PRODUCT[product].includes(role) || !isWorking(actor)) return false;
  return actor.roles.products.some((r) => r.product === product && r.role === role);
}

/** Gebruikersbeheerder of exactly the municipality the resource belongs to. */
function administers(actor: MunicipalActor, resource: Resource): boolean {
  return (
    isWorking(actor) &&
    actor.roles.gebruikersbeheerder &&
    resource.gemeentecode !== undefined &&
    resource.gemeentecode === actor.gemeentecode
  );
}

export function can(actor: Actor | undefined, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
  if (actor.kind === 'servicedesk') {
    switch (action) {
      case 'organisation.list':
      case 'organisation.register':
      case 'organisation.recordAgreement':
      case 'notification.listServicedesk':
      case 'messages.monitor':
        return true;
      default:
        return (
          SERVICEDESK_USER_ACTIONS.has(action) &&
          (action === 'users.listAllPending' || resource.gemeentecode !== undefined)
        );
    }
  }
  switch (action) {
    case 'organisation.list':
    case 'organisation.register':
    case 'organisation.recordAgreement':
    case 'notification.listServicedesk':
    case 'messages.monitor':
    case 'users.listAllPending':
      return false;
    case 'portal.home':
      return isWorking(actor);
    case 'user.selfService':
      return actor.organisationActive;
    case 'users.list':
    case 'users.view':
    case 'users.issueCode':
    case 'users.reject':
    case 'users.setProductRoles':
    case 'users.setGebruikersbeheerder':
    case 'users.suspend':
    case 'users.reactivate':
    case 'users.deprovision':
    case 'notification.listGemeente':
      return administers(actor, resource);
    case 'product.use':
      return hasProductRole(actor, resource.product, 'gebruiker');
    case 'product.settings':
      return hasProductRole(actor, resource.product, 'productbeheerder');
  }
}
