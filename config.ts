import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { parseServices } from './domain/eherkenning.ts';

/**
 * All configuration, read once at start. Nothing else in the product reads `process.env`.
 * A bad or missing variable stops the process with one message that names every bad variable.
 */

const pemOrPath = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
    try {
      return readFileSync(value, 'utf8');
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a PEM text and no readable file: ${value}` });
      return z.NEVER;
    }
  });

/**
 * Why a configured key and certificate cannot work together, or undefined when they can (or
 * either is missing). A mismatch would otherwise show only as every login failing to decrypt.
 */
function keyPairProblem(key: string | undefined, cert: string | undefined): string | undefined {
  if (!key || !cert) return undefined;
  try {
    return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))
      ? undefined
      : 'the certificate does not belong to the private key';
  } catch {
    return 'is not a readable PEM certificate and private key';
  }
}

const positiveInt = z.coerce.number().int().positive();
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Shown in a banner on every page: the KTO (ketentestomgeving) or production. */
    ENVIRONMENT_NAME: z.enum(['ontwikkeling', 'test', 'kto', 'productie']).default('ontwikkeling'),

    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    /** Set behind a TLS-terminating proxy: secure cookies and trusted X-Forwarded-* headers. */
    TRUST_PROXY: booleanFlag,

    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    DATABASE_POOL_SIZE: positiveInt.default(10),

    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('portaal-zorg'),
    TEMPORAL_TLS: booleanFlag,
    TEMPORAL_TLS_CERT: pemOrPath.optional(),
    TEMPORAL_TLS_KEY: pemOrPath.optional(),
    TEMPORAL_TLS_CA: pemOrPath.optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** AES-256-GCM key for workflow payloads (personal data), base64 of 32 bytes. */
    PAYLOAD_CODEC_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
    /**
     * HMAC-SHA256 key for the BSN pseudonym in the Wlz processing log, base64 of 32 bytes. Keep it
     * apart from PAYLOAD_CODEC_KEY: a leaked log table without this key reveals no BSN.
     */
    BSN_PSEUDONYM_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
    /** Origin of Temporal UI, allowed to call the codec endpoint (CORS). */
    CODEC_CORS_ORIGIN: z.url().default('http://localhost:8233'),
    /** Bearer token Temporal UI must send to the codec endpoint; unset = only loopback callers. */
    CODEC_AUTH_TOKEN: z.string().min(16).optional(),
    /** Bearer token Prometheus sends to GET /metrics on the web process; without it there is no /metrics. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** host:port where the worker serves Temporal SDK metrics for Prometheus (e.g. 0.0.0.0:9464); off when unset. */
    WORKER_METRICS_ADDRESS: z
      .string()
      .regex(/^[\w.-]+:\d+$/, 'must be host:port')
      .optional(),
    /**
     * The workflow bundle made by `npm run build:workflows` (dist/workflow-bundle.js); the worker
     * loads it instead of bundling the workflow sources at start. Required by a production worker.
     */
    WORKFLOW_BUNDLE_PATH: z
      .string()
      .min(1)
      .refine(
        (path) => existsSync(path) && statSync(path).isFile(),
        'is not a file; build it with `npm run build:workflows` (writes dist/workflow-bundle.js), or unset it',
      )
      .optional(),

    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    SESSION_IDLE_MINUTES: z.coerce.number().positive().default(20),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(10),

    SAML_SP_ENTITY_ID: z.string().min(1).default('http://localhost:3000/saml/metadata'),
    SAML_IDP_ENTRY_POINT: z.url(),
    SAML_IDP_ISSUER: z.string().min(1),
    SAML_IDP_CERT: pemOrPath,
    SAML_IDP_LOGOUT_URL: z.url().optional(),
    /** SP signing key pair: signs AuthnRequests and the metadata. */
    SAML_SP_PRIVATE_KEY: pemOrPath.optional(),
    SAML_SP_CERT: pemOrPath.optional(),
    /**
     * SP encryption key pair: the broker encrypts assertions and identifiers for this certificate
     * (published in the metadata). The rollover pair is a second key that is also tried and also
     * published, so a new key can be announced before the old one is retired.
     */
    SAML_SP_ENCRYPTION_KEY: pemOrPath.optional(),
    SAML_SP_ENCRYPTION_CERT: pemOrPath.optional(),
    SAML_SP_ENCRYPTION_ROLLOVER_KEY: pemOrPath.optional(),
    SAML_SP_ENCRYPTION_ROLLOVER_CERT: pemOrPath.optional(),
    /** The broker encrypts the identity (EncryptedAssertion or EncryptedID): a response that does not is refused. */
    SAML_BROKER_ENCRYPTS: booleanFlag,
    SAML_CLOCK_SKEW_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
    SAML_MAX_ASSERTION_AGE_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(5 * 60_000),
    /**
     * The services registered in the eHerkenning dienstencatalogus, as `index:ServiceUUID` pairs
     * separated by commas; the AuthnRequest asks for the first, the metadata publishes all.
     */
    SAML_SERVICES: z
      .string()
      .default('')
      .transform((text, ctx) => {
        const parsed = parseServices(text);
        if (parsed.ok) return parsed.services;
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }),
    /**
     * How the broker returns the login: HTTP-POST through the browser, or HTTP-Artifact (the browser
     * brings an artifact, and we fetch the Response at the broker's artifact resolution service).
     */
    SAML_RESPONSE_BINDING: z.enum(['post', 'artifact']).default('post'),
    SAML_IDP_ARTIFACT_RESOLUTION_URL: z.url().optional(),
    /**
     * Our TLS client certificate for the artifact resolution service (mutual TLS), and the CA of its server
     * certificate.
     */
    SAML_ARTIFACT_TLS_KEY: pemOrPath.optional(),
    SAML_ARTIFACT_TLS_CERT: pemOrPath.optional(),
    SAML_ARTIFACT_TLS_CA: pemOrPath.optional(),
    SAML_ARTIFACT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** How long a broker may rely on our metadata (never past the first certificate's expiry). */
    SAML_METADATA_VALID_DAYS: z.coerce.number().int().min(1).max(365).default(30),

    /** Organisation identifier (KvK number or OIN) that eHerkenning sends for the servicedesk. */
    SERVICEDESK_ORGANISATION_ID: z.string().regex(/^(\d{8}|\d{20})$/, 'must be a KvK number (8) or OIN (20 digits)'),
    SERVICEDESK_EMAIL: z.email(),

    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
    MAIL_FROM: z.email().default('noreply@portaalzorg.example'),

    /** Werkdagen after registration before the servicedesk is reminded of a missing agreement. */
    AGREEMENT_REMINDER_WERKDAGEN: positiveInt.default(5),

    /**
     * Werkdagen a registration may wait for its code: remind the gebruikersbeheerders, escalate to the servicedesk,
     * expire.
     */
    USER_REMIND_WERKDAGEN: positiveInt.default(2),
    USER_ESCALATE_WERKDAGEN: positiveInt.default(5),
    USER_EXPIRE_WERKDAGEN: positiveInt.default(20),
    /**
     * Lifetime of a verification code in days. A decimal is allowed (0.5 = 12 hours): the code is
     * handed over out of band, so days are the normal unit, and a fraction lets a test see a code
     * expire within seconds through the same setting production uses.
     */
    VERIFICATION_CODE_EXPIRY_DAYS: z.coerce.number().positive().max(90).default(7),
    /** Code attempts allowed per window, counted per user and per session (on top of the 5-attempt limit per code). */
    VERIFY_RATE_LIMIT_ATTEMPTS: positiveInt.default(10),
    VERIFY_RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(15),
    /** The same attempts counted per client address too (an office shares one, so the limit is higher). */
    VERIFY_RATE_LIMIT_PER_IP_ATTEMPTS: positiveInt.default(100),
    /** Login starts and answers from the broker per client address and window (a whole office may log in at nine). */
    LOGIN_RATE_LIMIT_PER_IP_ATTEMPTS: positiveInt.default(300),
    LOGIN_RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(10),
    /** Uploads (browser and webservice) per user and per client address and window; one ZIP counts once. */
    UPLOAD_RATE_LIMIT_PER_USER_ATTEMPTS: positiveInt.default(300),
    UPLOAD_RATE_LIMIT_PER_IP_ATTEMPTS: positiveInt.default(1000),
    UPLOAD_RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().positive().default(10),

    /**
     * Message exchange. The chain parties' StUF endpoints (a Digikoppeling connector in
     * production, the chain simulator in dev and tests); the bearer token the inbound connector
     * presents at POST /stuf/berichten; deadlines in werkdagen (working days).
     */
    VECOZO_URL: z.url(),
    CAK_URL: z.url(),
    STUF_INBOUND_TOKEN: z.string().min(32, 'must be at least 32 characters'),
    /** Our name in the StUF stuurgegevens (zender.applicatie). */
    STUF_APPLICATIE: z.string().min(1).max(50).default('PortaalZorg'),
    MESSAGE_RETOUR_WERKDAGEN: positiveInt.default(3),
    MESSAGE_ANTWOORD_WERKDAGEN: positiveInt.default(5),
    MESSAGE_DECLARATIE_WERKDAGEN: positiveInt.default(10),
    /**
     * Days an exchange still waits after its deadline passed (te_laat) before it ends as verlopen
     * and tells the municipality. A fraction lets a test see it happen within seconds.
     */
    MESSAGE_EXPIRY_GRACE_DAYS: z.coerce.number().positive().max(365).default(14),
    /**
     * The official iWmo/iJw XSDs (configuration, never shipped): `<dir>/wmo/xsd/WMO301.xsd` with
     * basisschema.xsd beside it, the same for `jw`. Without it uploads of iWmo/iJw are refused
     * with an explanation, since XSD errors must block sending.
     */
    ISTANDAARDEN_SCHEMA_DIR: z.string().min(1).optional(),
    /**
     * Optional: the validation module's official XSLT rule files ("TR-CD-CS regels WMO 3.2.xsl",
     * "TR-CD-CS regels JW 3.2.xsl"; configuration, never shipped). When set, they run through
     * xsltproc beside our own rules and their findings are merged in (validation/xslt). The
     * directory must exist here; its files and xsltproc are checked when the web process starts.
     */
    ISTANDAARDEN_XSLT_DIR: z
      .string()
      .min(1)
      .refine(
        (dir) => existsSync(dir) && statSync(dir).isDirectory(),
        'is not a directory; point it at the directory with the official XSLT rule files, or unset it',
      )
      .optional(),
    /**
     * The request header in which the TLS-terminating proxy passes the verified client certificate
     * of municipal software (URL-encoded PEM, e.g. nginx `$ssl_client_escaped_cert`). Enables
     * POST /webservice/<product>/berichten; needs TRUST_PROXY. Unset: that endpoint does not exist.
     */
    CLIENT_CERT_HEADER: z
      .string()
      .regex(/^[a-z0-9-]+$/i, 'must be a header name')
      .optional(),
    /** Bound on one upload request (receiving, checking and validating), in seconds. */
    UPLOAD_TIMEOUT_SECONDS: positiveInt.default(120),

    /** Dev eHerkenning broker. Refused with production config. */
    DEV_IDP_ENABLED: booleanFlag,
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.DEV_IDP_ENABLED) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_IDP_ENABLED'],
        message: 'the dev eHerkenning IdP cannot run in production',
      });
    }
    if (c.NODE_ENV === 'production' && c.ENVIRONMENT_NAME === 'ontwikkeling') {
      ctx.addIssue({ code: 'custom', path: ['ENVIRONMENT_NAME'], message: 'set kto or productie in production' });
    }
    for (const [key, cert] of [
      ['SAML_SP_PRIVATE_KEY', 'SAML_SP_CERT'],
      ['SAML_SP_ENCRYPTION_KEY', 'SAML_SP_ENCRYPTION_CERT'],
      ['SAML_SP_ENCRYPTION_ROLLOVER_KEY', 'SAML_SP_ENCRYPTION_ROLLOVER_CERT'],
      ['SAML_ARTIFACT_TLS_KEY', 'SAML_ARTIFACT_TLS_CERT'],
    ] as const) {
      if (Boolean(c[key]) !== Boolean(c[cert]))
        ctx.addIssue({ code: 'custom', path: [cert], message: `${key} and ${cert} go together` });
      const problem = keyPairProblem(c[key], c[cert]);
      if (problem) ctx.addIssue({ code: 'custom', path: [cert], message: `${problem} (${key} / ${cert})` });
    }
    if (c.SAML_SP_ENCRYPTION_ROLLOVER_KEY && !c.SAML_SP_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_SP_ENCRYPTION_ROLLOVER_KEY'],
        message: 'a rollover key needs the current SAML_SP_ENCRYPTION_KEY beside it',
      });
    }
    if (c.SAML_BROKER_ENCRYPTS && !c.SAML_SP_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_SP_ENCRYPTION_KEY'],
        message:
          'SAML_BROKER_ENCRYPTS needs the key the broker encrypts for (SAML_SP_ENCRYPTION_KEY and SAML_SP_ENCRYPTION_CERT)',
      });
    }
    if (c.SAML_RESPONSE_BINDING === 'artifact' && (!c.SAML_IDP_ARTIFACT_RESOLUTION_URL || !c.SAML_SP_PRIVATE_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_IDP_ARTIFACT_RESOLUTION_URL'],
        message:
          "the artifact binding needs the broker's SAML_IDP_ARTIFACT_RESOLUTION_URL and SAML_SP_PRIVATE_KEY to sign the ArtifactResolve",
      });
    }
    if (
      c.NODE_ENV === 'production' &&
      c.SAML_IDP_ARTIFACT_RESOLUTION_URL &&
      (!c.SAML_IDP_ARTIFACT_RESOLUTION_URL.startsWith('https:') || !c.SAML_ARTIFACT_TLS_KEY)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_ARTIFACT_TLS_KEY'],
        message:
          'in production the artifact resolution service is reached over https with our client certificate (SAML_ARTIFACT_TLS_KEY and SAML_ARTIFACT_TLS_CERT)',
      });
    }
    if (c.NODE_ENV === 'production' && c.SAML_SERVICES.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_SERVICES'],
        message: 'a broker needs the service from the dienstencatalogus the login is for (index:ServiceUUID)',
      });
    }
    if (c.NODE_ENV === 'production' && !c.SAML_SP_PRIVATE_KEY) {
      // An eHerkenning broker accepts only signed AuthnRequests, and trusts our encryption
      // certificate only from metadata we signed.
      ctx.addIssue({
        code: 'custom',
        path: ['SAML_SP_PRIVATE_KEY'],
        message:
          'in production AuthnRequests and the metadata must be signed: set SAML_SP_PRIVATE_KEY and SAML_SP_CERT',
      });
    }
    if (!(c.USER_REMIND_WERKDAGEN < c.USER_ESCALATE_WERKDAGEN && c.USER_ESCALATE_WERKDAGEN < c.USER_EXPIRE_WERKDAGEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['USER_EXPIRE_WERKDAGEN'],
        message: 'needs USER_REMIND_WERKDAGEN < USER_ESCALATE_WERKDAGEN < USER_EXPIRE_WERKDAGEN',
      });
    }
    if (c.ISTANDAARDEN_XSLT_DIR && !c.ISTANDAARDEN_SCHEMA_DIR) {
      ctx.addIssue({
        code: 'custom',
        path: ['ISTANDAARDEN_XSLT_DIR'],
        message: 'the official rule files run beside the XSDs: set ISTANDAARDEN_SCHEMA_DIR too',
      });
    }
    if (c.CLIENT_CERT_HEADER && !c.TRUST_PROXY) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLIENT_CERT_HEADER'],
        message: 'a client certificate header is only trusted behind a proxy: set TRUST_PROXY',
      });
    }
    if (Boolean(c.TEMPORAL_TLS_CERT) !== Boolean(c.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_KEY'],
        message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
      });
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`));
}

/** For entry points: load or exit with the list of problems. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
