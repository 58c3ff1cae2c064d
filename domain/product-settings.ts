import { EMAIL_MAX_LENGTH, isValidEmail, type FieldErrors } from './field-rules.ts';
import { PRODUCTS, type Product } from './user.ts';

/**
 * The settings a Productbeheerder keeps per product for its municipality: how
 * messages reach the municipality (the portal, or its own Digikoppeling webservice), who is told
 * when something arrives, and which StUF-GGk envelope version the municipality speaks. Pure: used
 * by the organisation workflow (the authority) and by web (the form).
 */

export const DELIVERY_CHANNELS = ['portaal', 'webservice'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  portaal: 'Via het portaal (uploaden en downloaden)',
  webservice: 'Via een webservice (Digikoppeling)',
};

/**
 * StUF-GGk envelope versions the portal can wrap and unwrap (namespace
 * koppelvlak/ggk0210 over StUF 03.01). A fixed list: a version joins it when the portal supports it.
 */
export const STUF_VERSIONS = ['ggk0210'] as const;
export type StufVersion = (typeof STUF_VERSIONS)[number];

export const STUF_VERSION_LABELS: Record<StufVersion, string> = {
  ggk0210: 'StUF-GGk 0210 (StUF 03.01)',
};

export const MAX_NOTIFICATION_EMAILS = 10;
const MAX_URL_LENGTH = 500;

export type ProductSettings = {
  deliveryChannel: DeliveryChannel;
  /** Only for the webservice channel: the municipality's https endpoint. */
  endpointUrl?: string;
  /** Only for the webservice channel: SHA-256 of the PKIoverheid certificate, "AB:CD:…" (32 pairs). */
  certificateFingerprint?: string;
  notificationEmails: string[];
  stufVersion: StufVersion;
};

/** As held by the organisation workflow and stored in `product_settings`. */
export type StoredProductSettings = ProductSettings & {
  /** Grows by one with every change; orders writes of the read model. */
  version: number;
  /** actorKey of the Productbeheerder who made the change. */
  updatedBy: string;
  updatedAt: string;
};

/** What a municipality starts with: the portal, nobody notified, the current StUF version. */
const PORTAAL_DEFAULTS: ProductSettings = {
  deliveryChannel: 'portaal',
  notificationEmails: [],
  stufVersion: 'ggk0210',
};
export const DEFAULT_PRODUCT_SETTINGS: Record<Product, ProductSettings> = {
  iwmo: PORTAAL_DEFAULTS,
  ijw: PORTAAL_DEFAULTS,
  ieb: PORTAAL_DEFAULTS,
  wlz: PORTAAL_DEFAULTS,
};

const FINGERPRINT = /^[0-9A-Fa-f]{2}(:?[0-9A-Fa-f]{2}){31}$/;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// Names that resolve inside our own network, never to a municipality's endpoint.
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/;

/** "ab cd:ef…" or 64 hex characters → "AB:CD:EF:…"; undefined when it is not a SHA-256 fingerprint. */
export function normaliseFingerprint(value: string): string | undefined {
  const compact = value.trim().replace(/\s+/g, '');
  if (!FINGERPRINT.test(compact)) return undefined;
  return compact.replace(/:/g, '').toUpperCase().match(/../g)!.join(':');
}

/**
 * Why an endpoint URL is refused, or undefined when it is fine. Parsed by hand (no `URL`, which the
 * workflow sandbox does not promise). The worker will connect to this address, so everything that
 * could point it into our own network is refused: IP literals (a PKIoverheid certificate names a
 * host, not an address), localhost and internal names. Credentials never belong in a URL.
 */
export function endpointUrlError(value: string): string | undefined {
  if (!value) return 'Vul de URL van de webservice in.';
  if (value.length > MAX_URL_LENGTH) return `De URL mag hoogstens ${MAX_URL_LENGTH} tekens lang zijn.`;
  if (/[\s\p{Cc}]/u.test(value)) return 'De URL mag geen spaties bevatten.';
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)(#.*)?$/i.exec(value);
  if (!match || match[1]!.toLowerCase() !== 'https')
    return 'Vul een URL in die begint met https://, bijvoorbeeld https://ggk.gemeente.nl/stuf.';
  const authority = match[2]!;
  if (authority.includes('@')) return 'Zet geen gebruikersnaam of wachtwoord in de URL.';
  if (match[4] !== undefined) return 'De URL mag geen # bevatten.';
  const hostPort = /^([^:]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!hostPort || (hostPort[2] !== undefined && (Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65535)))
    return 'Vul een geldige URL in.';
  const host = hostPort[1]!.toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l)))
    return 'Vul een geldige hostnaam in, geen IP-adres.';
  if (!/^[a-z]{2,}$/.test(labels[labels.length - 1]!)) return 'Vul een hostnaam in, geen IP-adres.';
  if (INTERNAL_NAMES.test(host))
    return 'Deze URL wijst naar een intern adres; vul het openbare adres van de webservice in.';
  return undefined;
}

