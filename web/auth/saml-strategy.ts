import type { Request, Response } from 'express';
import passport from 'passport';
import {
  SAML,
  SamlStatusError,
  ValidateInResponseTo,
  type CacheProvider,
  type Profile,
  type SamlConfig,
} from '@node-saml/node-saml';
import { Strategy, type VerifiedCallback } from '@node-saml/passport-saml';
import type { Config } from '../../config.ts';
import { refusalForBrokerStatus, REQUIRED_LOA_URN, type LoginRefusalReason } from '../../domain/eherkenning.ts';
import { keyForEncryptedAssertion } from './encrypted-assertion.ts';
import { checkProfile, type VerifiedLogin } from './saml-profile.ts';
import { BINDING_ARTIFACT, spMetadataPublisher } from './sp-metadata.ts';
import { unverifiedIssuer, unverifiedResponse } from './unverified-response.ts';
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
  | 'SAML_SP_ENCRYPTION_KEY'
  | 'SAML_SP_ENCRYPTION_CERT'
  | 'SAML_SP_ENCRYPTION_ROLLOVER_KEY'
  | 'SAML_SP_ENCRYPTION_ROLLOVER_CERT'
  | 'SAML_BROKER_ENCRYPTS'
  | 'SAML_CLOCK_SKEW_MS'
  | 'SAML_MAX_ASSERTION_AGE_MS'
  | 'SAML_SERVICES'
  | 'SAML_METADATA_VALID_DAYS'
  | 'SERVICEDESK_EMAIL'
  | 'SAML_RESPONSE_BINDING'
  | 'SAML_IDP_ARTIFACT_RESOLUTION_URL'
>;

/** Several concatenated PEM certificates (broker key rollover) become a list node-saml tries in turn. */
export function idpCertificates(pem: string): string | string[] {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return certs.length > 1 ? certs : pem;
}

/** Our decryption keys, current first: each is tried, so a broker may still use the other during rollover. */
export function decryptionKeys(config: SamlSettings): string[] {
  return [config.SAML_SP_ENCRYPTION_KEY, config.SAML_SP_ENCRYPTION_ROLLOVER_KEY].filter((k): k is string => Boolean(k));
}

/** The certificates a broker may encrypt for, as the metadata publishes them. */
export function encryptionCertificates(config: SamlSettings): string[] {
  return [config.SAML_SP_ENCRYPTION_CERT, config.SAML_SP_ENCRYPTION_ROLLOVER_CERT].filter((c): c is string =>
    Boolean(c),
  );
}

export type ResponseBinding = 'post' | 'artifact';

/** Where the broker sends the login back, for the configured binding. */
export function acsUrl(config: Pick<Config, 'PUBLIC_URL' | 'SAML_RESPONSE_BINDING'>): string {
  return new URL(config.SAML_RESPONSE_BINDING === 'artifact' ? '/saml/artifact' : '/saml/acs', config.PUBLIC_URL).href;
}

/**
 * node-saml always asks for HTTP-POST; with the artifact binding configured the AuthnRequest asks
 * for HTTP-Artifact instead (before it is deflated and signed).
 */
class EherkenningSaml extends SAML {
  constructor(
    options: SamlConfig,
    private readonly binding: ResponseBinding,
  ) {
    super(options);
  }

  protected override async generateAuthorizeRequestAsync(
    isPassive: boolean,
    isHttpPostBinding: boolean,
  ): Promise<string> {
    const xml = await super.generateAuthorizeRequestAsync(isPassive, isHttpPostBinding);
    return this.binding === 'artifact'
      ? xml.replace(
          'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"',
          `ProtocolBinding="${BINDING_ARTIFACT}"`,
        )
      : xml;
  }
}

/**
 * A secure SP: signed assertions (and Responses by POST), our audience, InResponseTo always checked,
 * SHA-256 signatures, at least the required eHerkenning LoA; every value that differs per broker comes from config.
 * `decryptionPvk` is the one key this instance opens an EncryptedAssertion with (none: it refuses one).
 */
