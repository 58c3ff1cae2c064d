import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ARS_TLS } from '../../gateways/simulators/eherkenning-idp/index.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionRows } from '../helpers/db-rows.ts';
import { HttpClient, type HttpResult } from '../helpers/http-client.ts';
import { pemBody, samlFixture, samlPem, SP_KEYS_CONFIG } from '../helpers/saml-keys.ts';
import { samlSchemaErrors } from '../helpers/saml-schema.ts';
import { webForThisFile, type TestWeb } from '../helpers/web.ts';

/**
 * Interoperability: a broker built on samlify, a SAML library this project did not write and
 * does not use, knows our SP only by its metadata. It checks our signed AuthnRequest (redirect
 * binding), answers with a response signed and encrypted the samlify way, and the portal logs the
 * user in, by POST and by artifact (resolved at an ARS written here on samlify's signing); the
 * attack corpus below, made with the same library, is refused with its own reason.
 */

const BROKER_ID = 'urn:etoegang:HM:00000000000000000099:entities:0099';
const SSO_URL = 'https://interop-broker.example/sso';
const SERVICEDESK_ORGANISATION = '41215468';
const CORE = 'urn:etoegang:core:';

samlify.setSchemaValidator({
  // samlify checks what it receives against a schema: here the real OASIS protocol schema.
  validate: async (xml: string) => {
    const errors = samlSchemaErrors(xml, 'protocol');
    if (errors.length > 0) throw new Error(errors.join('\n'));
    return 'valid';
  },
});

/**
 * samlify has no artifact binding, so this broker's artifact resolution service is written here:
 * SOAP over HTTPS that demands the SP's client certificate, answering with an ArtifactResponse that
 * samlify signs around the Response samlify made. No code of the portal or its dev broker is used.
 */
async function startInteropArs() {
  const waiting = new Map<string, string>();
  const tls = { key: readFileSync(DEV_ARS_TLS.keyPath, 'utf8'), cert: readFileSync(DEV_ARS_TLS.certPath, 'utf8') };
  const server = createServer(
    {
      ...tls,
      ca: readFileSync(join(DEV_KEYS, 'sp-tls-client.crt'), 'utf8'),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const artifact = /<(?:\w+:)?Artifact>([^<]+)<\/(?:\w+:)?Artifact>/.exec(body)?.[1] ?? '';
        const requestId = /<(?:\w+:)?ArtifactResolve\b[^>]*\bID="([^"]+)"/.exec(body)?.[1] ?? '';
        const response = waiting.get(artifact) ?? '';
        waiting.delete(artifact);
        const unsigned =
          `<samlp:ArtifactResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${new Date().toISOString()}" InResponseTo="${requestId}">` +
          `<saml:Issuer>${BROKER_ID}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${response}</samlp:ArtifactResponse>`;
        const signed = samlify.SamlLib.constructSAMLSignature({
          rawSamlMessage: unsigned,
          isMessageSigned: true,
          isBase64Output: false,
          privateKey: GENUINE.key,
          // samlify takes the certificate as its metadata holds it: the base64 body without PEM armour.
          signingCert: pemBody(GENUINE.cert),
          signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
          signatureConfig: {
            prefix: 'ds',
            location: { reference: "/*[local-name(.)='ArtifactResponse']/*[local-name(.)='Issuer']", action: 'after' },
          },
        });
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(
          `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${signed}</soap:Body></soap:Envelope>`,
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}/ars`,
    /** A type 0x0004 artifact (SAML bindings 3.6.4): type, endpoint index, SHA-1 of our entity id, a random handle. */
    issue(responseXml: string): string {
      const artifact = Buffer.concat([
        Buffer.from([0, 4, 0, 0]),
        createHash('sha1').update(BROKER_ID).digest(),
        randomBytes(20),
      ]).toString('base64');
      waiting.set(artifact, responseXml);
      return artifact;
    },
  };
}
const DEV_KEYS = join(import.meta.dirname, '..', '..', 'scripts', 'dev-keys');
const interopArs = await startInteropArs();

// samlify encrypts for one certificate and cannot choose between two, so this SP publishes
// only its current encryption key (no rollover key).
const {
  SAML_SP_ENCRYPTION_ROLLOVER_KEY: _rolloverKey,
  SAML_SP_ENCRYPTION_ROLLOVER_CERT: _rolloverCert,
  ...ONE_ENCRYPTION_KEY
} = SP_KEYS_CONFIG;
const system = webForThisFile({
  ...ONE_ENCRYPTION_KEY,
  SAML_BROKER_ENCRYPTS: 'true',
  SAML_IDP_ISSUER: BROKER_ID,
  SAML_IDP_CERT: samlFixture('interop-idp.crt'),
  SAML_IDP_ENTRY_POINT: SSO_URL,
  SAML_IDP_LOGOUT_URL: undefined,
  SAML_SERVICES: '1:8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b',
  SAML_IDP_ARTIFACT_RESOLUTION_URL: interopArs.url,
  SAML_ARTIFACT_TLS_KEY: join(DEV_KEYS, 'sp-tls-client.key'),
  SAML_ARTIFACT_TLS_CERT: join(DEV_KEYS, 'sp-tls-client.crt'),
  SAML_ARTIFACT_TLS_CA: DEV_ARS_TLS.certPath,
});
let db: TestDatabase;
let web: TestWeb;
let spMetadata: string;
beforeAll(async () => {
  ({ db, web } = system);
  spMetadata = (await new HttpClient(web.baseUrl).get('/saml/metadata')).body;
});

type Broker = { key: string; cert: string; encrypt?: boolean };
const GENUINE: Broker = { key: samlPem('interop-idp.key'), cert: samlPem('interop-idp.crt') };

function identityProvider(broker: Broker) {
  return samlify.IdentityProvider({
    entityID: BROKER_ID,
    privateKey: broker.key,
    signingCert: broker.cert,
    wantAuthnRequestsSigned: true,
    isAssertionEncrypted: broker.encrypt ?? true,
    dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
    keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: SSO_URL }],
  } as Parameters<typeof samlify.IdentityProvider>[0]);
}

/** Our SP as the broker knows it: from the metadata it downloaded, nothing else. */
const serviceProvider = (metadata = spMetadata) => samlify.ServiceProvider({ metadata, wantMessageSigned: true });

type Claims = { loa?: string; audience?: string; notOnOrAfter?: Date; legalSubjectId?: string; serviceUuid?: string };

/** The eHerkenning assertion a broker issues; samlify fills it in and signs and encrypts it. */
function eherkenningTemplate(claims: Claims, context: { requestId: string; acs: string; audience: string }): string {
  const now = new Date();
  const until = (claims.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const acting = `${randomUUID()}`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${context.acs}" InResponseTo="${context.requestId}">` +
    `<saml:Issuer>${BROKER_ID}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="_${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}"><saml:Issuer>${BROKER_ID}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${acting}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${context.requestId}" Recipient="${context.acs}" NotOnOrAfter="${until}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(now.getTime() - 5_000).toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${claims.audience ?? context.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>${CORE}assurance-class:${claims.loa ?? 'loa3'}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>` +
    `<saml:Attribute Name="${CORE}LegalSubjectID"><saml:AttributeValue>${claims.legalSubjectId ?? SERVICEDESK_ORGANISATION}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="${CORE}ActingSubjectID"><saml:AttributeValue>${acting}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="${CORE}ServiceUUID"><saml:AttributeValue>${claims.serviceUuid ?? '8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b'}</saml:AttributeValue></saml:Attribute>` +
    `</saml:AttributeStatement></saml:Assertion></samlp:Response>`
  );
}

