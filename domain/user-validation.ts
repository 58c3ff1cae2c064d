/**
 * Validation of what people type or pick for the user lifecycle: personal settings and roles.
 * Pure (no I/O, no Node APIs), so the user workflow's validators and web's forms give the same
 * Dutch messages. Input may come from outside (a form, an Update payload), so every function
 * accepts `unknown` field values and never throws.
 */
import { EMAIL_MAX_LENGTH, isValidEmail, type FieldErrors } from './field-rules.ts';
import {
  AANHEF_OPTIONS,
  PRODUCT_LABELS,
  PRODUCT_ROLE_LABELS,
  PRODUCT_ROLES,
  PRODUCTS,
  ROLES_PER_PRODUCT,
  type PersonalSettings,
  type ProductRole,
  type Roles,
} from './user.ts';

export const SETTINGS_MAX_LENGTH = {
  voorletters: 20,
  voornaam: 100,
  tussenvoegsel: 20,
  achternaam: 100,
  afdeling: 100,
  telefoonnummer: 30,
  email: EMAIL_MAX_LENGTH,
} as const;

// Letters of any script (with their accents as combining marks), spaces, hyphens, apostrophes, dots.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;
const VOORLETTERS = /^[\p{L}\p{M}][\p{L}\p{M}. -]*$/u;
const CONTROL = /\p{Cc}|\p{Cf}/u;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * A Dutch telephone number as people write it: 06-12345678, 020-1234567, 010 123 45 67,
 * (020) 1234567, +31 6 12345678, +31 (0)20 1234567, 0031 20 1234567, and the 0800/090x service
 * numbers. Spaces, hyphens and dots are ignored; what remains must be ten digits starting with 0
 * (area code or 06), or a service number.
 */
export function isValidDutchPhoneNumber(value: string): boolean {
  let compact = value.replace(/[\s.-]/g, '');
  compact = compact.replace(/^(\+31|0031)\(0\)/, '$1').replace(/^\((0\d{1,3})\)/, '$1');
  let national: string;
  if (/^\+31\d+$/.test(compact)) national = `0${compact.slice(3)}`;
  else if (/^0031\d+$/.test(compact)) national = `0${compact.slice(4)}`;
  else if (/^0\d+$/.test(compact)) national = compact;
  else return false;
  return /^0[1-9]\d{8}$/.test(national) || /^0(800|900|906|909)\d{4}(\d{3})?$/.test(national);
}

/** `subject`: the field with its verb, "De achternaam mag" / "De voorletters mogen". */
function checkLength(
  errors: FieldErrors,
  field: keyof typeof SETTINGS_MAX_LENGTH,
  value: string,
  subject: string,
): boolean {
  if (value.length <= SETTINGS_MAX_LENGTH[field]) return true;
  errors[field] = `${subject} hoogstens ${SETTINGS_MAX_LENGTH[field]} tekens lang zijn.`;
  return false;
}

/** Field → Dutch message for every problem at once; empty when the settings can be saved. */
export function validatePersonalSettings(
  settings: Partial<Record<keyof PersonalSettings, unknown>> | undefined,
): FieldErrors {
  const given = settings ?? {};
  const errors: FieldErrors = {};
  if (!AANHEF_OPTIONS.some((option) => option === given.aanhef)) errors.aanhef = 'Kies een aanhef.';

  const voorletters = text(given.voorletters);
  if (!voorletters) errors.voorletters = 'Vul uw voorletters in.';
  else if (checkLength(errors, 'voorletters', voorletters, 'De voorletters mogen') && !VOORLETTERS.test(voorletters)) {
    errors.voorletters = 'Vul uw voorletters in met letters en punten, bijvoorbeeld J.A.';
  }

  const voornaam = text(given.voornaam);
  if (voornaam && checkLength(errors, 'voornaam', voornaam, 'De voornaam mag') && !NAME.test(voornaam)) {
    errors.voornaam = 'De voornaam mag alleen letters, spaties, koppeltekens en apostroffen bevatten.';
  }
  const tussenvoegsel = text(given.tussenvoegsel);
  if (
    tussenvoegsel &&
    checkLength(errors, 'tussenvoegsel', tussenvoegsel, 'Het tussenvoegsel mag') &&
    !NAME.test(tussenvoegsel)
  ) {
    errors.tussenvoegsel =
      'Het tussenvoegsel mag alleen letters, spaties en apostroffen bevatten, bijvoorbeeld van der of ’t.';
  }
  const achternaam = text(given.achternaam);
  if (!achternaam) errors.achternaam = 'Vul uw achternaam in.';
  else if (checkLength(errors, 'achternaam', achternaam, 'De achternaam mag') && !NAME.test(achternaam)) {
    errors.achternaam = 'De achternaam mag alleen letters, spaties, koppeltekens en apostroffen bevatten.';
  }

  const afdeling = text(given.afdeling);
  if (afdeling && checkLength(errors, 'afdeling', afdeling, 'De afdeling mag') && CONTROL.test(afdeling)) {
    errors.afdeling = 'De afdeling bevat tekens die niet zijn toegestaan.';
  }

  const telefoonnummer = text(given.telefoonnummer);
  if (
    telefoonnummer &&
    checkLength(errors, 'telefoonnummer', telefoonnummer, 'Het telefoonnummer mag') &&
    !isValidDutchPhoneNumber(telefoonnummer)
  ) {
    errors.telefoonnummer = 'Vul een geldig Nederlands telefoonnummer in, bijvoorbeeld 06-12345678 of 020-1234567.';
  }

  const email = text(given.email);
  if (!email) errors.email = 'Vul uw e-mailadres in.';
  else if (checkLength(errors, 'email', email, 'Het e-mailadres mag') && !isValidEmail(email)) {
    errors.email = 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.';
  }

  if (typeof given.nieuwsbrief !== 'boolean') errors.nieuwsbrief = 'Geef aan of u de nieuwsbrief wilt ontvangen.';
  return errors;
}

