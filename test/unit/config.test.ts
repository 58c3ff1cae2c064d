import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { workflowBundleFor } from '../../worker.ts';
import { testConfig } from '../helpers/config.ts';

const SERVICE = '1:8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b';
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'saml', name);
const SIGNING = { SAML_SP_PRIVATE_KEY: fixture('sp-signing.key'), SAML_SP_CERT: fixture('sp-signing.crt') };

describe('configuration', () => {
  it('accepts a complete test configuration and applies defaults', () => {
    const config = testConfig();
    expect(config.SESSION_IDLE_MINUTES).toBe(20);
    expect(config.SESSION_ABSOLUTE_HOURS).toBe(10);
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.SAML_IDP_CERT).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('names every bad or missing variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'test', PORT: 'abc', PAYLOAD_CODEC_KEY: 'dG9vIHNob3J0', SESSION_SECRET: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const variable of [
      'PORT',
      'DATABASE_URL',
      'PAYLOAD_CODEC_KEY',
      'SESSION_SECRET',
      'SAML_IDP_ENTRY_POINT',
      'SAML_IDP_CERT',
      'SERVICEDESK_ORGANISATION_ID',
      'SMTP_URL',
    ]) {
      expect(message).toContain(variable);
    }
  });

  it('refuses the dev eHerkenning broker with production config', () => {
    expect(() =>
      testConfig({ NODE_ENV: 'production', ENVIRONMENT_NAME: 'productie', DEV_IDP_ENABLED: 'true' }),
    ).toThrow(/DEV_IDP_ENABLED/);
    expect(
      testConfig({
        NODE_ENV: 'production',
        ENVIRONMENT_NAME: 'productie',
        DEV_IDP_ENABLED: 'false',
        SAML_SERVICES: SERVICE,
        ...SIGNING,
      }).DEV_IDP_ENABLED,
    ).toBe(false);
  });

  it('has the user lifecycle defaults and allows a fractional code lifetime', () => {
    const config = testConfig();
    expect([config.USER_REMIND_WERKDAGEN, config.USER_ESCALATE_WERKDAGEN, config.USER_EXPIRE_WERKDAGEN]).toEqual([
      2, 5, 20,
    ]);
    expect(config.VERIFICATION_CODE_EXPIRY_DAYS).toBe(7);
    expect([config.VERIFY_RATE_LIMIT_ATTEMPTS, config.VERIFY_RATE_LIMIT_WINDOW_MINUTES]).toEqual([10, 15]);
    expect(testConfig({ VERIFICATION_CODE_EXPIRY_DAYS: '0.5' }).VERIFICATION_CODE_EXPIRY_DAYS).toBe(0.5);
    expect(() => testConfig({ VERIFICATION_CODE_EXPIRY_DAYS: '0' })).toThrow(/VERIFICATION_CODE_EXPIRY_DAYS/);
    expect(() => testConfig({ USER_ESCALATE_WERKDAGEN: '30' })).toThrow(/USER_EXPIRE_WERKDAGEN/);
  });

  it('trusts a client certificate header only behind a proxy, and has the message exchange defaults', () => {
    expect(() => testConfig({ CLIENT_CERT_HEADER: 'x-client-cert' })).toThrow(/CLIENT_CERT_HEADER/);
    expect(testConfig({ CLIENT_CERT_HEADER: 'x-client-cert', TRUST_PROXY: 'true' }).CLIENT_CERT_HEADER).toBe(
      'x-client-cert',
    );
    expect(() => testConfig({ STUF_INBOUND_TOKEN: 'kort' })).toThrow(/STUF_INBOUND_TOKEN/);
    const config = testConfig();
    expect([
      config.MESSAGE_RETOUR_WERKDAGEN,
      config.MESSAGE_ANTWOORD_WERKDAGEN,
      config.MESSAGE_DECLARATIE_WERKDAGEN,
    ]).toEqual([3, 5, 10]);
  });

  it('needs WORKFLOW_BUNDLE_PATH to name a file, and a production worker to have one', () => {
    expect(() => testConfig({ WORKFLOW_BUNDLE_PATH: join(import.meta.dirname, 'no-such-bundle.js') })).toThrow(
      /WORKFLOW_BUNDLE_PATH: is not a file; build it with `npm run build:workflows`/,
    );
    expect(() => testConfig({ WORKFLOW_BUNDLE_PATH: import.meta.dirname })).toThrow(
      /WORKFLOW_BUNDLE_PATH: is not a file/,
    );
    const bundle = fixture('sp-signing.crt'); // any existing file will do for the check at start
    expect(testConfig({ WORKFLOW_BUNDLE_PATH: bundle }).WORKFLOW_BUNDLE_PATH).toBe(bundle);

    expect(workflowBundleFor({ NODE_ENV: 'production', WORKFLOW_BUNDLE_PATH: bundle })).toBe(bundle);
    expect(workflowBundleFor({ NODE_ENV: 'development', WORKFLOW_BUNDLE_PATH: undefined })).toBeUndefined();
    expect(() => workflowBundleFor({ NODE_ENV: 'production', WORKFLOW_BUNDLE_PATH: undefined })).toThrow(
      /NODE_ENV=production.*Set WORKFLOW_BUNDLE_PATH/,
    );
  });

  it('refuses a certificate path that does not exist', () => {
    expect(() => testConfig({ SAML_IDP_CERT: '/nonexistent/broker.crt' })).toThrow(/SAML_IDP_CERT/);
  });

  describe('SP key pairs', () => {
    const encryptionA = {
      SAML_SP_ENCRYPTION_KEY: fixture('sp-encryption-a.key'),
      SAML_SP_ENCRYPTION_CERT: fixture('sp-encryption-a.crt'),
    };
    const signing = SIGNING;
    const production = {
      NODE_ENV: 'production',
      ENVIRONMENT_NAME: 'productie',
      DEV_IDP_ENABLED: 'false',
      SAML_SERVICES: SERVICE,
    };

    it('accepts matching pairs and reads them from their paths', () => {
      const config = testConfig({ ...encryptionA, ...signing, SAML_BROKER_ENCRYPTS: 'true' });
      expect(config.SAML_SP_ENCRYPTION_KEY).toContain('PRIVATE KEY');
      expect(config.SAML_BROKER_ENCRYPTS).toBe(true);
    });

    it('refuses a certificate that does not belong to its key', () => {
      expect(() => testConfig({ ...encryptionA, SAML_SP_ENCRYPTION_CERT: fixture('sp-encryption-b.crt') })).toThrow(
        /does not belong to the private key \(SAML_SP_ENCRYPTION_KEY/,
      );
      expect(() => testConfig({ ...signing, SAML_SP_CERT: fixture('stranger.crt') })).toThrow(
        /SAML_SP_PRIVATE_KEY \/ SAML_SP_CERT/,
      );
    });

    it('refuses half a pair and a rollover key without a current key', () => {
      expect(() => testConfig({ SAML_SP_ENCRYPTION_KEY: encryptionA.SAML_SP_ENCRYPTION_KEY })).toThrow(/go together/);
      expect(() =>
        testConfig({
          SAML_SP_ENCRYPTION_ROLLOVER_KEY: fixture('sp-encryption-b.key'),
          SAML_SP_ENCRYPTION_ROLLOVER_CERT: fixture('sp-encryption-b.crt'),
        }),
      ).toThrow(/rollover key needs the current/);
    });

    it('refuses a broker that encrypts without a decryption key, and production without a signing key', () => {
      expect(() => testConfig({ SAML_BROKER_ENCRYPTS: 'true' })).toThrow(/SAML_BROKER_ENCRYPTS needs the key/);
      expect(() => testConfig({ ...production, ...encryptionA, SAML_BROKER_ENCRYPTS: 'true' })).toThrow(
        /AuthnRequests and the metadata must be signed/,
      );
      expect(
        testConfig({ ...production, ...encryptionA, ...signing, SAML_BROKER_ENCRYPTS: 'true' }).SAML_BROKER_ENCRYPTS,
      ).toBe(true);
    });
  });

  it('reads the eHerkenning services, and needs one in production', () => {
    expect(testConfig({ SAML_SERVICES: `${SERVICE}, 2:0A1B2C3D-0000-4000-8000-000000000002` }).SAML_SERVICES).toEqual([
      { index: 1, uuid: '8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b' },
      { index: 2, uuid: '0a1b2c3d-0000-4000-8000-000000000002' },
    ]);
    expect(testConfig().SAML_SERVICES).toEqual([]);
    expect(() => testConfig({ SAML_SERVICES: 'portaal-zorg' })).toThrow(
      /SAML_SERVICES: "portaal-zorg" is not index:ServiceUUID/,
    );
    expect(() => testConfig({ SAML_SERVICES: `${SERVICE},1:0a1b2c3d-0000-4000-8000-000000000002` })).toThrow(
      /index 1 is used twice/,
    );
    expect(() =>
      testConfig({ NODE_ENV: 'production', ENVIRONMENT_NAME: 'productie', DEV_IDP_ENABLED: 'false', ...SIGNING }),
    ).toThrow(/SAML_SERVICES: a broker needs/);
  });

  it('needs a resolution service and a signing key for the artifact binding, and mutual TLS over https in production', () => {
    const tls = {
      SAML_ARTIFACT_TLS_KEY: fixture('sp-encryption-a.key'),
      SAML_ARTIFACT_TLS_CERT: fixture('sp-encryption-a.crt'),
    };
    expect(() => testConfig({ SAML_RESPONSE_BINDING: 'artifact', ...SIGNING })).toThrow(/artifact binding needs/);
    expect(() =>
      testConfig({ SAML_RESPONSE_BINDING: 'artifact', SAML_IDP_ARTIFACT_RESOLUTION_URL: 'https://broker.example/ars' }),
    ).toThrow(/artifact binding needs/);
    expect(
      testConfig({
        SAML_RESPONSE_BINDING: 'artifact',
        SAML_IDP_ARTIFACT_RESOLUTION_URL: 'https://broker.example/ars',
        ...SIGNING,
      }).SAML_ARTIFACT_TIMEOUT_MS,
    ).toBe(5_000);
    expect(() => testConfig({ ...tls, SAML_ARTIFACT_TLS_CERT: fixture('sp-encryption-b.crt') })).toThrow(
      /SAML_ARTIFACT_TLS_KEY \/ SAML_ARTIFACT_TLS_CERT/,
    );
    const production = {
      NODE_ENV: 'production',
      ENVIRONMENT_NAME: 'productie',
      DEV_IDP_ENABLED: 'false',
      SAML_SERVICES: SERVICE,
      ...SIGNING,
    };
    expect(() => testConfig({ ...production, SAML_IDP_ARTIFACT_RESOLUTION_URL: 'https://broker.example/ars' })).toThrow(
      /over https with our client certificate/,
    );
    expect(() =>
      testConfig({ ...production, ...tls, SAML_IDP_ARTIFACT_RESOLUTION_URL: 'http://broker.example/ars' }),
    ).toThrow(/over https with our client certificate/);
    expect(
      testConfig({ ...production, ...tls, SAML_IDP_ARTIFACT_RESOLUTION_URL: 'https://broker.example/ars' })
        .SAML_ARTIFACT_TLS_KEY,
    ).toContain('PRIVATE KEY');
  });
});