type Login = { client: HttpClient; samlResponse: string; relayState?: string };

/** GET /login, the broker parses and verifies our AuthnRequest, and answers with a response for it. */
async function brokerAnswers(claims: Claims = {}, broker: Broker = GENUINE, metadata?: string): Promise<Login> {
  const client = new HttpClient(web.baseUrl);
  const redirect = await client.get('/login?terug=%2Fservicedesk%2Fgemeenten');
  expect(redirect.status).toBe(302);
  const url = new URL(redirect.location!);
  const query = Object.fromEntries(url.searchParams);
  const octetString = url.search
    .slice(1)
    .split('&')
    .filter((pair) => !pair.startsWith('Signature='))
    .join('&');
  const idp = identityProvider(broker);
  const sp = serviceProvider(metadata);
  const request = await idp.parseLoginRequest(serviceProvider(), 'redirect', { query, octetString });
  const requestId = String((request.extract as { request?: { id?: string } }).request?.id);
  const acs = `${web.baseUrl}/saml/acs`;
  const answer = (await idp.createLoginResponse(
    sp,
    request as never,
    'post',
    {},
    {
      encryptThenSign: true,
      customTagReplacement: () => ({
        id: requestId,
        context: eherkenningTemplate(claims, { requestId, acs, audience: web.config.SAML_SP_ENTITY_ID }),
      }),
    },
  )) as { context: string };
  return { client, samlResponse: answer.context, ...(query.RelayState ? { relayState: query.RelayState } : {}) };
}

const post = (login: Login) =>
  login.client.post('/saml/acs', {
    SAMLResponse: login.samlResponse,
    ...(login.relayState ? { RelayState: login.relayState } : {}),
  });

async function expectRefused(send: () => Promise<HttpResult>, reason: string, status = 401) {
  const audit = await lastAuditId(db);
  const sessions = (await sessionRows(db)).length;
  const res = await send();
  expect((await auditRowsAfter(db, audit)).map((r) => [r.event, (r.details as { reason?: string }).reason])).toEqual([
    ['login_refused', reason],
  ]);
  expect(res.status).toBe(status);
  expect(res.body).toContain('<html lang="nl"');
  expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
  expect((await sessionRows(db)).length).toBe(sessions);
}

