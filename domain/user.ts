/**
 * The user lifecycle of the portal: first login → personal settings → verification code →
 * (roles) → working; later role changes, suspension and deprovisioning. Types and constants shared
 * by the user workflow, activities and web. Transition functions live in user-lifecycle.ts.
 */

export const PRODUCTS = ['iwmo', 'ijw', 'ieb', 'wlz'] as const;
export type Product = (typeof PRODUCTS)[number];

export const PRODUCT_LABELS: Record<Product, string> = {
  iwmo: 'iWmo',
  ijw: 'iJw',
  ieb: 'iEb',
  wlz: 'Wlz-Registertoets',
};

export const PRODUCT_ROLES = ['gebruiker', 'productbeheerder'] as const;
export type ProductRoleName = (typeof PRODUCT_ROLES)[number];

export const PRODUCT_ROLE_LABELS: Record<ProductRoleName, string> = {
  gebruiker: 'Gebruiker',
  productbeheerder: 'Productbeheerder',
};

/**
 * Which product roles exist. Gebruiker: upload/download (iWmo, iJw) or consult (Wlz-Registertoets);
 * iEb is exchanged by the portal for iWmo users, so it has no Gebruiker role of its own.
 * Productbeheerder: the product's settings tab only.
 */
export const ROLES_PER_PRODUCT: Record<Product, readonly ProductRoleName[]> = {
  iwmo: ['gebruiker', 'productbeheerder'],
  ijw: ['gebruiker', 'productbeheerder'],
  ieb: ['productbeheerder'],
  wlz: ['gebruiker', 'productbeheerder'],
};

export type ProductRole = { product: Product; role: ProductRoleName };

export type Roles = {
  products: ProductRole[];
  /** Manages the users of its own municipality. */
  gebruikersbeheerder: boolean;
};

export const NO_ROLES: Roles = { products: [], gebruikersbeheerder: false };

export const USER_STATUSES = [
  'instellingen_invullen',
  'wacht_op_verificatie',
  'actief',
  'geschorst',
  'verwijderd',
  'afgewezen',
  'verlopen',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  instellingen_invullen: 'Vult persoonlijke instellingen in',
  wacht_op_verificatie: 'Wacht op verificatie',
  actief: 'Actief',
  geschorst: 'Geschorst',
  verwijderd: 'Verwijderd',
  afgewezen: 'Afgewezen',
  verlopen: 'Registratie verlopen',
};

export const AANHEF_OPTIONS = ['dhr', 'mevr', 'anders'] as const;
export type Aanhef = (typeof AANHEF_OPTIONS)[number];
export const AANHEF_LABELS: Record<Aanhef, string> = { dhr: 'De heer', mevr: 'Mevrouw', anders: 'Anders' };

/** Personal data: only in encrypted workflow payloads and the application database, never in logs. */
export type PersonalSettings = {
  aanhef: Aanhef;
  voorletters: string;
  voornaam: string;
  tussenvoegsel: string;
  achternaam: string;
  afdeling: string;
  telefoonnummer: string;
  email: string;
  nieuwsbrief: boolean;
};

/** Who hands out a code: the municipality's gebruikersbeheerder, or the servicedesk for a first one. */
export type CodeIssuer = { actor: string; kind: 'gebruikersbeheerder' | 'servicedesk' };

/**
 * The one live verification code of a user: never the code itself, only its salted scrypt hash
 * (computed in web). `grantsGebruikersbeheerder`: issued by the servicedesk to make this user the
 * municipality's (first) gebruikersbeheerder on verification.
 */
export type LiveVerificationCode = {
  hash: string;
  salt: string;
  issuer: CodeIssuer;
  issuedAt: string;
  expiresAt: string;
  failedAttempts: number;
  grantsGebruikersbeheerder: boolean;
};

export const MAX_CODE_ATTEMPTS = 5;

export type UserState = {
  gemeentecode: string;
  subject: string;
  organisationId: string;
  /** actorKey: `<organisationId>/<subject>`; the key of audit rows, sessions and the read model. */
  userKey: string;
  status: UserStatus;
  registeredAt: string;
  settings?: PersonalSettings;
  settingsSavedAt?: string;
  code?: LiveVerificationCode;
  verifiedAt?: string;
  roles: Roles;
  rejection?: { reason: string; by: string; at: string };
  suspendedAt?: string;
  deprovisionedAt?: string;
  reminderSentAt?: string;
  escalatedAt?: string;
  /** When the registration expired unanswered (status 'verlopen'). */
  expiredAt?: string;
  /**
   * How the registration before this one ended, kept when a login starts a fresh registration
   * after 'afgewezen' or 'verlopen', so web can tell the user why they fill in the form again.
   */
  previousRegistration?: { status: 'afgewezen' | 'verlopen'; endedAt: string; reason?: string };
};

/** What the user is told after entering a code. */
export type CodeCheckOutcome =
  | { outcome: 'verified' }
  | { outcome: 'wrong'; remainingAttempts: number }
  | { outcome: 'revoked' }
  | { outcome: 'expired' }
  | { outcome: 'no_code' };

type LooseSettings = { [K in keyof PersonalSettings]?: (K extends 'nieuwsbrief' ? boolean : string) | null };

/** PersonalSettings from loosely typed fields (a form, a database row): missing text becomes ''. */
export function toPersonalSettings(fields: LooseSettings): PersonalSettings {
  const text = (value: string | null | undefined): string => value ?? '';
  return {
    aanhef: AANHEF_OPTIONS.find((a) => a === fields.aanhef) ?? 'anders',
    voorletters: text(fields.voorletters),
    voornaam: text(fields.voornaam),
    tussenvoegsel: text(fields.tussenvoegsel),
    achternaam: text(fields.achternaam),
    afdeling: text(fields.afdeling),
    telefoonnummer: text(fields.telefoonnummer),
    email: text(fields.email),
    nieuwsbrief: fields.nieuwsbrief === true,
  };
}
