import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { testConfig } from '../helpers/config.ts';

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
    for (const variable of ['PORT', 'DATABASE_URL', 'PAYLOAD_CODEC_KEY', 'SESSION_SECRET', 'SAML_IDP_ENTRY_POINT', 'SAML_IDP_CERT', 'SERVICEDESK_ORGANISATION_ID', 'SMTP_URL']) {
      expect(message).toContain(variable);
    }
  });

  it('refuses the dev eHerkenning broker with production config', () => {
    expect(() => testConfig({ NODE_ENV: 'production', ENVIRONMENT_NAME: 'productie', DEV_IDP_ENABLED: 'true' })).toThrow(/DEV_IDP_ENABLED/);
    expect(testConfig({ NODE_ENV: 'production', ENVIRONMENT_NAME: 'productie', DEV_IDP_ENABLED: 'false' }).DEV_IDP_ENABLED).toBe(false);
  });

  it('has the user lifecycle defaults and allows a fractional code lifetime', () => {
    const config = testConfig();
    expect([config.USER_REMIND_WERKDAGEN, config.USER_ESCALATE_WERKDAGEN, config.USER_EXPIRE_WERKDAGEN]).toEqual([2, 5, 20]);
    expect(config.VERIFICATION_CODE_EXPIRY_DAYS).toBe(7);
    expect([config.VERIFY_RATE_LIMIT_ATTEMPTS, config.VERIFY_RATE_LIMIT_WINDOW_MINUTES]).toEqual([10, 15]);
    expect(testConfig({ VERIFICATION_CODE_EXPIRY_DAYS: '0.5' }).VERIFICATION_CODE_EXPIRY_DAYS).toBe(0.5);
    expect(() => testConfig({ VERIFICATION_CODE_EXPIRY_DAYS: '0' })).toThrow(/VERIFICATION_CODE_EXPIRY_DAYS/);
    expect(() => testConfig({ USER_ESCALATE_WERKDAGEN: '30' })).toThrow(/USER_EXPIRE_WERKDAGEN/);
  });

  it('trusts a client certificate header only behind a proxy, and has the message exchange defaults', () => {
    expect(() => testConfig({ CLIENT_CERT_HEADER: 'x-client-cert' })).toThrow(/CLIENT_CERT_HEADER/);
    expect(testConfig({ CLIENT_CERT_HEADER: 'x-client-cert', TRUST_PROXY: 'true' }).CLIENT_CERT_HEADER).toBe('x-client-cert');
    expect(() => testConfig({ STUF_INBOUND_TOKEN: 'kort' })).toThrow(/STUF_INBOUND_TOKEN/);
    const config = testConfig();
    expect([config.MESSAGE_RETOUR_WERKDAGEN, config.MESSAGE_ANTWOORD_WERKDAGEN, config.MESSAGE_DECLARATIE_WERKDAGEN]).toEqual([3, 5, 10]);
  });

  it('refuses a certificate path that does not exist', () => {
    expect(() => testConfig({ SAML_IDP_CERT: '/nonexistent/broker.crt' })).toThrow(/SAML_IDP_CERT/);
  });
});
