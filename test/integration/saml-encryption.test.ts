import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EncryptOptions } from '../../gateways/simulators/eherkenning-idp/encrypt.ts';
import { encryptionCertificatesIn } from '../../gateways/simulators/eherkenning-idp/sp-metadata.ts';
import { signElement } from '../../gateways/simulators/eherkenning-idp/sign-response.ts';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/users.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionRows } from '../helpers/db-rows.ts';
import { SP_KEYS_CONFIG, samlPem } from '../helpers/saml-keys.ts';
import { HttpClient, type HttpResult } from '../helpers/http-client.ts';
import {
  craftResponse,
  DEV_IDP_CERT,
  DEV_IDP_KEY,
  loginThroughDevIdp,
  postSamlResponse,
  startLogin,
  type CraftOptions,
  type StartedLogin,
} from '../helpers/saml.ts';
import { webForThisFile, type TestWeb } from '../helpers/web.ts';

/**
 * Encrypted logins as a real eHerkenning broker sends them: the whole assertion as an
 * EncryptedAssertion, the identifiers as EncryptedID, or both, for one of the SP's two
 * encryption keys (rollover); and the ways such a response can be wrong or forged.
 */

const pem = samlPem;
const CERT_A = pem('sp-encryption-a.crt');
const CERT_B = pem('sp-encryption-b.crt');
const STRANGER_CERT = pem('stranger.crt');
const ATTACKER = { key: pem('attacker.key'), cert: pem('attacker.crt') };
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const UNTRUSTED = 'Inloggen is niet gelukt';
const EXPIRED = 'Uw inlogpoging is verlopen';

// The servicedesk logs in without a user workflow, so no worker is needed here.
const system = webForThisFile({ ...SP_KEYS_CONFIG, SAML_BROKER_ENCRYPTS: 'true' });
let db: TestDatabase;
let web: TestWeb;
beforeAll(() => {
  ({ db, web } = system);
});

const forUs = (cert: string, more: Partial<EncryptOptions> = {}): EncryptOptions => ({
  recipients: [{ cert, entityId: web.config.SAML_SP_ENTITY_ID }],
  ...more,
});

type Attempt = { res: HttpResult; auditBefore: number; sessionsBefore: number };

async function attempt(response: CraftOptions | ((started: StartedLogin) => string)): Promise<Attempt> {
  const client = new HttpClient(web.baseUrl);
  const started = await startLogin(client);
  const xml = typeof response === 'function' ? response(started) : craftResponse(web, started, response);
  const auditBefore = await lastAuditId(db);
  const sessionsBefore = (await sessionRows(db)).length;
  return { res: await postSamlResponse(client, xml), auditBefore, sessionsBefore };
}

async function expectAccepted(a: Attempt): Promise<void> {
  expect(a.res.status, a.res.body.slice(0, 400)).toBe(303);
  const rows = await auditRowsAfter(db, a.auditBefore);
  expect(rows.map((r) => r.event)).toEqual(['login_accepted']);
  expect(rows[0]!.actor).toBe(`${web.config.SERVICEDESK_ORGANISATION_ID}/test-pseudonym-1`);
}