export function samlConfig(
  config: SamlSettings,
  cacheProvider: CacheProvider,
  decryptionPvk?: string,
  binding: ResponseBinding = 'post',
): SamlConfig {
  if (config.SAML_SP_PRIVATE_KEY && !config.SAML_SP_CERT) {
    // The metadata must publish the certificate that goes with the key, or the broker cannot use it.
    throw new Error('SAML_SP_PRIVATE_KEY is set without SAML_SP_CERT');
  }
  return {
    issuer: config.SAML_SP_ENTITY_ID,
    callbackUrl: acsUrl(config),
    logoutCallbackUrl: new URL('/saml/slo', config.PUBLIC_URL).href,
    entryPoint: config.SAML_IDP_ENTRY_POINT,
    logoutUrl: config.SAML_IDP_LOGOUT_URL ?? config.SAML_IDP_ENTRY_POINT,
    idpCert: idpCertificates(config.SAML_IDP_CERT),
    // node-saml compares this only on logout messages; checkProfile does it for logins.
    idpIssuer: config.SAML_IDP_ISSUER,
    audience: config.SAML_SP_ENTITY_ID,
    wantAssertionsSigned: true,
    // By artifact the Response comes inside the broker's signed ArtifactResponse, which we checked
    // (saml-artifact.ts); its assertion must still be signed.
    wantAuthnResponseSigned: binding === 'post',
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_ID_EXPIRY_MS,
    cacheProvider,
    acceptedClockSkewMs: config.SAML_CLOCK_SKEW_MS,
    maxAssertionAgeMs: config.SAML_MAX_ASSERTION_AGE_MS,
    authnContext: [REQUIRED_LOA_URN],
    racComparison: 'minimum',
    identifierFormat: null,
    // The service from the dienstencatalogus this login is for (the broker checks the machtiging).
    ...(config.SAML_SERVICES[0] ? { attributeConsumingServiceIndex: String(config.SAML_SERVICES[0].index) } : {}),
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    ...(config.SAML_SP_PRIVATE_KEY ? { privateKey: config.SAML_SP_PRIVATE_KEY, publicCert: config.SAML_SP_CERT } : {}),
    ...(decryptionPvk ? { decryptionPvk } : {}),
  };
}

/**
 * One Strategy for responses without an EncryptedAssertion (it holds no key, so it refuses one it
 * did not expect) and one per decryption key; `forResponse` picks the one that can open this response.
 */
export type LoginStrategies = {
  forResponse(
    samlResponseBase64: string,
    binding?: ResponseBinding,
  ): Promise<{ strategy: Strategy } | { refused: LoginRefusalReason; error: Error }>;
};

export type SamlParts = { strategies: LoginStrategies; saml: SAML; metadata: () => string };

/**
 * The passport-saml Strategy validates login responses; a plain node-saml SAML instance with the
 * same options builds AuthnRequests and handles single logout (passport-saml's own logout flow
 * relies on passport sessions, which we do not use).
 */
export function createSaml(config: SamlSettings, cacheProvider: CacheProvider): SamlParts {
  const keys = decryptionKeys(config);
  const expected = {
    issuer: config.SAML_IDP_ISSUER,
    spEntityId: config.SAML_SP_ENTITY_ID,
    decryptionKeys: keys,
    requireEncryption: config.SAML_BROKER_ENCRYPTS,
    serviceUuids: config.SAML_SERVICES.map((s) => s.uuid),
  };
  const loginStrategy = (decryptionPvk: string | undefined, binding: ResponseBinding) => {
    const expectations = { ...expected, assertionWasEncrypted: decryptionPvk !== undefined };
    return new Strategy(
      samlConfig(config, cacheProvider, decryptionPvk, binding),
      (profile: Profile | null, done: VerifiedCallback) => {
        checkProfile(profile, expectations).then(
          (check) =>
            check.ok
              ? done(null, check.login)
              : done(null, undefined, { reason: check.reason, ...(check.loa ? { loa: check.loa } : {}) }),
          (err: unknown) => done(err as Error),
        );
      },
      // Logout messages never go through passport (see slo.ts).
      (_profile: Profile | null, done: VerifiedCallback) =>
        done(new Error('single logout is handled outside passport')),
    );
  };
  const forBinding = (binding: ResponseBinding) => ({
    plain: loginStrategy(undefined, binding),
    byKey: keys.map((key) => loginStrategy(key, binding)),
  });
  const byBinding = { post: forBinding('post'), artifact: forBinding('artifact') };
  const strategies: LoginStrategies = {
    async forResponse(samlResponseBase64, binding = 'post') {
      const response = unverifiedResponse(samlResponseBase64);
      const issuer = response && unverifiedIssuer(response);
      // Refused in any case (its signature cannot be ours), but the user is told why.
      if (issuer !== undefined && issuer !== config.SAML_IDP_ISSUER)
        return { refused: 'unknown_broker', error: new Error('the response names another broker') };
      const choice = await keyForEncryptedAssertion(response, keys, config.SAML_SP_ENTITY_ID);
      if (!choice.encrypted) return { strategy: byBinding[binding].plain };
      if ('failed' in choice) return { refused: 'decryption_failed', error: choice.failed };
      return { strategy: byBinding[binding].byKey[choice.keyIndex]! };
    },
  };
  const saml = new EherkenningSaml(samlConfig(config, cacheProvider), config.SAML_RESPONSE_BINDING);
  const metadata = spMetadataPublisher({
    entityId: config.SAML_SP_ENTITY_ID,
    publicUrl: config.PUBLIC_URL,
    ...(config.SAML_SP_PRIVATE_KEY && config.SAML_SP_CERT
      ? { signing: { key: config.SAML_SP_PRIVATE_KEY, cert: config.SAML_SP_CERT } }
      : {}),
    encryptionCerts: encryptionCertificates(config),
    services: config.SAML_SERVICES,
    artifactBinding: Boolean(config.SAML_IDP_ARTIFACT_RESOLUTION_URL && config.SAML_SP_PRIVATE_KEY),
    organisationName: 'Portaal Zorg',
    supportEmail: config.SERVICEDESK_EMAIL,
    validDays: config.SAML_METADATA_VALID_DAYS,
  });
  return { strategies, saml, metadata };
}

