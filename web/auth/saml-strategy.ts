import type { Request, Response } from 'express';
import passport from 'passport';
import { SAML, SamlStatusError, ValidateInResponseTo, type CacheProvider, type Profile, type SamlConfig } from '@node-saml/node-saml';
import { Strategy, type VerifiedCallback } from '@node-saml/passport-saml';
import type { Config } from '../../config.ts';
import { REQUIRED_LOA_URN, type LoginRefusalReason } from '../../domain/eherkenning.ts';
import { checkProfile, type VerifiedLogin } from './saml-profile.ts';
import { SamlRequestCacheUnavailable } from './saml-request-cache.ts';

/** How long an AuthnRequest id stays valid for its response (node-saml's default is 8 hours). */
export const REQUEST_ID_EXPIRY_MS = 10 * 60_000;

type SamlSettings = Pick<
  Config,
  | 'PUBLIC_URL'
  | 'SAML_SP_ENTITY_ID'
  | 'SAML_IDP_ENTRY_POINT'
  | 'SAML_IDP_ISSUER'
  | 'SAML_IDP_CERT'
  | 'SAML_IDP_LOGOUT_URL'
  | 'SAML_SP_PRIVATE_KEY'
  | 'SAML_SP_CERT'
  | 'SAML_CLOCK_SKEW_MS'
  | 'SAML_MAX_ASSERTION_AGE_MS'
>;

/** Several concatenated PEM certificates (broker key rollover) become a list node-saml tries in turn. */
function certificates(pem: string): string | string[] {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return certs.length > 1 ? certs : pem;
}

/** The SP settings of identity.md §2.2; every value that differs per broker comes from config. */
export function samlConfig(config: SamlSettings, cacheProvider: CacheProvider): SamlConfig {
  if (config.SAML_SP_PRIVATE_KEY && !config.SAML_SP_CERT) {
    // The metadata must publish the certificate that goes with the key, or the broker cannot use it.
    throw new Error('SAML_SP_PRIVATE_KEY is set without SAML_SP_CERT');
  }
  return {
    issuer: config.SAML_SP_ENTITY_ID,
    callbackUrl: new URL('/saml/acs', config.PUBLIC_URL).href,
    logoutCallbackUrl: new URL('/saml/slo', config.PUBLIC_URL).href,
    entryPoint: config.SAML_IDP_ENTRY_POINT,
    logoutUrl: config.SAML_IDP_LOGOUT_URL ?? config.SAML_IDP_ENTRY_POINT,
    idpCert: certificates(config.SAML_IDP_CERT),
    // node-saml compares this only on logout messages; checkProfile does it for logins.
    idpIssuer: config.SAML_IDP_ISSUER,
    audience: config.SAML_SP_ENTITY_ID,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_ID_EXPIRY_MS,
    cacheProvider,
    acceptedClockSkewMs: config.SAML_CLOCK_SKEW_MS,
    maxAssertionAgeMs: config.SAML_MAX_ASSERTION_AGE_MS,
    authnContext: [REQUIRED_LOA_URN],
    racComparison: 'minimum',
    identifierFormat: null,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    ...(config.SAML_SP_PRIVATE_KEY
      ? { decryptionPvk: config.SAML_SP_PRIVATE_KEY, privateKey: config.SAML_SP_PRIVATE_KEY, publicCert: config.SAML_SP_CERT }
      : {}),
  };
}

export type SamlParts = { strategy: Strategy; saml: SAML; metadata: () => string };

/**
 * The passport-saml Strategy validates login responses; a plain node-saml SAML instance with the
 * same options builds AuthnRequests and handles single logout (passport-saml's own logout flow
 * relies on passport sessions, which we do not use).
 */
export function createSaml(config: SamlSettings, cacheProvider: CacheProvider): SamlParts {
  const options = samlConfig(config, cacheProvider);
  const strategy = new Strategy(
    options,
    (profile: Profile | null, done: VerifiedCallback) => {
      const check = checkProfile(profile, config.SAML_IDP_ISSUER);
      if (check.ok) return done(null, check.login);
      done(null, undefined, { reason: check.reason, ...(check.loa ? { loa: check.loa } : {}) });
    },
    // Logout messages never go through passport (see slo.ts).
    (_profile: Profile | null, done: VerifiedCallback) => done(new Error('single logout is handled outside passport')),
  );
  const saml = new SAML(options);
  const cert = config.SAML_SP_PRIVATE_KEY ? (config.SAML_SP_CERT ?? null) : null;
  return { strategy, saml, metadata: () => strategy.generateServiceProviderMetadata(cert, cert) };
}

/** node-saml reports problems as Error messages; these become our audit reason codes. */
const ERROR_REASONS: [RegExp, LoginRefusalReason][] = [
  [/InResponseTo/i, 'in_response_to_invalid'],
  [/audience/i, 'audience_mismatch'],
  [/not yet valid/i, 'not_yet_valid'],
  // A bearer SubjectConfirmation is only rejected for its time window (NotOnOrAfter, assertion age).
  [/expired|No valid subject confirmation/i, 'expired'],
  [/decrypt|EncryptedAssertion|EncryptedData/i, 'decryption_failed'],
  [/signature|signed|ID cannot refer|Referenced node/i, 'invalid_signature'],
  [/XML|assertion|SAML|base64|whitespace|tag|Unexpected|Invalid character/i, 'malformed_response'],
];

/** The refusal reason for a validation error, or undefined for a server fault (database down). */
export function reasonForSamlError(err: unknown): LoginRefusalReason | undefined {
  if (err instanceof SamlRequestCacheUnavailable) return undefined;
  // A broker that cannot reach the requested level answers NoAuthnContext: the means is too weak.
  if (err instanceof SamlStatusError) return /status:NoAuthnContext/.test(err.xmlStatus) ? 'loa_too_low' : 'status_error';
  const message = err instanceof Error ? err.message : String(err);
  return ERROR_REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid_response';
}

export type AcsOutcome = { ok: true; login: VerifiedLogin } | { ok: false; reason: LoginRefusalReason; loa?: string; error?: unknown };

/**
 * Runs the Strategy on the ACS POST. passport.authenticate() given a Strategy *instance* attaches
 * its per-request success/fail callbacks to that very object, so two concurrent logins would
 * overwrite each other's callbacks; a fresh object inheriting from the strategy avoids that.
 */
export function validateLoginResponse(strategy: Strategy, req: Request, res: Response): Promise<AcsOutcome> {
  return new Promise((resolve, reject) => {
    const perRequest = Object.create(strategy) as Strategy;
    const middleware = passport.authenticate(perRequest, { session: false }, (err: unknown, user: unknown, info: unknown) => {
      if (err) {
        const reason = reasonForSamlError(err);
        return reason ? resolve({ ok: false, reason, error: err }) : reject(err);
      }
      if (!user) {
        const refusal = (info ?? {}) as { reason?: LoginRefusalReason; loa?: string };
        return resolve({ ok: false, reason: refusal.reason ?? 'invalid_response', ...(refusal.loa ? { loa: refusal.loa } : {}) });
      }
      resolve({ ok: true, login: user as VerifiedLogin });
    });
    // `pass` (a LogoutResponse or NoPassive answer posted to the ACS) is no login either.
    middleware(req, res, (err?: unknown) => (err ? reject(err) : resolve({ ok: false, reason: 'invalid_response' })));
  });
}