describe('a broker built on samlify', () => {
  it('verifies our AuthnRequest signature from our metadata, and logs the user in with an encrypted, signed response', async () => {
    const login = await brokerAnswers();
    const xml = Buffer.from(login.samlResponse, 'base64').toString('utf8');
    expect(xml).toContain('EncryptedAssertion');
    expect(xml).toContain('http://www.w3.org/2009/xmlenc11#aes256-gcm');
    expect(xml).not.toContain('ActingSubjectID');
    const audit = await lastAuditId(db);
    const res = await post(login);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/servicedesk/gemeenten`);
    expect((await auditRowsAfter(db, audit)).map((r) => r.event)).toEqual(['login_accepted']);
  });

  it("logs the user in when samlify's response comes by artifact, resolved over mutual TLS", async () => {
    const login = await brokerAnswers();
    const artifact = interopArs.issue(Buffer.from(login.samlResponse, 'base64').toString('utf8'));
    const audit = await lastAuditId(db);
    const res = await login.client.get(
      `/saml/artifact?SAMLart=${encodeURIComponent(artifact)}&RelayState=${encodeURIComponent(login.relayState ?? '')}`,
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/servicedesk/gemeenten`);
    expect((await auditRowsAfter(db, audit)).map((r) => r.event)).toEqual(['login_accepted']);
  });

  it('refuses a forged AuthnRequest signature on its side (samlify rejects it)', async () => {
    const client = new HttpClient(web.baseUrl);
    const url = new URL((await client.get('/login')).location!);
    const query = Object.fromEntries(url.searchParams);
    const octetString = url.search
      .slice(1)
      .split('&')
      .filter((pair) => !pair.startsWith('Signature='))
      .join('&')
      .replace('SigAlg=', 'RelayState=x&SigAlg=');
    await expect(
      identityProvider(GENUINE).parseLoginRequest(serviceProvider(), 'redirect', { query, octetString }),
    ).rejects.toBeTruthy();
  });
});

describe('attack corpus, made with samlify', () => {
  it('refuses a response re-signed by another key', async () => {
    const login = await brokerAnswers({}, { key: samlPem('attacker.key'), cert: samlPem('attacker.crt') });
    await expectRefused(() => post(login), 'invalid_signature');
  });

  it('refuses a response for another audience', async () => {
    const login = await brokerAnswers({ audience: 'https://other-sp.example/saml/metadata' });
    await expectRefused(() => post(login), 'audience_mismatch');
  });

  it('refuses an expired response', async () => {
    const login = await brokerAnswers({ notOnOrAfter: new Date(Date.now() - 10 * 60_000) });
    await expectRefused(() => post(login), 'expired');
  });

  it('refuses the same response a second time', async () => {
    const login = await brokerAnswers();
    expect((await post(login)).status).toBe(303);
    await expectRefused(() => post({ ...login, client: new HttpClient(web.baseUrl) }), 'in_response_to_invalid');
  });

  it('refuses a level below EH3', async () => {
    const login = await brokerAnswers({ loa: 'loa2plus' });
    await expectRefused(() => post(login), 'loa_too_low', 403);
  });

  it('refuses an authorisation the broker checked for another service', async () => {
    const login = await brokerAnswers({ serviceUuid: '0a1b2c3d-0000-4000-8000-000000000009' });
    await expectRefused(() => post(login), 'service_mismatch', 403);
  });

  it('refuses a response encrypted for another key', async () => {
    const forStranger = spMetadata
      .split(pemBody(samlPem('sp-encryption-a.crt')))
      .join(pemBody(samlPem('stranger.crt')));
    expect(forStranger).not.toBe(spMetadata);
    const login = await brokerAnswers({}, GENUINE, forStranger);
    await expectRefused(() => post(login), 'decryption_failed');
  });

  it('refuses an unsigned response, and one with an unsigned assertion wrapped in beside the signed one', async () => {
    const plain = await brokerAnswers({}, { ...GENUINE, encrypt: false });
    const xml = Buffer.from(plain.samlResponse, 'base64').toString('utf8');
    const unsigned = xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
    expect(unsigned).not.toContain('Signature');
    await expectRefused(
      () => post({ ...plain, samlResponse: Buffer.from(unsigned).toString('base64') }),
      'invalid_signature',
    );

    const wrappedLogin = await brokerAnswers({}, { ...GENUINE, encrypt: false });
    const signed = Buffer.from(wrappedLogin.samlResponse, 'base64').toString('utf8');
    const evil = signed
      .match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0]
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
      .replace(/ID="[^"]+"/, 'ID="_evil"');
    const wrapped = signed.replace('<saml:Assertion', `${evil}<saml:Assertion`);
    await expectRefused(
      () => post({ ...wrappedLogin, samlResponse: Buffer.from(wrapped).toString('base64') }),
      'invalid_signature',
    );
  });
});
