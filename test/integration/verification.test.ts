import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications } from '../../db/schema.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { verifyRateLimitKeys } from '../../web/rate-limit.ts';
import { userStateQuery, userWorkflowId } from '../../workflows/user/messages.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionIdOf, sessionRows } from '../helpers/db-rows.ts';
import { csrfTokenIn, type HttpClient, type HttpResult } from '../helpers/http-client.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loggedInClient } from '../helpers/saml.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import {
  activeMunicipality,
  firstGebruikersbeheerder,
  keyOf,
  registered,
  settingsFor,
  userRow,
  type Person,
} from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

// Verification codes end to end over HTTP, with the real worker and workflows: the code is shown
// once and stored nowhere, wrong attempts count and revoke, a new code replaces the old, codes
// expire, and attempts are rate limited. Three web processes share one database and worker: the
// normal one, one whose codes live ~2.6 seconds, and one with a low rate limit.
let db: TestDatabase;
let sink: SmtpSink;
let web: TestWeb;
let shortLived: TestWeb;
let strict: TestWeb;
let worker: TestWorker;

const AMSTERDAM = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '90000363' };
const person = (subject: string): Person => ({
  organisationId: AMSTERDAM.organisationId,
  gemeentecode: AMSTERDAM.gemeentecode,
  subject,
});
const beheerder = person('gb-v');
const CODE_ON_PAGE = /<p class="pz-code"[^>]*>([0-9A-Z]{5}-[0-9A-Z]{5})<\/p>/;

beforeAll(async () => {
  const namespace = await isolatedNamespace('pz-verification');
  db = await createTestDatabase();
  sink = await startSmtpSink();
  web = await startTestWeb({ db, configOverrides: { SMTP_URL: sink.url, TEMPORAL_NAMESPACE: namespace } });
  // Same task queue, codec key and namespace: another web process of the same installation.
  const shared = {
    SMTP_URL: sink.url,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: web.config.TEMPORAL_TASK_QUEUE,
    PAYLOAD_CODEC_KEY: web.config.PAYLOAD_CODEC_KEY,
  };
  // 0.00003 days ≈ 2.6 s: the production setting, with a fraction, makes a code expire within the test.
  shortLived = await startTestWeb({ db, configOverrides: { ...shared, VERIFICATION_CODE_EXPIRY_DAYS: '0.00003' } });
  strict = await startTestWeb({ db, configOverrides: { ...shared, VERIFY_RATE_LIMIT_ATTEMPTS: '3' } });
  worker = await startTestWorker({
    config: web.config,
    db: db.db,
    mailer: createSmtpMailer({ smtpUrl: sink.url, from: web.config.MAIL_FROM }),
  });
  await activeMunicipality(web, AMSTERDAM);
  await firstGebruikersbeheerder(web, beheerder, settingsFor('Beheerder', { email: 'beheerder@amsterdam.example' }));
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([web?.stop(), shortLived?.stop(), strict?.stop()]);
  await sink?.stop();
  await db?.drop();
});

const loggedIn = (p: Person, on: TestWeb = web): Promise<HttpClient> => loggedInClient(on, p);

/** The gebruikersbeheerder issues a code on the pending-registrations page; returns the answer and the code on it. */
async function issue(p: Person, on: TestWeb = web): Promise<{ res: HttpResult; code: string }> {
  const gb = await loggedIn(beheerder, on);
  const list = await gb.get('/beheer/aanmeldingen');
  const res = await gb.post(`/beheer/aanmeldingen/${p.subject}/code`, { _csrf: csrfTokenIn(list.body) });
  expect(res.status).toBe(200);
  const code = CODE_ON_PAGE.exec(res.body)?.[1];
  expect(code, 'a code on the page').toBeDefined();
  return { res, code: code! };
}

async function enter(client: HttpClient, code: string): Promise<HttpResult> {
  const page = await client.get('/verificatie');
  return client.post('/verificatie', { _csrf: csrfTokenIn(page.body), code });
}

