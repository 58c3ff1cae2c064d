import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../../db/schema.ts';
import {
  buildLogoutRequest,
  inflateRedirectMessage,
  readLogoutRequest,
  redirectBindingUrl,
} from '../../gateways/simulators/eherkenning-idp/saml-messages.ts';
import { signElement } from '../../gateways/simulators/eherkenning-idp/sign-response.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionIdOf, sessionRows } from '../helpers/db-rows.ts';
import { csrfTokenIn, HttpClient } from '../helpers/http-client.ts';
import { craftResponse, DEV_IDP_CERT, DEV_IDP_KEY, postSamlResponse, startLogin } from '../helpers/saml.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

const AMSTERDAM = '90000363';
const MINUTE = 60_000;
const attackerKey = readFileSync(new URL('../fixtures/saml/attacker.key', import.meta.url), 'utf8');

let db: TestDatabase;
let web: TestWeb;

beforeAll(async () => {
  db = await createTestDatabase();
  // Test setup only: in the product these rows are written by the organisation workflow. The
  // municipality is not active yet, so a login starts no user workflow: these tests are about the
  // session alone (the home page answers 200 with "not yet available").
  await db.db.insert(organisations).values({
    gemeentecode: '0363',
    name: 'Amsterdam',
    organisationId: AMSTERDAM,
    status: 'wacht_op_overeenkomsten',
    registeredBy: 'test',
    registeredAt: new Date(),
  });
  web = await startTestWeb({ db });
});

afterAll(async () => {
  await web?.stop();
  await db?.drop();
});

/** Logs a fresh (or the given) browser in as a staff member of Amsterdam; returns its session id. */
async function login(
  subject: string,
  client = new HttpClient(web.baseUrl),
  sessionIndex?: string,
): Promise<{ client: HttpClient; sid: string }> {
  // The AuthnRequest needs no cookie (no pre-login state), so a logged-in browser can log in again.
  const started = await startLogin(new HttpClient(web.baseUrl));
  const xml = craftResponse(web, started, {
    legalSubjectId: AMSTERDAM,
    actingSubjectId: subject,
    nameId: subject,
    ...(sessionIndex ? { sessionIndex } : {}),
  });
  const res = await postSamlResponse(client, xml);
  expect(res.status).toBe(303);
  const sid = sessionIdOf(client.cookie('pz.sid'));
  expect(sid).toBeDefined();
  return { client, sid: sid! };
}

const sessionExists = async (sid: string) => (await sessionRows(db)).some((s) => s.sid === sid);

async function setSessionTime(sid: string, field: 'lastSeenAt' | 'authenticatedAt', ms: number): Promise<void> {
  if (field === 'lastSeenAt')
    await db.sql`update sessions set last_seen_at = ${new Date(ms).toISOString()}::timestamptz where sid = ${sid}`;
  else
    await db.sql`update sessions set data = jsonb_set(data, '{identity,authenticatedAt}', to_jsonb(${ms}::bigint)) where sid = ${sid}`;
}

describe('session id at login', () => {
  it('ignores a planted session cookie and issues a new session id at every login', async () => {
    const client = new HttpClient(web.baseUrl);
    client.setCookie('pz.sid', encodeURIComponent('s:planted-by-attacker.forged'));
    const first = await login('fixation-1', client);
    expect(first.sid).not.toBe('planted-by-attacker');
    expect(await sessionExists(first.sid)).toBe(true);

    const second = await login('fixation-1', client);
    expect(second.sid).not.toBe(first.sid);
    expect(await sessionExists(first.sid)).toBe(false);
    expect(await sessionExists(second.sid)).toBe(true);
  });
});

