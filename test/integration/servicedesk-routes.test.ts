import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, messageFiles, messages, notifications, organisations } from '../../db/schema.ts';
import type { MessageState } from '../../domain/message-exchange.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { sessionIdOf } from '../helpers/db-rows.ts';
import { csrfTokenIn, HttpClient } from '../helpers/http-client.ts';
import { loginAs } from '../helpers/saml.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

// The servicedesk pages through the real app, worker and database: who may use them, what a
// wrong form answers, and that a refused request changes nothing.
let db: TestDatabase;
let sink: SmtpSink;
let web: TestWeb;
let worker: TestWorker;
let desk: HttpClient;
const STAFF_ORG = '90007771';

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
  web = await startTestWeb({ db, configOverrides: { SMTP_URL: sink.url } });
  worker = await startTestWorker({
    config: web.config,
    db: db.db,
    mailer: createSmtpMailer({ smtpUrl: sink.url, from: web.config.MAIL_FROM }),
  });
  desk = new HttpClient(web.baseUrl);
  await loginAs(desk, web, { organisationId: web.config.SERVICEDESK_ORGANISATION_ID, subject: 'desk-1' });
  const form = await desk.get('/servicedesk/gemeenten/nieuw');
  const res = await desk.post('/servicedesk/gemeenten', {
    _csrf: csrfTokenIn(form.body),
    gemeentecode: '7771',
    name: 'Testdorp',
    organisationId: STAFF_ORG,
  });
  expect(res.status).toBe(303);
});

afterAll(async () => {
  await worker?.stop();
  await web?.stop();
  await sink?.stop();
  await db?.drop();
});

async function register(fields: Record<string, string>) {
  const form = await desk.get('/servicedesk/gemeenten/nieuw');
  return desk.post('/servicedesk/gemeenten', { _csrf: csrfTokenIn(form.body), ...fields });
}

const rowCount = async () => (await db.db.select().from(organisations)).length;