const liveCode = async (p: Person) =>
  (await web.temporal.workflow.getHandle(userWorkflowId(p.gemeentecode, p.subject)).query(userStateQuery))?.code;

describe('a verification code', () => {
  it('is shown once, on the answer to the issuing request, and stored, mailed or logged nowhere', async () => {
    const p = person('eenmalig');
    await registered(web, p, settingsFor('Eenmalig'));
    const user = await loggedIn(p);
    const { res, code } = await issue(p);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toContain('Deze code wordt maar één keer getoond');
    const canonical = code.replace('-', '');

    const gb = await loggedIn(beheerder);
    for (const path of ['/beheer/aanmeldingen', `/beheer/gebruikers/${p.subject}`, '/beheer/meldingen']) {
      const page = await gb.get(path);
      expect(page.body, path).not.toContain(code);
      expect(page.body, path).not.toContain(canonical);
    }
    for (const table of ['users', 'audit_events', 'notifications', 'sessions']) {
      const [hit] = await db.sql.unsafe(
        `select count(*)::int as n from ${table} t where t::text ilike $1 or t::text ilike $2`,
        [`%${canonical}%`, `%${code}%`],
      );
      expect(hit!.n, table).toBe(0);
    }
    expect(sink.messages().some((m) => m.text.includes(canonical) || m.text.includes(code))).toBe(false);
    const state = JSON.stringify(await liveCode(p));
    expect(state).toContain('"hash"');
    expect(state).not.toContain(canonical);

    // Typed the way people do: lower case, spaces, an O for a zero is forgiven too.
    const verified = await enter(user, ` ${code.toLowerCase().replace('-', ' - ')} `);
    expect(verified.status).toBe(303);
    expect(verified.location).toBe(`${web.baseUrl}/uitgelogd?reden=geverifieerd`);
    expect((await user.follow(verified)).body).toContain('Log opnieuw in');
    expect((await sessionRows(db)).some((s) => s.sid === sessionIdOf(user.cookie('pz.sid')) && s.userKey)).toBe(false);
    expect((await user.get('/verificatie')).location).toContain('/login');
    const again = await loggedIn(p);
    expect((await again.get('/')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);
  });

  it('is revoked after five wrong attempts, and the issuer is told in the portal and by e-mail', async () => {
    const p = person('vijf-fout');
    await registered(web, p, settingsFor('Vijffout'));
    const user = await loggedIn(p);
    const { code } = await issue(p);
    const wrong = code === 'AAAAA-AAAAA' ? 'BBBBB-BBBBB' : 'AAAAA-AAAAA';
    for (const remaining of [4, 3, 2, 1]) {
      const res = await enter(user, wrong);
      expect(res.status).toBe(422);
      expect(res.body).toContain(`U kunt het nog ${remaining} keer proberen.`);
    }
    const fifth = await enter(user, wrong);
    expect(fifth.status).toBe(422);
    expect(fifth.body).toContain('Deze code is ingetrokken');

    const [notice] = await db.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'verification_code_revoked'));
    expect(notice).toMatchObject({ audience: '0363', link: `/beheer/gebruikers/${p.subject}` });
    const gb = await loggedIn(beheerder);
    expect((await gb.get('/beheer/meldingen')).body).toContain('Verificatiecode ingetrokken');
    await waitFor('the e-mail to the issuer', () =>
      sink.messages().find((m) => m.subject.startsWith('Verificatiecode ingetrokken')),
    );
    const mail = sink.messages().find((m) => m.subject.startsWith('Verificatiecode ingetrokken'))!;
    expect(mail.to).toEqual(['beheerder@amsterdam.example']);

    const late = await enter(user, code);
    expect(late.status).toBe(422);
    expect(late.body).toContain('geen geldige code');
    expect((await userRow(db, p))!.status).toBe('wacht_op_verificatie');
    const revoked = await db.db.select().from(auditEvents).where(eq(auditEvents.event, 'verification_code_revoked'));
    expect(revoked.map((r) => r.subject)).toEqual([keyOf(p)]);
  });

  it('is replaced by a new one: the old code no longer works', async () => {
    const p = person('opnieuw');
    await registered(web, p, settingsFor('Opnieuw'));
    const user = await loggedIn(p);
    const first = await issue(p);
    const second = await issue(p);
    expect(second.code).not.toBe(first.code);
    const old = await enter(user, first.code);
    expect(old.status).toBe(422);
    expect(old.body).toContain('U kunt het nog 4 keer proberen.');
    expect((await enter(user, second.code)).location).toBe(`${web.baseUrl}/uitgelogd?reden=geverifieerd`);
  });

  it('expires: after its lifetime the right code is refused as expired, without costing an attempt', async () => {
    const p = person('verlopen-code');
    await registered(web, p, settingsFor('Verloopt'));
    const user = await loggedIn(p, shortLived);
    const { code } = await issue(p, shortLived);
    const expiresAt = (await liveCode(p))!.expiresAt;
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThan(3_000);
    await waitFor(
      'the verification page to call the code no longer valid',
      async () => (await user.get('/verificatie')).body.includes('niet meer geldig'),
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    const res = await enter(user, code);
    expect(res.status).toBe(422);
    expect(res.body).toContain('Deze code is verlopen');
    expect((await liveCode(p))!.failedAttempts).toBe(0);
    expect((await userRow(db, p))!.status).toBe('wacht_op_verificatie');
  });

  it('refuses input that cannot be a code without asking the workflow', async () => {
    const p = person('onzin');
    await registered(web, p, settingsFor('Onzin'));
    const user = await loggedIn(p);
    await issue(p);
    const res = await enter(user, 'ABC-123');
    expect(res.status).toBe(422);
    expect(res.body).toContain('bestaat uit 10 letters en cijfers');
    expect(res.body).toContain('value="ABC-123"');
    expect((await liveCode(p))!.failedAttempts).toBe(0);
  });
});