describe('timeouts', () => {
  it('ends an idle session: the next page says "U bent automatisch uitgelogd"', async () => {
    const { client, sid } = await login('idle-1');
    expect((await client.get('/')).status).toBe(200);
    await setSessionTime(sid, 'lastSeenAt', Date.now() - (web.config.SESSION_IDLE_MINUTES + 1) * MINUTE);
    const before = await lastAuditId(db);

    const res = await client.get('/');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/uitgelogd?reden=inactief`);
    const page = await client.follow(res);
    expect(page.status).toBe(200);
    expect(page.body).toContain('U bent automatisch uitgelogd');
    expect(page.body).toContain('href="/login"');
    expect(await sessionExists(sid)).toBe(false);
    expect((await auditRowsAfter(db, before)).map((r) => [r.event, r.actor])).toEqual([
      ['session_idle_timeout', `${AMSTERDAM}/idle-1`],
    ]);
    expect((await client.get('/')).location).toBe(`${web.baseUrl}/login?terug=%2F`);
  });

  it('lets a new login through when the browser still presents an idle-expired session', async () => {
    const { client, sid } = await login('idle-relogin');
    await setSessionTime(sid, 'lastSeenAt', Date.now() - (web.config.SESSION_IDLE_MINUTES + 1) * MINUTE);

    const again = await login('idle-relogin', client);
    expect(again.sid).not.toBe(sid);
    expect(await sessionExists(sid)).toBe(false);
    expect((await client.get('/')).status).toBe(200);
  });

  it('keeps an active session alive (rolling idle timeout)', async () => {
    const { client, sid } = await login('idle-2');
    await setSessionTime(sid, 'lastSeenAt', Date.now() - (web.config.SESSION_IDLE_MINUTES - 1) * MINUTE);
    expect((await client.get('/')).status).toBe(200);
    const [row] = (await sessionRows(db)).filter((s) => s.sid === sid);
    expect(Date.now() - row!.lastSeenAt.getTime()).toBeLessThan(MINUTE);
  });

  it('does not rewrite the session data on a request that changes nothing in it', async () => {
    // A request that writes the whole session back can overwrite what a concurrent request stored
    // meanwhile (seen: a slow favicon fetch erasing the flash message of a POST). So an unchanged
    // session must only move its activity clock, never rewrite its data.
    const { client, sid } = await login('no-stale-write');
    await setSessionTime(sid, 'lastSeenAt', Date.now() - 5 * MINUTE);
    const [before] = (await sessionRows(db)).filter((s) => s.sid === sid);
    expect((await client.get('/login')).status).toBe(303); // logged in: /login only redirects
    const [after] = (await sessionRows(db)).filter((s) => s.sid === sid);
    expect(after!.data).toEqual(before!.data);
    expect(after!.lastSeenAt.getTime()).toBeGreaterThan(before!.lastSeenAt.getTime());
  });

  it('answers an htmx request after idle expiry with 401 and HX-Redirect', async () => {
    const { client, sid } = await login('idle-3');
    await setSessionTime(sid, 'lastSeenAt', Date.now() - (web.config.SESSION_IDLE_MINUTES + 1) * MINUTE);
    const res = await client.get('/', { 'HX-Request': 'true' });
    expect(res.status).toBe(401);
    expect(res.headers.get('hx-redirect')).toBe('/uitgelogd?reden=inactief');
    expect(await sessionExists(sid)).toBe(false);
  });

  it('ends a session after the absolute lifetime, however active', async () => {
    const { client, sid } = await login('absolute-1');
    await setSessionTime(sid, 'authenticatedAt', Date.now() - (web.config.SESSION_ABSOLUTE_HOURS * 60 + 1) * MINUTE);
    const before = await lastAuditId(db);
    const res = await client.get('/');
    expect(res.location).toBe(`${web.baseUrl}/uitgelogd?reden=maximale-duur`);
    expect((await client.follow(res)).body).toContain('U bent automatisch uitgelogd');
    expect(await sessionExists(sid)).toBe(false);
    expect((await auditRowsAfter(db, before)).map((r) => r.event)).toEqual(['session_absolute_timeout']);
  });
});

describe('logout', () => {
  it('refuses POST /uitloggen without or with a wrong CSRF token and keeps the session', async () => {
    const { client, sid } = await login('csrf-1');
    expect((await client.get('/')).status).toBe(200);
    const missing = await client.post('/uitloggen', {});
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('Het formulier is verlopen');
    expect((await client.post('/uitloggen', { _csrf: 'wrong-token' })).status).toBe(403);
    expect((await client.post('/uitloggen', {}, { 'X-CSRF-Token': 'wrong-token', 'HX-Request': 'true' })).status).toBe(
      403,
    );
    expect(await sessionExists(sid)).toBe(true);
    expect((await client.get('/')).status).toBe(200);
  });

  it('logs out with the right token: audit, session deleted, single logout at the broker', async () => {
    const { client, sid } = await login('logout-1', undefined, '_session-logout-1');
    const token = csrfTokenIn((await client.get('/')).body);
    const before = await lastAuditId(db);

    const res = await client.post('/uitloggen', { _csrf: token });
    expect(res.status).toBe(303);
    expect(res.location?.startsWith(`${web.idp.baseUrl}/slo?SAMLRequest=`)).toBe(true);
    const logoutRequest = readLogoutRequest(
      inflateRedirectMessage(new URL(res.location!).searchParams.get('SAMLRequest')!),
    );
    expect(logoutRequest).toMatchObject({
      issuer: web.config.SAML_SP_ENTITY_ID,
      nameId: 'logout-1',
      sessionIndex: '_session-logout-1',
    });
    expect(await sessionExists(sid)).toBe(false);
    expect((await auditRowsAfter(db, before)).map((r) => [r.event, r.actor, r.organisation])).toEqual([
      ['logout', `${AMSTERDAM}/logout-1`, '0363'],
    ]);

    // Broker answers with a signed LogoutResponse to /saml/slo, which lands on /uitgelogd.
    const end = await client.follow(res);
    expect(end.visited.some((u) => u.startsWith(`${web.baseUrl}/saml/slo?SAMLResponse=`))).toBe(true);
    expect(end.url).toBe(`${web.baseUrl}/uitgelogd`);
    expect(end.body).toContain('U bent uitgelogd');
    expect((await client.get('/')).location).toBe(`${web.baseUrl}/login?terug=%2F`);
  });

  it('accepts the CSRF token in the X-CSRF-Token header (htmx)', async () => {
    const { client, sid } = await login('logout-2');
    const token = csrfTokenIn((await client.get('/')).body);
    expect((await client.post('/uitloggen', {}, { 'X-CSRF-Token': token })).status).toBe(303);
    expect(await sessionExists(sid)).toBe(false);
  });
});

describe('logout without a broker logout URL', () => {
  let local: TestWeb;
  beforeAll(async () => {
    local = await startTestWeb({ db, configOverrides: { SAML_IDP_LOGOUT_URL: undefined } });
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('ends the session and goes straight to /uitgelogd', async () => {
    const client = new HttpClient(local.baseUrl);
    const started = await startLogin(new HttpClient(local.baseUrl));
    const xml = craftResponse(local, started, {
      legalSubjectId: AMSTERDAM,
      actingSubjectId: 'local-1',
      nameId: 'local-1',
    });
    expect((await postSamlResponse(client, xml)).status).toBe(303);
    const sid = sessionIdOf(client.cookie('pz.sid'))!;
    const token = csrfTokenIn((await client.get('/')).body);
    const res = await client.post('/uitloggen', { _csrf: token });
    expect(res.location).toBe(`${local.baseUrl}/uitgelogd`);
    expect(await sessionExists(sid)).toBe(false);
  });
});

describe('single logout started by the broker', () => {
  const sloUrl = () => `${web.baseUrl}/saml/slo`;
  const request = (nameId: string, sessionIndex?: string) =>
    buildLogoutRequest({
      issuer: web.config.SAML_IDP_ISSUER,
      destination: sloUrl(),
      nameId,
      ...(sessionIndex ? { sessionIndex } : {}),
    });

  it('ends every session of that person and answers with a LogoutResponse', async () => {
    const a = await login('slo-1', undefined, '_slo-index-1');
    const b = await login('slo-1', undefined, '_slo-index-2');
    const other = await login('slo-2');
    const before = await lastAuditId(db);
    const xml = request('slo-1', '_slo-index-1');

    const res = await new HttpClient(web.baseUrl).get(
      redirectBindingUrl(sloUrl(), 'SAMLRequest', xml, { key: DEV_IDP_KEY }),
    );
    expect(res.status).toBe(303);
    expect(res.location?.startsWith(`${web.idp.baseUrl}/slo?SAMLResponse=`)).toBe(true);
    const answer = inflateRedirectMessage(new URL(res.location!).searchParams.get('SAMLResponse')!);
    expect(answer).toContain(`InResponseTo="${/ID="([^"]+)"/.exec(xml)![1]}"`);
    expect(answer).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    expect(await sessionExists(a.sid)).toBe(false);
    expect(await sessionExists(b.sid)).toBe(false);
    expect(await sessionExists(other.sid)).toBe(true);
    const rows = await auditRowsAfter(db, before);
    expect(rows.map((r) => [r.event, r.actor, r.details])).toEqual([
      ['logout', `${AMSTERDAM}/slo-1`, { initiator: 'broker', sessions: 2 }],
    ]);
  });

  it('accepts a signed LogoutRequest by the POST binding too', async () => {
    const { sid } = await login('slo-4', undefined, '_slo-index-4');
    const signed = signElement(request('slo-4', '_slo-index-4'), "/*[local-name(.)='LogoutRequest']", {
      key: DEV_IDP_KEY,
      cert: DEV_IDP_CERT,
    });
    const res = await new HttpClient(web.baseUrl).post('/saml/slo', {
      SAMLRequest: Buffer.from(signed).toString('base64'),
    });
    expect(res.status).toBe(303);
    expect(res.location?.startsWith(`${web.idp.baseUrl}/slo?SAMLResponse=`)).toBe(true);
    expect(await sessionExists(sid)).toBe(false);

    const { sid: other } = await login('slo-5');
    const unsigned = Buffer.from(request('slo-5')).toString('base64');
    expect((await new HttpClient(web.baseUrl).post('/saml/slo', { SAMLRequest: unsigned })).status).toBe(400);
    expect(await sessionExists(other)).toBe(true);
  });

  it('refuses an unsigned or wrongly signed LogoutRequest and ends nothing', async () => {
    const { sid } = await login('slo-3');
    for (const key of [undefined, attackerKey]) {
      const res = await new HttpClient(web.baseUrl).get(
        redirectBindingUrl(sloUrl(), 'SAMLRequest', request('slo-3'), { ...(key ? { key } : {}) }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toContain('Uitloggen via eHerkenning is niet gelukt');
      expect(await sessionExists(sid)).toBe(true);
    }
  });
});