/**
 * Checks settings as they arrive (from a form or an Update): Dutch message per field. Untrusted
 * input, so every field is checked for its type too. For the portal channel the webservice fields
 * are ignored (normaliseProductSettings drops them), so switching channels never needs emptying.
 */
export function validateProductSettings(given: unknown): FieldErrors {
  const s = (given && typeof given === 'object' ? given : {}) as Partial<Record<keyof ProductSettings, unknown>>;
  const errors: FieldErrors = {};
  if (!DELIVERY_CHANNELS.some((c) => c === s.deliveryChannel))
    errors.deliveryChannel = 'Kies hoe de berichten worden afgeleverd.';
  if (s.deliveryChannel === 'webservice') {
    const url = typeof s.endpointUrl === 'string' ? s.endpointUrl.trim() : '';
    const urlError = endpointUrlError(url);
    if (urlError) errors.endpointUrl = urlError;
    const fingerprint = typeof s.certificateFingerprint === 'string' ? s.certificateFingerprint : '';
    if (!fingerprint.trim())
      errors.certificateFingerprint = 'Vul de SHA-256-vingerafdruk van het PKIoverheid-certificaat in.';
    else if (!normaliseFingerprint(fingerprint)) {
      errors.certificateFingerprint =
        'Vul de SHA-256-vingerafdruk in: 64 hexadecimale tekens, met of zonder dubbele punten.';
    }
  }
  const emails = Array.isArray(s.notificationEmails) ? s.notificationEmails : undefined;
  if (!emails || !emails.every((e) => typeof e === 'string'))
    errors.notificationEmails = 'Vul de e-mailadressen in, één per regel.';
  else if (emails.length > MAX_NOTIFICATION_EMAILS)
    errors.notificationEmails = `Vul hoogstens ${MAX_NOTIFICATION_EMAILS} e-mailadressen in.`;
  else {
    const wrong = emails.find((e) => e.trim().length > EMAIL_MAX_LENGTH || !isValidEmail(e.trim()));
    if (wrong !== undefined) errors.notificationEmails = `"${wrong.trim().slice(0, 60)}" is geen geldig e-mailadres.`;
  }
  if (!STUF_VERSIONS.some((v) => v === s.stufVersion)) errors.stufVersion = 'Kies een StUF-versie uit de lijst.';
  return errors;
}

/** The canonical form of valid settings: fingerprint "AB:CD:…", addresses trimmed and once each. */
export function normaliseProductSettings(s: ProductSettings): ProductSettings {
  const seen = new Set<string>();
  const notificationEmails = s.notificationEmails
    .map((e) => e.trim())
    .filter((e) => !seen.has(e.toLowerCase()) && Boolean(seen.add(e.toLowerCase())));
  const base = { deliveryChannel: s.deliveryChannel, notificationEmails, stufVersion: s.stufVersion };
  if (s.deliveryChannel !== 'webservice') return base;
  return {
    ...base,
    endpointUrl: s.endpointUrl?.trim(),
    certificateFingerprint: normaliseFingerprint(s.certificateFingerprint ?? ''),
  };
}

/** The form's textarea: addresses one per line, or separated by commas or semicolons. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

export const PRODUCT_SETTINGS_FIELDS = [
  'deliveryChannel',
  'endpointUrl',
  'certificateFingerprint',
  'notificationEmails',
  'stufVersion',
] as const;

/** Which fields differ (names only: the audit trail records what changed, not the addresses). */
export function changedFields(before: ProductSettings, after: ProductSettings): string[] {
  return PRODUCT_SETTINGS_FIELDS.filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}

export const isProduct = (value: unknown): value is Product => PRODUCTS.some((p) => p === value);