/** The settings as they are stored: text fields trimmed. Call after validatePersonalSettings passed. */
export function normalisePersonalSettings(settings: PersonalSettings): PersonalSettings {
  return {
    aanhef: settings.aanhef,
    voorletters: settings.voorletters.trim(),
    voornaam: text(settings.voornaam),
    tussenvoegsel: text(settings.tussenvoegsel),
    achternaam: settings.achternaam.trim(),
    afdeling: text(settings.afdeling),
    telefoonnummer: text(settings.telefoonnummer),
    email: settings.email.trim(),
    nieuwsbrief: settings.nieuwsbrief,
  };
}

export function sameSettings(a: PersonalSettings | undefined, b: PersonalSettings): boolean {
  return Boolean(a) && (Object.keys(b) as (keyof PersonalSettings)[]).every((key) => a?.[key] === b[key]);
}

const MAX_PRODUCT_ROLES = PRODUCTS.length * PRODUCT_ROLES.length;

/**
 * Roles as web sends them: each product role must exist (ROLES_PER_PRODUCT: iEb has no Gebruiker),
 * and `gebruikersbeheerder` is a yes/no. Repeats are allowed (normaliseRoles drops them).
 */
export function validateRoles(roles: unknown): FieldErrors {
  if (!roles || typeof roles !== 'object') return { roles: 'Kies de rollen van deze gebruiker.' };
  const { products, gebruikersbeheerder } = roles as Partial<Record<keyof Roles, unknown>>;
  const errors: FieldErrors = {};
  if (!Array.isArray(products) || products.length > MAX_PRODUCT_ROLES * 2) {
    errors.products = 'Kies de rollen per product opnieuw.';
  } else {
    for (const entry of products as unknown[]) {
      const { product, role } = (entry ?? {}) as Partial<Record<keyof ProductRole, unknown>>;
      const knownProduct = PRODUCTS.find((p) => p === product);
      const knownRole = PRODUCT_ROLES.find((r) => r === role);
      if (!knownProduct || !knownRole) {
        errors.products = 'Onbekend product of onbekende rol.';
        break;
      }
      if (!ROLES_PER_PRODUCT[knownProduct].includes(knownRole)) {
        errors.products = `${PRODUCT_LABELS[knownProduct]} heeft geen rol ${PRODUCT_ROLE_LABELS[knownRole]}.`;
        break;
      }
    }
  }
  if (typeof gebruikersbeheerder !== 'boolean')
    errors.gebruikersbeheerder = 'Geef aan of deze gebruiker gebruikersbeheerder is.';
  return errors;
}

/** One canonical form (no repeats, products in PRODUCTS order, then role order), so equal roles compare equal. */
export function normaliseRoles(roles: Roles): Roles {
  const products: ProductRole[] = [];
  for (const product of PRODUCTS) {
    for (const role of PRODUCT_ROLES) {
      if (roles.products.some((r) => r.product === product && r.role === role)) products.push({ product, role });
    }
  }
  return { products, gebruikersbeheerder: roles.gebruikersbeheerder };
}

export function sameRoles(a: Roles, b: Roles): boolean {
  const x = normaliseRoles(a);
  const y = normaliseRoles(b);
  return (
    x.gebruikersbeheerder === y.gebruikersbeheerder &&
    x.products.length === y.products.length &&
    x.products.every((r, i) => r.product === y.products[i]?.product && r.role === y.products[i]?.role)
  );
}