describe('the rate limit on code attempts', () => {
  it('refuses attempts beyond the limit per session and per user, also the right code, and audits it', async () => {
    const p = person('te-vaak');
    await registered(web, p, settingsFor('Tevaak'));
    const user = await loggedIn(p, strict);
    const { code } = await issue(p, strict);
    const wrong = code === 'AAAAA-AAAAA' ? 'BBBBB-BBBBB' : 'AAAAA-AAAAA';
    for (let i = 0; i < 3; i++) expect((await enter(user, wrong)).status).toBe(422);

    const before = await lastAuditId(db);
    const limited = await enter(user, code);
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('U heeft te vaak een code ingevoerd');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await auditRowsAfter(db, before);
    expect(rows.map((r) => [r.event, r.actor])).toEqual([['verification_rate_limited', keyOf(p)]]);
    // Refused before the workflow: the code is neither used up nor revoked.
    expect((await liveCode(p))!.failedAttempts).toBe(3);

    // Another session of the same person: the per-user count holds.
    const other = await loggedIn(p, strict);
    expect((await enter(other, code)).status).toBe(429);
    const count = async (key: string) =>
      (await db.sql<{ count: number }[]>`select count from rate_limits where key = ${key}`)[0]?.count;
    const [userCounter, firstSession] = verifyRateLimitKeys(keyOf(p), sessionIdOf(user.cookie('pz.sid'))!);
    const [, secondSession] = verifyRateLimitKeys(keyOf(p), sessionIdOf(other.cookie('pz.sid'))!);
    expect([await count(userCounter!), await count(firstSession!), await count(secondSession!)]).toEqual([5, 4, 1]);
    expect(firstSession).not.toContain(sessionIdOf(user.cookie('pz.sid'))!);

    // Someone else is not affected.
    const q = person('niet-te-vaak');
    await registered(web, q, settingsFor('Nietvaak'));
    const them = await loggedIn(q, strict);
    const theirs = await issue(q, strict);
    expect((await enter(them, theirs.code)).location).toBe(`${strict.baseUrl}/uitgelogd?reden=geverifieerd`);
    expect((await userRow(db, p))!.status).toBe('wacht_op_verificatie');
  });
});