describe('servicedesk pages', () => {
  it('sends a visitor without a session to the login', async () => {
    const anonymous = new HttpClient(web.baseUrl);
    for (const path of [
      '/servicedesk/gemeenten',
      '/servicedesk/gemeenten/7771',
      '/servicedesk/meldingen',
      '/servicedesk/berichten',
    ]) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${web.baseUrl}/login?terug=${encodeURIComponent(path)}`);
    }
    const post = await anonymous.post('/servicedesk/gemeenten', {
      gemeentecode: '7772',
      name: 'X',
      organisationId: '90007772',
    });
    expect(post.status).toBe(403); // no session, so no CSRF token: refused before anything else
    expect(await rowCount()).toBe(1);
  });

  it('refuses staff of a municipality every servicedesk page and action, and audits it', async () => {
    const staff = new HttpClient(web.baseUrl);
    await loginAs(staff, web, { organisationId: STAFF_ORG, subject: 'staff-1' });
    const home = await staff.get('/');
    const token = csrfTokenIn(home.body);
    for (const path of [
      '/servicedesk/gemeenten',
      '/servicedesk/gemeenten/nieuw',
      '/servicedesk/gemeenten/7771',
      '/servicedesk/meldingen',
      '/servicedesk/berichten',
    ]) {
      const res = await staff.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('Geen toegang');
    }
    const register = await staff.post('/servicedesk/gemeenten', {
      _csrf: token,
      gemeentecode: '7773',
      name: 'Stiekem',
      organisationId: '90007773',
    });
    expect(register.status).toBe(403);
    const agreement = await staff.post('/servicedesk/gemeenten/7771/overeenkomsten', {
      _csrf: token,
      kind: 'ib',
      signedOn: '2026-11-01',
    });
    expect(agreement.status).toBe(403);
    expect(await rowCount()).toBe(1);
    const [row] = await db.db.select().from(organisations).where(eq(organisations.gemeentecode, '7771'));
    expect(row!.ibAgreementSignedOn).toBeNull();
    const denied = await db.db.select().from(auditEvents).where(eq(auditEvents.event, 'access_denied'));
    expect(denied.length).toBe(7);
    expect(denied.every((d) => d.actor === `${STAFF_ORG}/staff-1` && d.organisation === '7771')).toBe(true);
  });

  it('shows Dutch messages next to the fields and stores nothing when the form is wrong', async () => {
    const res = await register({ gemeentecode: '12a', name: '', organisationId: '123' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('precies 4 cijfers');
    expect(res.body).toContain('Vul de naam van de gemeente in.');
    expect(res.body).toContain('KvK-nummer (8 cijfers) of het OIN (20 cijfers)');
    expect(res.body).toContain('aria-invalid="true"');
    expect(await rowCount()).toBe(1);
  });

  it('refuses a second registration of a gemeentecode or of an organisation identifier', async () => {
    const again = await register({ gemeentecode: '7771', name: 'Testdorp', organisationId: '90007779' });
    expect(again.status).toBe(422);
    expect(again.body).toContain('Gemeente 7771 is al geregistreerd.');
    const sameId = await register({ gemeentecode: '7774', name: 'Ander dorp', organisationId: STAFF_ORG });
    expect(sameId.status).toBe(422);
    expect(sameId.body).toContain('hoort al bij een andere gemeente');
    expect(await rowCount()).toBe(1);
  });

  it('refuses an agreement signed in the future or of an unknown kind', async () => {
    const detail = await desk.get('/servicedesk/gemeenten/7771');
    const token = csrfTokenIn(detail.body);
    const future = await desk.post('/servicedesk/gemeenten/7771/overeenkomsten', {
      _csrf: token,
      kind: 'ib',
      signedOn: '2999-01-01',
    });
    expect(future.status).toBe(422);
    expect(future.body).toContain('kan niet in de toekomst liggen');
    const unknown = await desk.post('/servicedesk/gemeenten/7771/overeenkomsten', {
      _csrf: token,
      kind: 'cak',
      signedOn: '2026-11-01',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toContain('Kies welke overeenkomst');
    const [row] = await db.db.select().from(organisations).where(eq(organisations.gemeentecode, '7771'));
    expect([row!.ibAgreementSignedOn, row!.vecozoAgreementSignedOn]).toEqual([null, null]);
  });

  it('answers an htmx request with the fragment only, and says so in Vary', async () => {
    const res = await desk.get('/servicedesk/gemeenten', { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('HX-Request');
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('<h1>Gemeenten</h1>');
  });

  it('sends the redirect only after the flash message is stored', async () => {
    // Browsers follow a 303 as soon as its headers arrive, and express-session sends those before
    // its own save has finished: the next page would load the session without the flash. Hold
    // the session row locked, so that save blocks, and check that no redirect has left meanwhile.
    const form = await desk.get('/servicedesk/gemeenten/nieuw');
    const sid = sessionIdOf(desk.cookie('pz.sid'))!;
    const body = new URLSearchParams({
      _csrf: csrfTokenIn(form.body),
      gemeentecode: '7775',
      name: 'Flitsdorp',
      organisationId: '90007775',
    });
    let answered = false;
    await db.sql.begin(async (tx) => {
      await tx`select sid from sessions where sid = ${sid} for update`;
      const response = fetch(`${web.baseUrl}/servicedesk/gemeenten`, {
        method: 'POST',
        headers: { cookie: `pz.sid=${desk.cookie('pz.sid')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        redirect: 'manual',
      }).then((res) => ((answered = true), res));
      await waitFor('the session save to wait for the row lock', async () => {
        const [waiting] =
          await db.sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%sessions%'`;
        return Boolean(waiting);
      });
      expect(answered, 'a redirect left before the session was stored').toBe(false);
      void response;
    });
    await waitFor('the redirect after the save', () => answered);
    const [row] = await db.sql<
      { flash: string | null }[]
    >`select data->>'flash' as flash from sessions where sid = ${sid}`;
    expect(row!.flash).toBe('Gemeente Flitsdorp is geregistreerd.');
  });

  it('answers an unknown municipality with a Dutch 404 page', async () => {
    const res = await desk.get('/servicedesk/gemeenten/9999');
    expect(res.status).toBe(404);
    expect(res.body).toContain('Pagina niet gevonden');
  });

  it('lists the servicedesk notifications', async () => {
    await db.db.insert(notifications).values({
      key: 'test/reminder/7771',
      audience: 'servicedesk',
      kind: 'agreement_reminder',
      title: 'Overeenkomst ontbreekt: Testdorp',
      body: 'De verwerkersovereenkomst met VECOZO ontbreekt nog.',
      link: '/servicedesk/gemeenten/7771',
    });
    const res = await desk.get('/servicedesk/meldingen');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Overeenkomst ontbreekt: Testdorp');
    expect(res.body).toContain('href="/servicedesk/gemeenten/7771"');
  });

  it('lists overdue, expired and undelivered exchanges per municipality, and those of one municipality', async () => {
    const seed = async (id: string, gemeentecode: string, state: MessageState, ageMs: number) => {
      await db.db.insert(messageFiles).values({
        id: `file-${id}`,
        gemeentecode,
        fileName: `${id}.xml`,
        sha256: 'x',
        sizeBytes: 1,
        content: Buffer.from('x'),
      });
      await db.db.insert(messages).values({
        id,
        workflowId: `msg/${id}`,
        gemeentecode,
        product: 'iwmo',
        messageCode: 'WMO301',
        direction: 'uit',
        role: 'heen',
        state,
        identificatie: id,
        counterparty: '42420001',
        fileId: `file-${id}`,
        fileName: `${id}.xml`,
        sizeBytes: 1,
        receivedAt: new Date(Date.now() - ageMs),
      });
    };
    await seed('MON-LAAT-1', '7771', 'te_laat', 3_000);
    await seed('MON-LAAT-2', '7771', 'te_laat', 2_000);
    await seed('MON-VERLOPEN', '7771', 'verlopen', 1_000);
    await seed('MON-WEIGER', '0518', 'niet_afgeleverd', 500);
    await seed('MON-GOED', '0518', 'afgerond', 100);

    const all = await desk.get('/servicedesk/berichten');
    expect(all.status).toBe(200);
    const row = (code: string) =>
      new RegExp(`gemeente=${code}"[^>]*>[^<]*</a></td>\\s*<td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td>`)
        .exec(all.body)
        ?.slice(1);
    expect(row('7771')).toEqual(['2', '1', '0']);
    expect(row('0518')).toEqual(['0', '0', '1']);
    expect(all.body).toContain('Testdorp (7771)');
    expect(all.body).not.toContain('MON-GOED');
    expect(all.body.indexOf('MON-WEIGER')).toBeLessThan(all.body.indexOf('MON-LAAT-1'));

    const one = await desk.get('/servicedesk/berichten?gemeente=7771');
    expect(one.body).toContain('MON-VERLOPEN');
    expect(one.body).toContain('Verlopen, niet beantwoord');
    expect(one.body).not.toContain('MON-WEIGER</td>');
    expect(one.body).toContain('href="/servicedesk/berichten">Alle gemeenten tonen');
  });
});