/** node-saml reports problems as Error messages; these become our audit reason codes. */
const ERROR_REASONS: [RegExp, LoginRefusalReason][] = [
  [/InResponseTo/i, 'in_response_to_invalid'],
  [/audience/i, 'audience_mismatch'],
  [/not yet valid/i, 'not_yet_valid'],
  // A bearer SubjectConfirmation is only rejected for its time window (NotOnOrAfter, assertion age).
  [/expired|No valid subject confirmation/i, 'expired'],
  [
    /decrypt|EncryptedAssertion|EncryptedData|EncryptedKey|encryption algorithm|oaep|rsa routines|padding|authenticate data/i,
    'decryption_failed',
  ],
  [/signature|signed|ID cannot refer|Referenced node/i, 'invalid_signature'],
  [/XML|assertion|SAML|base64|whitespace|tag|Unexpected|Invalid character/i, 'malformed_response'],
];

/** The refusal reason for a validation error, or undefined for a server fault (database down). */
export function reasonForSamlError(err: unknown): LoginRefusalReason | undefined {
  if (err instanceof SamlRequestCacheUnavailable) return undefined;
  if (err instanceof SamlStatusError)
    return refusalForBrokerStatus(
      [...err.xmlStatus.matchAll(/<(?:\w+:)?StatusCode\b[^>]*\bValue="([^"]*)"/g)].map((m) => m[1]!),
    );
  const message = err instanceof Error ? err.message : String(err);
  return ERROR_REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid_response';
}

export type AcsOutcome =
  { ok: true; login: VerifiedLogin } | { ok: false; reason: LoginRefusalReason; loa?: string; error?: unknown };

/**
 * Runs the Strategy on the ACS POST. passport.authenticate() given a Strategy *instance* attaches
 * its per-request success/fail callbacks to that very object, so two concurrent logins would
 * overwrite each other's callbacks; a fresh object inheriting from the strategy avoids that.
 */
export function validateLoginResponse(strategy: Strategy, req: Request, res: Response): Promise<AcsOutcome> {
  return new Promise((resolve, reject) => {
    const perRequest = Object.create(strategy) as Strategy;
    const middleware = passport.authenticate(
      perRequest,
      { session: false },
      (err: unknown, user: unknown, info: unknown) => {
        if (err) {
          const reason = reasonForSamlError(err);
          return reason ? resolve({ ok: false, reason, error: err }) : reject(err);
        }
        if (!user) {
          const refusal = (info ?? {}) as { reason?: LoginRefusalReason; loa?: string };
          return resolve({
            ok: false,
            reason: refusal.reason ?? 'invalid_response',
            ...(refusal.loa ? { loa: refusal.loa } : {}),
          });
        }
        resolve({ ok: true, login: user as VerifiedLogin });
      },
    );
    // `pass` (a LogoutResponse or NoPassive answer posted to the ACS) is no login either.
    middleware(req, res, (err?: unknown) => (err ? reject(err) : resolve({ ok: false, reason: 'invalid_response' })));
  });
}
