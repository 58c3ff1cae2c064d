import { readFileSync } from 'node:fs';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../../db/schema.ts';
import { LOA_URNS } from '../../domain/eherkenning.ts';
import { redirectBindingUrl } from '../../gateways/simulators/eherkenning-idp/saml-messages.ts';
import { newSamlId } from '../../gateways/simulators/eherkenning-idp/sign-response.ts';
import { codeInSms } from '../../gateways/simulators/eherkenning-idp/sms-outbox.ts';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionIdOf, sessionRows } from '../helpers/db-rows.ts';
import { HttpClient, inputValue, type HttpResult } from '../helpers/http-client.ts';
import {
  cancelAtDevIdp,
  craftResponse,
  loginThroughDevIdp,
  postSamlResponse,
  startLogin,
  type CraftOptions,
  type StartedLogin,
} from '../helpers/saml.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const NS_DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const AMSTERDAM = '90000363';
const ROTTERDAM = '90000599';
const attacker = {
  key: readFileSync(new URL('../fixtures/saml/attacker.key', import.meta.url), 'utf8'),
  cert: readFileSync(new URL('../fixtures/saml/attacker.crt', import.meta.url), 'utf8'),
};

let db: TestDatabase;
let web: TestWeb;
let worker: TestWorker;

beforeAll(async () => {
  db = await createTestDatabase();
  // Test setup only: in the product these rows are written by the organisation workflow.
  const registered = { registeredBy: 'test', registeredAt: new Date() };
  await db.db.insert(organisations).values([
    { gemeentecode: '0363', name: 'Amsterdam', organisationId: AMSTERDAM, status: 'actief', ...registered },
    {
      gemeentecode: '0599',
      name: 'Rotterdam',
      organisationId: ROTTERDAM,
      status: 'wacht_op_overeenkomsten',
      ...registered,
    },
  ]);
  // Staff of an active municipality start (or find) their user workflow at login: a worker runs it,
  // in a namespace of this file's own (the fixture people of 0363 appear in other files too).
  web = await startTestWeb({ db, configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-saml-login') } });
  worker = await startTestWorker({
    config: web.config,
    db: db.db,
    mailer: createSmtpMailer({ smtpUrl: web.config.SMTP_URL, from: web.config.MAIL_FROM }),
  });
});

afterAll(async () => {
  await worker?.stop();
  await web?.stop();
  await db?.drop();
});

type Attempt = {
  client: HttpClient;
  res: HttpResult;
  started: StartedLogin;
  sessionsBefore: string[];
  auditBefore: number;
};

const sessionIds = async () => (await sessionRows(db)).map((s) => s.sid);

/** A fresh browser asks to log in; the broker (or an attacker) answers with `response`. */
async function attempt(response: CraftOptions | ((started: StartedLogin) => string)): Promise<Attempt> {
  const client = new HttpClient(web.baseUrl);
  const started = await startLogin(client);
  const xml = typeof response === 'function' ? response(started) : craftResponse(web, started, response);
  const sessionsBefore = await sessionIds();
  const auditBefore = await lastAuditId(db);
  return { client, res: await postSamlResponse(client, xml), started, sessionsBefore, auditBefore };
}

async function expectRefused(
  a: Attempt,
  expected: { status: 401 | 403; reason: string; title: string; loa?: string },
): Promise<void> {
  expect(a.res.status).toBe(expected.status);
  expect(a.res.body).toContain(expected.title);
  expect(a.res.body).toContain('Wat kunt u doen?');
  expect(a.res.body).toContain('href="/login"');
  expect(a.res.body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
  expect(a.res.setCookies).toEqual([]);
  expect(await sessionIds()).toEqual(a.sessionsBefore);
  const rows = await auditRowsAfter(db, a.auditBefore);
  expect(rows.map((r) => r.event)).toEqual(['login_refused']);
  expect(rows[0]!.details).toEqual({ reason: expected.reason, ...(expected.loa ? { loa: expected.loa } : {}) });
  const home = await a.client.get('/');
  expect(home.status).toBe(303);
  expect(home.location).toBe(`${web.baseUrl}/login?terug=%2F`);
}

const UNTRUSTED = 'Inloggen is niet gelukt';
const EXPIRED = 'Uw inlogpoging is verlopen';
const TOO_WEAK = 'Uw eHerkenningsmiddel is niet sterk genoeg';

describe('service provider metadata and AuthnRequest', () => {
  it('publishes SP metadata with the ACS, single logout and signed assertions', async () => {
    const res = await new HttpClient(web.baseUrl).get('/saml/metadata');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    expect(res.body).toContain(`entityID="${web.config.SAML_SP_ENTITY_ID}"`);
    expect(res.body).toMatch(
      new RegExp(
        `<md:AssertionConsumerService [^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${web.baseUrl}/saml/acs"`,
      ),
    );
    expect(res.body).toContain(`Location="${web.baseUrl}/saml/slo"`);
    expect(res.body).toContain('WantAssertionsSigned="true"');
  });

  it('sends an AuthnRequest for at least EH3 by the redirect binding, keeping no pre-login session', async () => {
    const client = new HttpClient(web.baseUrl);
    const res = await client.get('/login');
    expect(res.status).toBe(302);
    expect(res.setCookies).toEqual([]);
    const started = await startLogin(client);
    expect(started.location.startsWith(`${web.idp.baseUrl}/sso?SAMLRequest=`)).toBe(true);
    expect(started.relayState).toBeUndefined();
    const doc = new DOMParser().parseFromString(started.xml, 'text/xml');
    const root = doc.documentElement!;
    expect(root.localName).toBe('AuthnRequest');
    expect(root.getAttribute('Destination')).toBe(web.config.SAML_IDP_ENTRY_POINT);
    expect(root.getAttribute('AssertionConsumerServiceURL')).toBe(`${web.baseUrl}/saml/acs`);
    expect(root.getAttribute('ProtocolBinding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(root.getElementsByTagNameNS(NS_ASSERTION, 'Issuer')[0]?.textContent).toBe(web.config.SAML_SP_ENTITY_ID);
    const context = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'RequestedAuthnContext')[0]!;
    expect(context.getAttribute('Comparison')).toBe('minimum');
    expect(context.getElementsByTagNameNS(NS_ASSERTION, 'AuthnContextClassRef')[0]?.textContent).toBe(LOA_URNS.loa3);
    // The request id is in PostgreSQL, so any web process can check the response to it.
    const [row] = await db.sql`select id from saml_requests where id = ${started.requestId}`;
    expect(row).toBeDefined();
  });

  it('carries a safe return path in a short signed RelayState and ignores an unsafe one', async () => {
    const client = new HttpClient(web.baseUrl);
    const started = await startLogin(client, '/servicedesk/gemeenten');
    expect(Buffer.byteLength(started.relayState ?? '')).toBeLessThanOrEqual(80);
    const res = await postSamlResponse(client, craftResponse(web, started), started.relayState);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/servicedesk/gemeenten`);

    expect((await startLogin(new HttpClient(web.baseUrl), '//evil.example/x')).relayState).toBeUndefined();
    const other = new HttpClient(web.baseUrl);
    const tampered = await startLogin(other, '/servicedesk/gemeenten');
    const forged = `${tampered.relayState!.slice(0, 22)}/servicedesk/meldingen`;
    const res2 = await postSamlResponse(other, craftResponse(web, tampered), forged);
    expect(res2.status).toBe(303);
    expect(res2.location).toBe(`${web.baseUrl}/`);
  });
});

describe('accepted logins', () => {
  /** A new person of an active municipality lands on the first step of their registration. */
  async function expectAccepted(
    client: HttpClient,
    res: HttpResult,
    who: { userKey: string; loa: string; organisation: string },
    auditBefore: number,
  ) {
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);
    expect(res.setCookies.some((c) => c.startsWith('pz.sid='))).toBe(true);
    const sessions = (await sessionRows(db)).filter((s) => s.sid === sessionIdOf(client.cookie('pz.sid')));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.userKey).toBe(who.userKey);
    // The user workflow audits the start of the registration; the login itself is one row.
    const rows = (await auditRowsAfter(db, auditBefore)).filter((r) => r.event !== 'user_registration_started');
    expect(
      rows.map((r) => ({ event: r.event, actor: r.actor, organisation: r.organisation, details: r.details })),
    ).toEqual([
      { event: 'login_accepted', actor: who.userKey, organisation: who.organisation, details: { loa: who.loa } },
    ]);
  }

  it('accepts EH3 through the dev broker (makelaar, password, SMS code) and starts the registration', async () => {
    const user = devIdpUser('medewerker1.amsterdam');
    const client = new HttpClient(web.baseUrl);
    const before = await lastAuditId(db);
    const res = await loginThroughDevIdp(client, web, user);
    await expectAccepted(
      client,
      res,
      { userKey: `${AMSTERDAM}/${user.actingSubjectId}`, loa: 'loa3', organisation: '0363' },
      before,
    );
    const home = await client.get('/');
    expect(home.location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);
    expect((await client.get('/persoonlijke-instellingen')).body).toContain('Welkom bij Portaal Zorg');
    // Already logged in: /login goes straight to the (safe) return path.
    expect((await client.get('/login?terug=%2Fservicedesk%2Fgemeenten')).location).toBe(
      `${web.baseUrl}/servicedesk/gemeenten`,
    );
    expect((await client.get('/login?terug=%2F%2Fevil.example')).location).toBe(`${web.baseUrl}/`);
  });

  it('shows a cancelled login at the dev broker as cancelled, signed and answered like any other refusal', async () => {
    const client = new HttpClient(web.baseUrl);
    const before = await lastAuditId(db);
    const res = await cancelAtDevIdp(client, web);
    expect(res.status).toBe(401);
    expect(res.body).toContain('Inloggen is afgebroken');
    expect(res.setCookies).toEqual([]);
    expect((await auditRowsAfter(db, before)).map((r) => [r.event, (r.details as { reason?: string }).reason])).toEqual(
      [['login_refused', 'login_cancelled']],
    );
  });

  it('accepts EH4 through the dev broker', async () => {
    const user = devIdpUser('beheerder.amsterdam');
    const client = new HttpClient(web.baseUrl);
    const before = await lastAuditId(db);
    const res = await loginThroughDevIdp(client, web, user);
    await expectAccepted(
      client,
      res,
      { userKey: `${AMSTERDAM}/${user.actingSubjectId}`, loa: 'loa4', organisation: '0363' },
      before,
    );
  });

  it('accepts the servicedesk and a crafted EH4 response with plaintext NameID attribute values', async () => {
    const client = new HttpClient(web.baseUrl);
    const before = await lastAuditId(db);
    const res = await loginThroughDevIdp(client, web, devIdpUser('servicedesk'), { terug: '/servicedesk/gemeenten' });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/servicedesk/gemeenten`);
    expect((await auditRowsAfter(db, before))[0]).toMatchObject({
      event: 'login_accepted',
      organisation: 'servicedesk',
      details: { loa: 'loa3' },
    });

    const crafted = await attempt({
      loa: 'loa4',
      attributeStyle: 'nameid',
      legalSubjectId: ROTTERDAM,
      actingSubjectId: 'rdam-1',
      nameId: 'rdam-1',
    });
    expect(crafted.res.status).toBe(303);
    const waiting = await crafted.client.get('/');
    expect(waiting.body).toContain('Het portaal is nog niet beschikbaar');
  });

  it('keeps concurrent logins apart (each browser gets its own identity)', async () => {
    const people = ['parallel-a', 'parallel-b', 'parallel-c', 'parallel-d'];
    const clients = people.map(() => new HttpClient(web.baseUrl));
    const responses = await Promise.all(
      people.map(async (subject, i) =>
        craftResponse(web, await startLogin(clients[i]!), {
          legalSubjectId: AMSTERDAM,
          actingSubjectId: subject,
          nameId: subject,
        }),
      ),
    );
    // All ACS posts in flight at once, so their validations overlap on the server.
    const results = await Promise.all(responses.map((xml, i) => postSamlResponse(clients[i]!, xml)));
    expect(results.map((r) => r.status)).toEqual(people.map(() => 303));
    const sessions = await sessionRows(db);
    people.forEach((subject, i) => {
      const own = sessions.find((s) => s.sid === sessionIdOf(clients[i]!.cookie('pz.sid')));
      expect(own?.userKey).toBe(`${AMSTERDAM}/${subject}`);
    });
  });
});

describe('dev eHerkenning broker', () => {
  it('says in Dutch when the password or the SMS code is wrong, and lets the user retry', async () => {
    const user = devIdpUser('medewerker2.amsterdam');
    const client = new HttpClient(web.baseUrl);
    const idp = web.idp.baseUrl;
    const page1 = await client.follow(await client.get((await startLogin(client)).location));
    expect(page1.body).toContain('minimaal betrouwbaarheidsniveau <strong>EH3</strong>');
    expect(page1.headers.get('content-security-policy')).toContain("script-src 'self'");
    const flow = inputValue(page1.body, 'flow')!;
    await client.post(`${idp}/makelaar`, { flow, makelaar: user.makelaar });
    const wrongPassword = await client.post(`${idp}/inloggen`, { flow, username: user.username, password: 'fout' });
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.body).toContain('Onbekende gebruikersnaam of onjuist wachtwoord');
    // An account exists only at its own makelaar.
    const elsewhere = devIdpUser('medewerker1.amsterdam');
    expect(elsewhere.makelaar).not.toBe(user.makelaar);
    const otherMakelaar = await client.post(`${idp}/inloggen`, {
      flow,
      username: elsewhere.username,
      password: elsewhere.password,
    });
    expect(otherMakelaar.status).toBe(422);
    expect(
      (await client.post(`${idp}/inloggen`, { flow, username: user.username, password: user.password })).status,
    ).toBe(303);
    const wrongCode = await client.post(`${idp}/sms-code`, { flow, code: '1234567' });
    expect(wrongCode.status).toBe(422);
    expect(wrongCode.body).toContain('De code is onjuist');
    const code = codeInSms(web.idp.smsOutbox.latestTo(user.phone)!.text)!;
    const autopost = await client.post(`${idp}/sms-code`, { flow, code });
    expect(autopost.status).toBe(200);
    expect(autopost.body).toContain('<script src="/static/autopost.js" defer></script>');
    expect(autopost.body).toContain('>Doorgaan</button>');
    expect(autopost.headers.get('content-security-policy')).toContain(`form-action 'self' ${web.baseUrl}`);
    const sms = await client.get(`${idp}/sms`);
    expect(sms.body).toContain(user.phone);
  });

  it('refuses an AuthnRequest from a service provider it does not know', async () => {
    const res = await new HttpClient(web.baseUrl).get(
      redirectBindingUrl(
        `${web.idp.baseUrl}/sso`,
        'SAMLRequest',
        `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="${NS_ASSERTION}" ID="_x" AssertionConsumerServiceURL="https://evil.example/acs"><saml:Issuer>https://evil.example</saml:Issuer></samlp:AuthnRequest>`,
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain('Onbekende dienst');
  });
});

/** Moves a copy of the signed assertion's content, unsigned and for another organisation, next to it. */
function wrapAssertion(signedXml: string, variant: 'sibling' | 'extensions'): string {
  const doc = new DOMParser().parseFromString(signedXml, 'text/xml');
  const response = doc.documentElement!;
  const original = response.getElementsByTagNameNS(NS_ASSERTION, 'Assertion')[0]!;
  const evil = original.cloneNode(true) as Element;
  const signature = evil.getElementsByTagNameNS(NS_DSIG, 'Signature')[0]!;
  evil.removeChild(signature);
  for (const attribute of Array.from(evil.getElementsByTagNameNS(NS_ASSERTION, 'Attribute'))) {
    if (attribute.getAttribute('Name') === 'urn:etoegang:core:LegalSubjectID') {
      attribute.getElementsByTagNameNS(NS_ASSERTION, 'AttributeValue')[0]!.textContent = ROTTERDAM;
    }
  }
  if (variant === 'sibling') {
    evil.setAttribute('ID', newSamlId());
    response.insertBefore(evil, original);
  } else {
    // Classic XSW: the signed original hidden in Extensions, the evil copy (same ID) in its place.
    const extensions = doc.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:Extensions');
    response.replaceChild(evil, original);
    extensions.appendChild(original);
    response.insertBefore(extensions, response.getElementsByTagNameNS(NS_ASSERTION, 'Issuer')[0]!.nextSibling);
  }
  return new XMLSerializer().serializeToString(doc);
}

describe('refused logins: a clear page, an audit row with the reason, no session', () => {
  it('refuses EH2 from the dev broker with 403', async () => {
    const client = new HttpClient(web.baseUrl);
    const sessionsBefore = await sessionIds();
    const auditBefore = await lastAuditId(db);
    const res = await loginThroughDevIdp(client, web, devIdpUser('eh2.amsterdam'));
    const started = { location: '', requestId: '', acsUrl: '', xml: '' };
    await expectRefused(
      { client, res, started, sessionsBefore, auditBefore },
      { status: 403, reason: 'loa_too_low', title: TOO_WEAK, loa: 'loa2' },
    );
    expect(res.body).toContain('EH3 of hoger');
  });

  it('refuses EH2+, a missing and an unknown level', async () => {
    await expectRefused(await attempt({ loa: 'loa2plus' }), {
      status: 403,
      reason: 'loa_too_low',
      title: TOO_WEAK,
      loa: 'loa2plus',
    });
    await expectRefused(await attempt({ loa: null }), { status: 403, reason: 'loa_missing', title: TOO_WEAK });
    await expectRefused(await attempt({ loa: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' }), {
      status: 403,
      reason: 'loa_unknown',
      title: TOO_WEAK,
    });
  });

  it('refuses an unsigned response', async () => {
    await expectRefused(await attempt({ sign: { signAssertion: false, signResponse: false } }), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
  });

  it('refuses a signed Response whose Assertion is not signed', async () => {
    await expectRefused(await attempt({ sign: { signAssertion: false } }), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
  });

  it('refuses a signed Assertion in an unsigned Response', async () => {
    await expectRefused(await attempt({ sign: { signResponse: false } }), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
  });

  it('refuses a response signed with another key', async () => {
    await expectRefused(await attempt({ sign: attacker }), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
  });

  it('refuses an attribute changed after signing', async () => {
    const a = await attempt((started) =>
      craftResponse(web, started).replace(`>${web.config.SERVICEDESK_ORGANISATION_ID}<`, `>${AMSTERDAM}<`),
    );
    await expectRefused(a, { status: 401, reason: 'invalid_signature', title: UNTRUSTED });
  });

  it('refuses a wrapped assertion (a second, unsigned assertion for another organisation)', async () => {
    await expectRefused(await attempt((s) => wrapAssertion(craftResponse(web, s), 'sibling')), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
    await expectRefused(await attempt((s) => wrapAssertion(craftResponse(web, s), 'extensions')), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
  });

  it('refuses a response for another audience', async () => {
    await expectRefused(await attempt({ audience: 'https://other-sp.example/saml/metadata' }), {
      status: 401,
      reason: 'audience_mismatch',
      title: UNTRUSTED,
    });
  });

  it('refuses an expired and a not yet valid response', async () => {
    const past = Date.now() - 20 * 60_000;
    await expectRefused(await attempt({ now: new Date(past), notOnOrAfter: new Date(past + 5 * 60_000) }), {
      status: 401,
      reason: 'expired',
      title: EXPIRED,
    });
    const future = new Date(Date.now() + 10 * 60_000);
    await expectRefused(await attempt({ notBefore: future, notOnOrAfter: new Date(future.getTime() + 5 * 60_000) }), {
      status: 401,
      reason: 'not_yet_valid',
      title: EXPIRED,
    });
  });

  it('refuses a replayed response (the same signed response posted twice)', async () => {
    const client = new HttpClient(web.baseUrl);
    const xml = craftResponse(web, await startLogin(client));
    expect((await postSamlResponse(client, xml)).status).toBe(303);
    await expectRefused(await attempt(() => xml), { status: 401, reason: 'in_response_to_invalid', title: EXPIRED });
  });

  it('refuses an unsolicited response and one without InResponseTo', async () => {
    await expectRefused(await attempt({ inResponseTo: newSamlId() }), {
      status: 401,
      reason: 'in_response_to_invalid',
      title: EXPIRED,
    });
    await expectRefused(await attempt({ inResponseTo: undefined }), {
      status: 401,
      reason: 'in_response_to_invalid',
      title: EXPIRED,
    });
  });

  it("refuses a response from a broker it does not know, and an assertion of another issuer inside the broker's response", async () => {
    const stranger = 'urn:etoegang:HM:99999999999999999999:entities:9999';
    await expectRefused(await attempt({ issuer: stranger }), {
      status: 401,
      reason: 'unknown_broker',
      title: 'Deze eHerkenningsmakelaar is niet bekend',
    });
    await expectRefused(await attempt({ issuer: stranger, responseIssuer: web.config.SAML_IDP_ISSUER }), {
      status: 401,
      reason: 'issuer_mismatch',
      title: UNTRUSTED,
    });
  });

  it('refuses an organisation that is neither the servicedesk nor a registered municipality', async () => {
    const a = await attempt({ legalSubjectId: '12345678' });
    await expectRefused(a, {
      status: 403,
      reason: 'unknown_organisation',
      title: 'Uw organisatie heeft geen toegang tot Portaal Zorg',
    });
    expect((await auditRowsAfter(db, a.auditBefore))[0]!.actor).toBe('12345678/test-pseudonym-1');
  });

  it('refuses missing, undecryptable and malformed identity attributes', async () => {
    const title = 'Uw gegevens van eHerkenning zijn onvolledig';
    await expectRefused(await attempt({ legalSubjectId: null }), { status: 403, reason: 'missing_attributes', title });
    await expectRefused(await attempt({ actingSubjectId: null }), { status: 403, reason: 'missing_attributes', title });
    // This SP has no decryption key configured: an EncryptedID is opaque to it.
    const encryptIds = { recipients: [{ cert: attacker.cert }] };
    await expectRefused(await attempt({ attributeStyle: 'encrypted-id', encryptIds }), {
      status: 401,
      reason: 'decryption_failed',
      title: UNTRUSTED,
    });
    await expectRefused(await attempt({ legalSubjectId: '1234' }), {
      status: 403,
      reason: 'invalid_identifier',
      title,
    });
  });

  it('tells a cancelled login, a missing authorisation, a too weak means and a broker fault apart', async () => {
    const status = (code: 'Responder' | 'Requester', subCode: string | undefined, message?: string) => ({
      code: `urn:oasis:names:tc:SAML:2.0:status:${code}`,
      ...(subCode ? { subCode: `urn:oasis:names:tc:SAML:2.0:status:${subCode}` } : {}),
      ...(message ? { message } : {}),
    });
    const refusedWith = async (s: ReturnType<typeof status>) => attempt({ status: s, sign: { signAssertion: false } });
    await expectRefused(await refusedWith(status('Responder', 'AuthnFailed', 'geannuleerd')), {
      status: 401,
      reason: 'login_cancelled',
      title: 'Inloggen is afgebroken',
    });
    await expectRefused(await refusedWith(status('Requester', 'RequestDenied')), {
      status: 403,
      reason: 'not_authorised',
      title: 'U heeft geen machtiging voor Portaal Zorg',
    });
    await expectRefused(await refusedWith(status('Requester', 'NoAuthnContext')), {
      status: 403,
      reason: 'loa_too_low',
      title: TOO_WEAK,
    });
    await expectRefused(await refusedWith(status('Responder', undefined, 'database down')), {
      status: 401,
      reason: 'broker_error',
      title: 'eHerkenning kon het inloggen niet afronden',
    });
  });

  it('does not believe an unsigned status, and refuses a response that is no SAML at all', async () => {
    const status = {
      code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
      subCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
      message: 'geannuleerd',
    };
    // Unsigned, a status is not believed either.
    await expectRefused(await attempt({ status, sign: { signAssertion: false, signResponse: false } }), {
      status: 401,
      reason: 'invalid_signature',
      title: UNTRUSTED,
    });
    await expectRefused(await attempt(() => 'geen xml'), {
      status: 401,
      reason: 'malformed_response',
      title: UNTRUSTED,
    });
    const client = new HttpClient(web.baseUrl);
    const a: Attempt = {
      client,
      started: await startLogin(client),
      sessionsBefore: await sessionIds(),
      auditBefore: await lastAuditId(db),
      res: await client.post('/saml/acs', { RelayState: 'x' }),
    };
    await expectRefused(a, { status: 401, reason: 'malformed_response', title: UNTRUSTED });
  });
});