async function expectRefused(a: Attempt, reason: string, title: string, status: 401 | 403 = 401): Promise<void> {
  expect(a.res.status).toBe(status);
  expect(a.res.body).toContain(title);
  expect(a.res.body).toContain(`<code>${reason}</code>`);
  expect(a.res.body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
  expect(a.res.setCookies).toEqual([]);
  expect((await sessionRows(db)).length).toBe(a.sessionsBefore);
  const rows = await auditRowsAfter(db, a.auditBefore);
  expect(rows.map((r) => [r.event, (r.details as { reason?: string }).reason])).toEqual([['login_refused', reason]]);
}

describe('encrypted responses that are accepted', () => {
  it('publishes the current encryption certificate in the metadata', async () => {
    const metadata = (await new HttpClient(web.baseUrl).get('/saml/metadata')).body;
    const published = encryptionCertificatesIn(metadata).map((c) => c.replace(/\s+/g, ''));
    expect(published).toContain(CERT_A.replace(/\s+/g, ''));
  });

  it('opens an EncryptedAssertion (AES-256-GCM, RSA-OAEP) for the current key', async () => {
    await expectAccepted(await attempt({ sign: { encryptAssertion: forUs(CERT_A) } }));
  });

  it('opens an EncryptedAssertion (AES-128-CBC) for the rollover key', async () => {
    await expectAccepted(await attempt({ sign: { encryptAssertion: forUs(CERT_B, { content: 'aes128-cbc' }) } }));
  });

  it('opens EncryptedID identifiers in a plaintext, signed assertion', async () => {
    await expectAccepted(
      await attempt({ attributeStyle: 'encrypted-id', encryptIds: forUs(CERT_A, { content: 'aes128-gcm' }) }),
    );
  });

  it('picks its own EncryptedKey among those for several recipients', async () => {
    const recipients = [
      { cert: STRANGER_CERT, entityId: 'urn:etoegang:DV:00000000000000000001:entities:0001' },
      { cert: CERT_B, entityId: web.config.SAML_SP_ENTITY_ID },
    ];
    await expectAccepted(
      await attempt({ attributeStyle: 'encrypted-id', encryptIds: { recipients, content: 'aes256-cbc' } }),
    );
  });

  it('opens EncryptedIDs inside an EncryptedAssertion', async () => {
    await expectAccepted(
      await attempt({
        attributeStyle: 'encrypted-id',
        encryptIds: forUs(CERT_B),
        sign: { encryptAssertion: forUs(CERT_A) },
      }),
    );
  });

  it('logs in through the dev broker, which encrypts for the certificate in our metadata', async () => {
    const client = new HttpClient(web.baseUrl);
    const before = await lastAuditId(db);
    let posted = '';
    const res = await loginThroughDevIdp(client, web, devIdpUser('servicedesk'), {
      onSamlResponse: (xml) => (posted = xml),
    });
    expect(res.status).toBe(303);
    expect(posted).toContain('EncryptedAssertion');
    expect(posted).not.toContain('ActingSubjectID');
    expect((await auditRowsAfter(db, before)).map((r) => r.event)).toEqual(['login_accepted']);
  });

  it('is refused by the dev broker when our AuthnRequest signature does not hold, as a real broker would', async () => {
    const client = new HttpClient(web.baseUrl);
    const started = await startLogin(client, '/berichten');
    expect((await client.get(started.location)).status).toBe(303);
    const tampered = await client.get(started.location.replace(/RelayState=[^&]+/, 'RelayState=elders'));
    expect(tampered.status).toBe(400);
    expect(tampered.body).toContain('De handtekening onder het inlogverzoek van de dienst klopt niet');
  });
});

describe('encrypted responses that are refused', () => {
  it('refuses what is encrypted for a key we do not hold', async () => {
    await expectRefused(
      await attempt({ sign: { encryptAssertion: forUs(STRANGER_CERT) } }),
      'decryption_failed',
      UNTRUSTED,
    );
    await expectRefused(
      await attempt({ attributeStyle: 'encrypted-id', encryptIds: forUs(STRANGER_CERT) }),
      'decryption_failed',
      UNTRUSTED,
    );
  });

  it('refuses a key addressed to another recipient, even when it is our key', async () => {
    const encryptIds = {
      recipients: [{ cert: CERT_A, entityId: 'urn:etoegang:DV:00000000000000000001:entities:0001' }],
    };
    await expectRefused(await attempt({ attributeStyle: 'encrypted-id', encryptIds }), 'decryption_failed', UNTRUSTED);
  });

  it('refuses Triple DES content and RSA PKCS#1 v1.5 key transport', async () => {
    await expectRefused(
      await attempt({ sign: { encryptAssertion: forUs(CERT_A, { content: 'tripledes-cbc' }) } }),
      'decryption_failed',
      UNTRUSTED,
    );
    await expectRefused(
      await attempt({ sign: { encryptAssertion: forUs(CERT_A, { insecureKeyTransport: true }) } }),
      'decryption_failed',
      UNTRUSTED,
    );
    await expectRefused(
      await attempt({ attributeStyle: 'encrypted-id', encryptIds: forUs(CERT_A, { insecureKeyTransport: true }) }),
      'decryption_failed',
      UNTRUSTED,
    );
  });

  it('refuses an encrypted assertion that is not signed inside, even in a signed response', async () => {
    await expectRefused(
      await attempt({ sign: { signAssertion: false, encryptAssertion: forUs(CERT_A) } }),
      'invalid_signature',
      UNTRUSTED,
    );
  });

  it('refuses an encrypted assertion signed by another key', async () => {
    // The attacker encrypts for us with our public certificate and signs the assertion with its own key.
    await expectRefused(
      await attempt((started) => {
        const inner = craftResponse(web, started, {
          sign: { key: ATTACKER.key, cert: ATTACKER.cert, signResponse: false, encryptAssertion: forUs(CERT_A) },
        });
        return signElement(inner, "/*[local-name(.)='Response']", { key: DEV_IDP_KEY, cert: DEV_IDP_CERT });
      }),
      'invalid_signature',
      UNTRUSTED,
    );
    await expectRefused(
      await attempt({ sign: { key: ATTACKER.key, cert: ATTACKER.cert, encryptAssertion: forUs(CERT_A) } }),
      'invalid_signature',
      UNTRUSTED,
    );
  });

  it('refuses an EncryptedAssertion beside a plaintext Assertion (wrapping)', async () => {
    await expectRefused(
      await attempt((started) => {
        const encrypted = craftResponse(web, started, {
          sign: { signResponse: false, encryptAssertion: forUs(CERT_A) },
        });
        const other = craftResponse(web, started, {
          actingSubjectId: 'someone-else',
          nameId: 'someone-else',
          sign: { signResponse: false },
        });
        const doc = new DOMParser().parseFromString(encrypted, 'text/xml');
        const assertion = new DOMParser()
          .parseFromString(other, 'text/xml')
          .getElementsByTagNameNS(NS_ASSERTION, 'Assertion')[0]!;
        doc.documentElement!.appendChild(doc.importNode(assertion, true));
        return signElement(new XMLSerializer().serializeToString(doc), "/*[local-name(.)='Response']", {
          key: DEV_IDP_KEY,
          cert: DEV_IDP_CERT,
        });
      }),
      'invalid_signature',
      UNTRUSTED,
    );
  });

  it('refuses an encrypted response replayed', async () => {
    const client = new HttpClient(web.baseUrl);
    const xml = craftResponse(web, await startLogin(client), { sign: { encryptAssertion: forUs(CERT_A) } });
    expect((await postSamlResponse(client, xml)).status).toBe(303);
    await expectRefused(await attempt(() => xml), 'in_response_to_invalid', EXPIRED);
  });

  it('refuses a plaintext identity when the broker is configured to encrypt', async () => {
    await expectRefused(await attempt({}), 'not_encrypted', UNTRUSTED);
    await expectRefused(await attempt({ attributeStyle: 'nameid' }), 'not_encrypted', UNTRUSTED);
  });

  it('refuses an EncryptedAssertion whose content is not an assertion', async () => {
    // A tampered CipherValue: GCM authentication fails.
    await expectRefused(
      await attempt((started) => {
        const encrypted = craftResponse(web, started, {
          sign: { signResponse: false, encryptAssertion: forUs(CERT_A) },
        });
        const tampered = encrypted.replace(
          /(<\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)([A-Za-z0-9+/])/,
          (_m, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`,
        );
        expect(tampered).not.toBe(encrypted);
        return signElement(tampered, "/*[local-name(.)='Response']", { key: DEV_IDP_KEY, cert: DEV_IDP_CERT });
      }),
      'decryption_failed',
      UNTRUSTED,
    );
  });
});
