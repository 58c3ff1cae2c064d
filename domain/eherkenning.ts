/**
 * Pure eHerkenning login rules (eToegang afsprakenstelsel): which assurance level is enough,
 * what the identifiers look like, which return paths are safe, and how each refusal is answered.
 * No I/O, so the web layer, the dev broker and unit tests share exactly these rules.
 */
import type { AssuranceLevel } from './actor.ts';

const LOA_PREFIX = 'urn:etoegang:core:assurance-class:';

/** AuthnContextClassRef URNs of the eHerkenning levels (EH1 .. EH4). */
export const LOA_URNS = {
  loa1: `${LOA_PREFIX}loa1`,
  loa2: `${LOA_PREFIX}loa2`,
  loa2plus: `${LOA_PREFIX}loa2plus`,
  loa3: `${LOA_PREFIX}loa3`,
  loa4: `${LOA_PREFIX}loa4`,
} as const;
export type LoaName = keyof typeof LOA_URNS;

/** What we ask the broker for: EH3 or higher (GGk requires EH3 since 2015). */
export const REQUIRED_LOA_URN = LOA_URNS.loa3;

export const ATTRIBUTE_LEGAL_SUBJECT_ID = 'urn:etoegang:core:LegalSubjectID';
export const ATTRIBUTE_ACTING_SUBJECT_ID = 'urn:etoegang:core:ActingSubjectID';
/** The broker names the registered service it checked the authorisation (machtiging) for. */
export const ATTRIBUTE_SERVICE_UUID = 'urn:etoegang:core:ServiceUUID';

/**
 * A service as registered in the eHerkenning dienstencatalogus: the AuthnRequest asks for it by
 * its AttributeConsumingServiceIndex, and its ServiceUUID is what the user must be authorised for.
 */
export type EherkenningService = { index: number; uuid: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads `index:uuid` pairs separated by commas (the first is the one we ask for), or says what is
 * wrong with them.
 */
export function parseServices(
  text: string,
): { ok: true; services: EherkenningService[] } | { ok: false; problem: string } {
  const services: EherkenningService[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d{1,5}):(.+)$/.exec(part);
    if (!match || !UUID.test(match[2]!))
      return {
        ok: false,
        problem: `"${part}" is not index:ServiceUUID (for example 1:8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b)`,
      };
    const index = Number(match[1]);
    if (services.some((s) => s.index === index)) return { ok: false, problem: `index ${index} is used twice` };
    services.push({ index, uuid: match[2]!.toLowerCase() });
  }
  return { ok: true, services };
}

/**
 * Why a login was refused. These codes go into the audit table and the logs, so they must never
 * carry personal data. `policy` refusals (the response was genuine, but we do not admit this login)
 * are answered with 403; everything else means the response itself could not be trusted (401).
 */
export const LOGIN_REFUSALS = {
  loa_too_low: { policy: true },
  loa_missing: { policy: true },
  loa_unknown: { policy: true },
  unknown_organisation: { policy: true },
  missing_attributes: { policy: true },
  invalid_identifier: { policy: true },
  /** The login was genuine, but the person's account is suspended or deprovisioned (user workflow). */
  user_suspended: { policy: true },
  user_deprovisioned: { policy: true },
  issuer_mismatch: { policy: false },
  invalid_signature: { policy: false },
  audience_mismatch: { policy: false },
  expired: { policy: false },
  not_yet_valid: { policy: false },
  in_response_to_invalid: { policy: false },
  /** The broker answered with a status instead of an assertion (see refusalForBrokerStatus). */
  login_cancelled: { policy: false },
  not_authorised: { policy: true },
  /** The broker checked the authorisation for a service that is not one of ours. */
  service_mismatch: { policy: true },
  broker_error: { policy: false },
  /** An artifact (HTTP-Artifact binding) that is malformed, or could not be resolved at the broker. */
  artifact_invalid: { policy: false },
  artifact_unresolved: { policy: false },
  /** The response names a broker (Issuer) this SP is not connected to. */
  unknown_broker: { policy: false },
  decryption_failed: { policy: false },
  /** The broker is configured to encrypt, and this response carried the identity in plaintext. */
  not_encrypted: { policy: false },
  malformed_response: { policy: false },
  invalid_response: { policy: false },
} as const satisfies Record<string, { policy: boolean }>;
export type LoginRefusalReason = keyof typeof LOGIN_REFUSALS;

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/**
 * What a broker means by the status it sent instead of an assertion, from its status codes (top
 * level first). The second level says why: the user stopped or failed to authenticate
 * (AuthnFailed), has no authorisation (machtiging) for the service (RequestDenied), or the means
 * cannot reach the requested level (NoAuthnContext); anything else is the broker's own fault.
 */
export function refusalForBrokerStatus(
  codes: readonly string[],
): 'loa_too_low' | 'login_cancelled' | 'not_authorised' | 'broker_error' {
  const reasons = codes.slice(1);
  if (reasons.includes(`${STATUS}NoAuthnContext`)) return 'loa_too_low';
  if (reasons.includes(`${STATUS}AuthnFailed`)) return 'login_cancelled';
  if (reasons.includes(`${STATUS}RequestDenied`)) return 'not_authorised';
  return 'broker_error';
}

export function refusalStatus(reason: LoginRefusalReason): 401 | 403 {
  return LOGIN_REFUSALS[reason].policy ? 403 : 401;
}

export type LoaAssessment =
  | { ok: true; loa: AssuranceLevel }
  | { ok: false; reason: 'loa_too_low' | 'loa_missing' | 'loa_unknown'; loa?: LoaName };

/**
 * Requesting "minimum loa3" is no guarantee: the broker may still answer with a lower level, and
 * node-saml does not check it. Only loa3 and loa4 are admitted.
 */
export function assessAssuranceLevel(classRef: string | undefined): LoaAssessment {
  if (!classRef || classRef.trim() === '') return { ok: false, reason: 'loa_missing' };
  const value = classRef.trim();
  const name = (Object.keys(LOA_URNS) as LoaName[]).find((k) => LOA_URNS[k] === value);
  if (!name) return { ok: false, reason: 'loa_unknown' };
  if (name === 'loa3' || name === 'loa4') return { ok: true, loa: name };
  return { ok: false, reason: 'loa_too_low', loa: name };
}

/** KvK number (8 digits) or OIN (20 digits): what eHerkenning sends for the represented organisation. */
export function isOrganisationId(value: string): boolean {
  return /^(\d{8}|\d{20})$/.test(value);
}

/**
 * ActingSubjectID: an opaque pseudonym chosen by the authentication service. We only require
 * something we can store and compare safely: printable ASCII without spaces, bounded length.
 */
export function isActingSubjectId(value: string): boolean {
  return /^[\x21-\x7e]{1,256}$/.test(value);
}

/** Longest return path we carry through the broker (RelayState is at most 80 bytes in total). */
export const MAX_RETURN_PATH_LENGTH = 58;

/**
 * A return path after login must stay on this site: exactly one leading slash (no `//host`
 * protocol-relative URL), no backslash (browsers treat `/\host` like `//host`), and only printable
 * ASCII, because browsers silently drop tabs and newlines (`/\t/host` would become `//host`).
 * Returns the path when it is safe, otherwise undefined.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 0 || value.length > MAX_RETURN_PATH_LENGTH) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  if (value.includes('//') || value.includes('\\')) return undefined;
  if (!/^[\x21-\x7e]+$/.test(value)) return undefined;
  return value;
}
