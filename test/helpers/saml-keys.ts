import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Key pairs for SAML tests (test/fixtures/saml): the SP's own, and strangers' for forgeries. */
export const samlFixture = (name: string) => fileURLToPath(new URL(`../fixtures/saml/${name}`, import.meta.url));
export const samlPem = (name: string) => readFileSync(samlFixture(name), 'utf8');
/** A PEM certificate's base64 body, as ds:X509Certificate in metadata holds it. */
export const pemBody = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');

/** An SP with a signing pair, encryption key A as current and B as rollover. */
export const SP_KEYS_CONFIG = {
  SAML_SP_ENCRYPTION_KEY: samlFixture('sp-encryption-a.key'),
  SAML_SP_ENCRYPTION_CERT: samlFixture('sp-encryption-a.crt'),
  SAML_SP_ENCRYPTION_ROLLOVER_KEY: samlFixture('sp-encryption-b.key'),
  SAML_SP_ENCRYPTION_ROLLOVER_CERT: samlFixture('sp-encryption-b.crt'),
  SAML_SP_PRIVATE_KEY: samlFixture('sp-signing.key'),
  SAML_SP_CERT: samlFixture('sp-signing.crt'),
} as const;
