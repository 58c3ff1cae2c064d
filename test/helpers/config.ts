import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../config.ts';

export const TEST_SERVICEDESK_ORGANISATION_ID = '41215468';

/** The simulated broker's signing certificate (committed, dev and tests only). */
export const DEV_IDP_CERT_PATH = fileURLToPath(
  new URL('../../gateways/simulators/eherkenning-idp/keys/dev-idp.crt', import.meta.url),
);

/** A complete, valid configuration for tests; override what a test is about. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(testEnv(overrides));
}

/** The environment behind testConfig, for a test that starts a real entry point as a child process. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ENVIRONMENT_NAME: 'test',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(4).toString('hex')}`,
    PAYLOAD_CODEC_KEY: randomBytes(32).toString('base64'),
    BSN_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SAML_SP_ENTITY_ID: 'http://127.0.0.1:3000/saml/metadata',
    SAML_IDP_ENTRY_POINT: 'http://127.0.0.1:3001/sso',
    SAML_IDP_ISSUER: 'urn:etoegang:HM:00000000000000000000:entities:0001',
    SAML_IDP_CERT: DEV_IDP_CERT_PATH,
    SERVICEDESK_ORGANISATION_ID: TEST_SERVICEDESK_ORGANISATION_ID,
    SERVICEDESK_EMAIL: 'servicedesk@inlichtingenbureau.example',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    DEV_IDP_ENABLED: 'true',
    VECOZO_URL: 'http://127.0.0.1:1/vecozo',
    CAK_URL: 'http://127.0.0.1:1/cak',
    STUF_INBOUND_TOKEN: randomBytes(24).toString('hex'),
    ...overrides,
  };
}
