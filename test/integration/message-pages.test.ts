import { request as httpRequest } from 'node:http';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, messageFetches, messageFiles, messages, notifications } from '../../db/schema.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId } from '../helpers/db-rows.ts';
import { csrfTokenIn, type HttpClient, MULTIPART_BOUNDARY, unescapeHtml } from '../helpers/http-client.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loggedInClient } from '../helpers/saml.ts';
import {
  activeUser,
  AMSTERDAM,
  keyOf,
  onlyRole,
  personIn,
  ROTTERDAM,
  settingsFor,
  twoMunicipalities,
  type Person,
} from '../helpers/users.ts';
import type { TestWeb } from '../helpers/web.ts';
import { ownMessage, withHeaderValue } from '../fixtures/upload/messages.ts';

// The message pages (tabs Aanleveren and Ophalen, one message, its download) through the real app
// and database. The read model rows are seeded directly: they are what activities write, and the
// pages only read them. Uploads that reach the exchange workflow are tested with submitUpload.
let db: TestDatabase;
let web: TestWeb;
let system: AppSystem;

const iwmoA = personIn(AMSTERDAM, 'berichten-iwmo-a');
const ijwA = personIn(AMSTERDAM, 'berichten-ijw-a');
const pbA = personIn(AMSTERDAM, 'berichten-pb-a');
const iwmoR = personIn(ROTTERDAM, 'berichten-iwmo-r');

const DAY = 86_400_000;
const now = Date.now();

type Seed = Partial<typeof messages.$inferInsert> &
  Pick<typeof messages.$inferInsert, 'id' | 'gemeentecode' | 'messageCode' | 'direction' | 'role' | 'state'>;

async function seed(row: Seed, content = `<Bericht>${row.id}</Bericht>`): Promise<void> {
  const fileId = `file-${row.id}`;
  await db.db.insert(messageFiles).values({
    id: fileId,
    gemeentecode: row.gemeentecode,
    fileName: row.fileName ?? `${row.id}.xml`,
    sha256: 'x',
    sizeBytes: content.length,
    content: Buffer.from(content),
  });
  await db.db.insert(messages).values({
    workflowId: `msg/${row.id}`,
    product: 'iwmo',
    identificatie: `ID-${row.id}`,
    counterparty: '12345678',
    fileId,
    fileName: `${row.id}.xml`,
    sizeBytes: content.length,
    receivedAt: new Date(now - DAY),
    ...row,
  });
}

beforeAll(async () => {
  // A short upload timeout: the stalled-upload test waits for it; real uploads here take milliseconds.
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-message-pages'), UPLOAD_TIMEOUT_SECONDS: '2' },
  });
  ({ db, web } = system);
  const { gbA, gbR } = await twoMunicipalities(web);
  await Promise.all([
    activeUser(web, iwmoA, settingsFor('Iwmogebruik'), gbA, onlyRole('iwmo', 'gebruiker')),
    activeUser(web, ijwA, settingsFor('Ijwgebruik'), gbA, onlyRole('ijw', 'gebruiker')),
    activeUser(web, pbA, settingsFor('Productbeheer'), gbA, onlyRole('iwmo', 'productbeheerder')),
    activeUser(web, iwmoR, settingsFor('Rotgebruik'), gbR, onlyRole('iwmo', 'gebruiker')),
  ]);
  // Amsterdam: a 301 answered by a rejecting 302, an overdue 301, an incoming 305 to answer, an iJw 305.
  await seed({
    id: 'A-UIT-301',
    gemeentecode: '0363',
    messageCode: 'WMO301',
    direction: 'uit',
    role: 'heen',
    state: 'afgekeurd',
    answeredBy: ['A-IN-302'],
    duties: [
      {
        kind: 'retour',
        expected: ['WMO302'],
        overdue: false,
        fulfilledBy: 'A-IN-302',
        fulfilledAt: new Date(now - 2 * DAY).toISOString(),
      },
    ],
    receivedAt: new Date(now - 3 * DAY),
  });
  await seed({
    id: 'A-IN-302',
    workflowId: 'msg/A-UIT-301',
    gemeentecode: '0363',
    messageCode: 'WMO302',
    direction: 'in',
    role: 'retour',
    state: 'ontvangen',
    identificatie: 'ID-A-UIT-301',
    retourCodes: [
      { berichtklasse: 'Client', codes: ['0200'] },
      { berichtklasse: 'ToegewezenProduct', codes: ['9332'] },
    ],
    receivedAt: new Date(now - 2 * DAY),
  });
  await seed({
    id: 'A-UIT-LAAT',
    gemeentecode: '0363',
    messageCode: 'WMO301',
    direction: 'uit',
    role: 'heen',
    state: 'te_laat',
    dueAt: new Date(now - DAY),
    duties: [{ kind: 'retour', expected: ['WMO302'], dueAt: new Date(now - DAY).toISOString(), overdue: true }],
    identificatie: 'LAAT-1',
  });
  await seed(
    {
      id: 'A-IN-305',
      gemeentecode: '0363',
      messageCode: 'WMO305',
      direction: 'in',
      role: 'heen',
      state: 'te_beantwoorden',
      dueAt: new Date(now + 2 * DAY),
      duties: [{ kind: 'retour', expected: ['WMO306'], dueAt: new Date(now + 2 * DAY).toISOString(), overdue: false }],
      fileName: 'start "zorg"\r\n.xml',
    },
    '<Bericht>start</Bericht>',
  );
  await seed({
    id: 'A-IN-JW305',
    gemeentecode: '0363',
    product: 'ijw',
    messageCode: 'JW305',
    direction: 'in',
    role: 'heen',
    state: 'te_beantwoorden',
  });
  // Rotterdam: one incoming iWmo message, never visible from Amsterdam.
  await seed({
    id: 'R-IN-305',
    gemeentecode: '0599',
    messageCode: 'WMO305',
    direction: 'in',
    role: 'heen',
    state: 'te_beantwoorden',
    identificatie: 'ROTTERDAM-1',
  });
  await db.db.insert(notifications).values([
    {
      key: 'test-overdue-a',
      audience: '0363:iwmo',
      kind: 'message_overdue',
      title: 'Retour WMO302 te laat',
      body: 'De retour op LAAT-1 is niet op tijd ontvangen.',
      link: '/berichten/bericht/A-UIT-LAAT',
    },
    {
      key: 'test-overdue-r',
      audience: '0599:iwmo',
      kind: 'message_overdue',
      title: 'Rotterdamse melding',
      body: 'Alleen voor Rotterdam.',
    },
  ]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const loggedIn = (p: Person): Promise<HttpClient> => loggedInClient(web, p);

const tokenOf = async (client: HttpClient): Promise<string> => csrfTokenIn((await client.get('/')).body);

/** Starts a multipart upload, sends `start` and then stalls (never ends the body); resolves with the answer. */
function stalledUpload(client: HttpClient, path: string, start: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, web.baseUrl), {
      method: 'POST',
      headers: {
        cookie: `pz.sid=${client.cookie('pz.sid')}`,
        'content-type': `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.write(start);
  });
}

const fetchCount = async () =>
  Number((await db.db.select({ n: sql<number>`count(*)::int` }).from(messageFetches))[0]!.n);

/** Refused by the permission check (not by a missing CSRF token): the "Geen toegang" page. */
function expectDenied(res: { status: number; body: string }, what: string): void {
  expect(res.status, what).toBe(403);
  expect(res.body, what).toContain('U heeft geen toegang tot deze pagina of handeling.');
}

describe('tab Aanleveren', () => {
  it('shows the upload form and the own outgoing messages, newest first, with state, overdue deadline and notifications', async () => {
    const client = await loggedIn(iwmoA);
    const page = await client.get('/berichten/iwmo/aanleveren');
    expect(page.status).toBe(200);
    expect(page.headers.get('vary')).toContain('HX-Request');
    const body = unescapeHtml(page.body);
    expect(body).toContain('enctype="multipart/form-data"');
    const uploadForm = page.body.match(/<form class="pz-form"[^>]*>/)?.[0] ?? '';
    expect(unescapeHtml(uploadForm)).toMatch(/action="\/berichten\/iwmo\/aanleveren\?_csrf=[^"]+"/);
    expect(body).toContain('Ook verzenden als er bevindingen zijn');
    // The checkbox comes before the file input (the route streams the file as it arrives).
    expect(body.indexOf('name="bevestig"')).toBeLessThan(body.indexOf('name="bestand"'));
    expect(body).toContain('<label class="pz-label" for="veld-bestand">Bestand</label>');
    expect(body).toContain('WMO301 Toewijzing');
    expect(body).toContain('Afgekeurd in retour');
    expect(body).toContain('Termijn verstreken');
    expect(body).toContain('(verstreken)');
    expect(body.indexOf('LAAT-1')).toBeLessThan(body.indexOf('ID-A-UIT-301'));
    expect(body).toContain('Retour WMO302 te laat');
    expect(body).not.toContain('Rotterdamse melding');
    // Incoming messages and other municipalities' messages are not on this tab.
    for (const other of ['ID-A-IN-305', 'ROTTERDAM-1', 'ID-A-IN-JW305']) expect(body).not.toContain(other);
  });

  it('pages a long list: the newest 100, a link to the older ones, and from there back to the newest', async () => {
    // Rotterdam's outgoing iWmo list is empty until here: 103 finished messages, a minute apart.
    for (let i = 0; i < 103; i++) {
      await seed({
        id: `R-UIT-${String(i).padStart(3, '0')}`,
        gemeentecode: '0599',
        messageCode: 'WMO301',
        direction: 'uit',
        role: 'heen',
        state: 'afgerond',
        receivedAt: new Date(now - 10 * DAY + i * 60_000),
      });
    }
    const rotterdam = await loggedIn(iwmoR);
    const first = unescapeHtml((await rotterdam.get('/berichten/iwmo/aanleveren')).body);
    expect(first.match(/R-UIT-\d{3}/g)?.filter((id, i, all) => all.indexOf(id) === i)).toHaveLength(100);
    expect(first).toContain('R-UIT-102');
    expect(first).not.toContain('R-UIT-002');
    expect(first).not.toContain('Naar de nieuwste berichten');
    const older = /href="([^"]+)" rel="next">Oudere berichten/.exec(first)?.[1];
    expect(older, 'a link to the older messages').toMatch(/^\/berichten\/iwmo\/aanleveren\?vanaf=/);
    const second = unescapeHtml((await rotterdam.get(older!)).body);
    expect(second.match(/R-UIT-\d{3}/g)?.filter((id, i, all) => all.indexOf(id) === i)).toEqual([
      'R-UIT-002',
      'R-UIT-001',
      'R-UIT-000',
    ]);
    expect(second).toContain('href="/berichten/iwmo/aanleveren">Naar de nieuwste berichten');
    expect(second).not.toContain('Oudere berichten');
    // A damaged link shows the newest page, not an error.
    const damaged = await rotterdam.get('/berichten/iwmo/aanleveren?vanaf=kapot');
    expect(damaged.status).toBe(200);
    expect(unescapeHtml(damaged.body)).toContain('R-UIT-102');
  });

  it('answers a POST without a file with 422 and "Kies een bestand", next to the field', async () => {
    const client = await loggedIn(iwmoA);
    const token = await tokenOf(client);
    const res = await client.postMultipart(`/berichten/iwmo/aanleveren?_csrf=${encodeURIComponent(token)}`, [
      { name: 'bevestig', value: 'ja' },
      { name: 'bestand', value: '', filename: '' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toContain('Kies een bestand');
    expect(res.body).toContain('id="veld-bestand-fout"');
    expect(res.body).toContain('aria-invalid="true"');
  });

  it('answers a programmatic POST without a file in JSON, and a raw upload without a file name with 422', async () => {
    const client = await loggedIn(iwmoA);
    const token = await tokenOf(client);
    const res = await client.postMultipart(
      `/berichten/iwmo/aanleveren?_csrf=${encodeURIComponent(token)}`,
      [{ name: 'bevestig', value: 'ja' }],
      { accept: 'application/json' },
    );
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'refused', message: 'Kies een bestand', files: [] });

    const raw = await client.request('/berichten/iwmo/aanleveren', {
      method: 'POST',
      body: '<Bericht/>',
      headers: {
        'content-type': 'application/xml',
        'x-csrf-token': token,
        accept: 'application/json',
      },
    });
    expect(raw.status).toBe(422);
    expect(JSON.parse(raw.body).message).toContain('X-Bestandsnaam');
  });

  it('refuses a file that is no XML or ZIP with 422, naming the problem per file, and sends nothing', async () => {
    const client = await loggedIn(iwmoA);
    const token = await tokenOf(client);
    const before = await db.db.select({ n: sql<number>`count(*)::int` }).from(messageFiles);
    const res = await client.postMultipart(`/berichten/iwmo/aanleveren?_csrf=${encodeURIComponent(token)}`, [
      { name: 'bestand', value: 'hallo', filename: 'brief.txt', type: 'text/plain' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toContain('Het bestand is geweigerd: er is niets verzonden');
    expect(res.body).toContain('brief.txt');
    expect(res.body).toContain('PZ-EXTENSION');

    const json = await client.request('/berichten/iwmo/aanleveren', {
      method: 'POST',
      body: 'hallo',
      headers: {
        'content-type': 'application/xml',
        'x-bestandsnaam': 'brief.txt',
        'x-csrf-token': token,
        accept: 'application/json',
      },
    });
    expect(json.status).toBe(422);
    expect(JSON.parse(json.body)).toMatchObject({
      status: 'refused',
      files: [{ name: 'brief.txt', problems: [{ code: 'PZ-EXTENSION' }] }],
    });
    expect(await db.db.select({ n: sql<number>`count(*)::int` }).from(messageFiles)).toEqual(before);
  });

  it('breaks off an upload that takes longer than UPLOAD_TIMEOUT_SECONDS with 408, storing nothing', async () => {
    const client = await loggedIn(iwmoA);
    const token = encodeURIComponent(await tokenOf(client));
    const before = await db.db.select({ n: sql<number>`count(*)::int` }).from(messageFiles);
    const path = `/berichten/iwmo/aanleveren?_csrf=${token}`;
    const inFile =
      'Content-Disposition: form-data; name="bestand"; filename="traag.xml"\r\nContent-Type: application/xml\r\n\r\n<?xml version="1.0" encoding="UTF-8"?><Bericht';
    const duringFile = await stalledUpload(client, path, `--${MULTIPART_BOUNDARY}\r\n${inFile}`);
    expect(duringFile.status).toBe(408);
    expect(duringFile.body).toContain('duurde langer dan 2 seconden en is afgebroken. Er is niets verzonden.');
    const beforeFile = await stalledUpload(
      client,
      path,
      `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="bevestig"\r\n\r\nja\r\n`,
    );
    expect(beforeFile.status).toBe(408);
    expect(await db.db.select({ n: sql<number>`count(*)::int` }).from(messageFiles)).toEqual(before);
  });

  it('sends a valid own WMO301: 303 to the list with a flash naming the file, and JSON 201 for software', async () => {
    const client = await loggedIn(iwmoA);
    const token = encodeURIComponent(await tokenOf(client));
    const xml = ownMessage('WMO301', '0363').toString('utf8');
    const res = await client.postMultipart(`/berichten/iwmo/aanleveren?_csrf=${token}`, [
      { name: 'bestand', value: xml, filename: 'toewijzing.xml', type: 'application/xml' },
    ]);
    expect(res.status, res.body.slice(0, 3000)).toBe(303);
    expect(res.headers.get('location')).toBe('/berichten/iwmo/aanleveren');
    const list = await client.get('/berichten/iwmo/aanleveren');
    expect(list.body).toContain('Verzonden: toewijzing.xml.');
    // The exchange writes the read model; the list shows it once it did.
    const sentRow = async () =>
      (
        await db.db
          .select()
          .from(messages)
          .where(and(eq(messages.gemeentecode, '0363'), eq(messages.fileName, 'toewijzing.xml')))
      )[0];
    await expect.poll(sentRow, { timeout: 15_000 }).toBeDefined();
    const row = (await sentRow())!;
    const shown = unescapeHtml((await client.get('/berichten/iwmo/aanleveren')).body);
    expect(shown).toContain(`<td>${row.identificatie}</td>`);
    expect(shown).toContain(`href="/berichten/bericht/${row.id}"`);

    const other = withHeaderValue(Buffer.from(xml), 'Identificatie', 'PZTEST0002').toString('utf8');
    const json = await client.request('/berichten/iwmo/aanleveren', {
      method: 'POST',
      body: other,
      headers: {
        'content-type': 'application/xml',
        'x-bestandsnaam': 'software.xml',
        'x-csrf-token': decodeURIComponent(token),
        accept: 'application/json',
      },
    });
    expect(json.status, json.body).toBe(201);
    const answer = JSON.parse(json.body) as {
      status: string;
      files: { name: string; messageCode: string; referentienummer: string }[];
    };
    expect(answer).toMatchObject({
      status: 'sent',
      files: [{ name: 'software.xml', messageCode: 'WMO301', problems: [], findings: [] }],
    });
    expect(answer.files[0]!.referentienummer).toBeTruthy();
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const client = await loggedIn(iwmoA);
    const res = await client.postMultipart('/berichten/iwmo/aanleveren', [
      { name: 'bestand', value: '<Bericht/>', filename: 'a.xml', type: 'application/xml' },
    ]);
    expect(res.status).toBe(403);
    expect(res.body).toContain('Het formulier is verlopen');
    const raw = await client.request('/berichten/iwmo/aanleveren', {
      method: 'POST',
      body: '<Bericht/>',
      headers: {
        'content-type': 'application/xml',
        'x-bestandsnaam': 'a.xml',
      },
    });
    expect(raw.status).toBe(403);
  });
});

describe('notifications of a product', () => {
  it('shows the newest five on the message pages with a link to all of them, paged and only of the own municipality and product', async () => {
    await db.db.insert(notifications).values([
      ...Array.from({ length: 6 }, (_, i) => ({
        key: `test-older-${i}`,
        audience: '0363:iwmo',
        kind: 'message_overdue' as const,
        title: `Oudere melding ${i}`,
        body: 'Eerder te laat.',
        createdAt: new Date(now - (10 + i) * DAY),
      })),
      { key: 'test-ijw-a', audience: '0363:ijw', kind: 'message_overdue', title: 'Jeugdmelding', body: 'Alleen iJw.' },
    ]);
    const amsterdam = await loggedIn(iwmoA);
    for (const tab of ['aanleveren', 'ophalen']) {
      const page = await amsterdam.get(`/berichten/iwmo/${tab}`);
      expect(page.body.match(/class="pz-notification"/g), tab).toHaveLength(5);
      expect(page.body, tab).toContain('<a href="/berichten/iwmo/meldingen">Alle meldingen</a>');
      expect(page.body, tab).toContain('Retour WMO302 te laat');
      expect(page.body, tab).not.toContain('Oudere melding 5');
    }
    const all = await amsterdam.get('/berichten/iwmo/meldingen');
    expect(all.status).toBe(200);
    for (const title of ['Retour WMO302 te laat', ...Array.from({ length: 6 }, (_, i) => `Oudere melding ${i}`)])
      expect(all.body).toContain(title);
    for (const other of ['Rotterdamse melding', 'Jeugdmelding']) expect(all.body).not.toContain(other);

    const rotterdam = await (await loggedIn(iwmoR)).get('/berichten/iwmo/meldingen');
    expect(rotterdam.body).toContain('Rotterdamse melding');
    expect(rotterdam.body).not.toContain('Oudere melding');
    // The few of Rotterdam fit on its message page: no link to more.
    expect((await (await loggedIn(iwmoR)).get('/berichten/iwmo/aanleveren')).body).not.toContain('Alle meldingen');
    expectDenied(
      await (await loggedIn(ijwA)).get('/berichten/iwmo/meldingen'),
      'iWmo notifications for a Gebruiker iJw',
    );
  });
});

describe('tab Ophalen', () => {
  it('lists the own incoming messages of the product, newest first, with name, sender, state and deadline', async () => {
    const client = await loggedIn(iwmoA);
    const page = await client.get('/berichten/iwmo/ophalen');
    expect(page.status).toBe(200);
    const body = unescapeHtml(page.body);
    expect(body).toContain('WMO305 Start levering');
    expect(body).toContain('WMO302 Retourbericht toewijzing');
    expect(body).toContain('Zorgaanbieder (AGB 12345678)');
    expect(body).toContain('Te beantwoorden');
    expect(body).toContain('href="/berichten/bericht/A-IN-305/download"');
    expect(body.indexOf('ID-A-IN-305')).toBeLessThan(body.indexOf('ID-A-UIT-301'));
    for (const other of ['ROTTERDAM-1', 'ID-A-IN-JW305', '<td>LAAT-1</td>']) expect(body).not.toContain(other);
  });

  it('filters by message code, state and whether a message was fetched', async () => {
    const client = await loggedIn(iwmoA);
    const byCode = unescapeHtml((await client.get('/berichten/iwmo/ophalen?code=WMO302')).body);
    expect(byCode).toContain('ID-A-UIT-301');
    expect(byCode).not.toContain('ID-A-IN-305');
    const byState = unescapeHtml((await client.get('/berichten/iwmo/ophalen?status=te_beantwoorden')).body);
    expect(byState).toContain('ID-A-IN-305');
    expect(byState).not.toContain('ID-A-UIT-301');
    const none = await client.get('/berichten/iwmo/ophalen?code=WMO305&status=ontvangen');
    expect(none.body).toContain('Er zijn geen berichten die aan de filters voldoen.');
    // An unknown filter value is ignored, not an error.
    expect((await client.get('/berichten/iwmo/ophalen?status=%3Cscript%3E&code=JW305')).status).toBe(200);
  });

  it('shows iJw messages to a Gebruiker iJw only, and iEb pages to a Gebruiker iWmo', async () => {
    const ijw = await loggedIn(ijwA);
    const page = await ijw.get('/berichten/ijw/ophalen');
    expect(page.status).toBe(200);
    expect(page.body).toContain('ID-A-IN-JW305');
    expectDenied(await ijw.get('/berichten/iwmo/ophalen'), 'iJw user on iWmo');
    expectDenied(await ijw.get('/berichten/ieb/aanleveren'), 'iJw user on iEb');

    const iwmo = await loggedIn(iwmoA);
    expect((await iwmo.get('/berichten/ieb/ophalen')).status).toBe(200);
    expect((await iwmo.get('/berichten/ieb/aanleveren')).status).toBe(200);
    expectDenied(await iwmo.get('/berichten/ijw/aanleveren'), 'iWmo user on iJw');
    const home = await iwmo.get('/');
    for (const link of [
      '/berichten/iwmo/aanleveren',
      '/berichten/iwmo/ophalen',
      '/berichten/ieb/aanleveren',
      '/berichten/ieb/ophalen',
    ])
      expect(home.body).toContain(`href="${link}"`);
    expect(home.body).not.toContain('href="/berichten/ijw/aanleveren"');
    expect((await iwmo.get('/berichten/wlz/aanleveren')).status).toBe(404);
  });
});

describe('one message', () => {
  it('shows a retour with its retourcodes in Dutch per berichtklasse, and the exchange it belongs to', async () => {
    const client = await loggedIn(iwmoA);
    const page = await client.get('/berichten/bericht/A-IN-302');
    expect(page.status).toBe(200);
    const body = unescapeHtml(page.body);
    expect(body).toContain('<h1>WMO302 Retourbericht toewijzing</h1>');
    expect(body).toContain('Cliënt');
    expect(body).toContain('Toegewezen product');
    expect(body).toContain('Toewijzing heeft geen uniek nummer binnen wettelijk domein');
    expect(body).toContain('Geen opmerking over deze berichtklasse');
    expect(body).toContain('href="/berichten/bericht/A-UIT-301"');
  });

  it('shows the duty of an outgoing heen-bericht as fulfilled by its retour', async () => {
    const client = await loggedIn(iwmoA);
    const body = unescapeHtml((await client.get('/berichten/bericht/A-UIT-301')).body);
    expect(body).toContain('Afgekeurd in retour');
    expect(body).toContain('Ontvangen: <a href="/berichten/bericht/A-IN-302">WMO302 Retourbericht toewijzing</a>');
  });

  it('tells how to answer an incoming heen-bericht with an open duty', async () => {
    const client = await loggedIn(iwmoA);
    const page = await client.get('/berichten/bericht/A-IN-305');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Beantwoord dit bericht met een WMO306 via');
    expect(page.body).toContain('href="/berichten/iwmo/aanleveren"');
    expect(page.body).toContain('Dit bericht is nog niet opgehaald.');
  });

  it('downloads the file as XML attachment with a safe name, and records the fetch and an audit row', async () => {
    const client = await loggedIn(iwmoA);
    const fromAudit = await lastAuditId(db);
    const res = await client.get('/berichten/bericht/A-IN-305/download');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<Bericht>start</Bericht>');
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="start__zorg___.xml"');
    const fetches = await db.db.select().from(messageFetches).where(eq(messageFetches.messageId, 'A-IN-305'));
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatchObject({ gemeentecode: '0363', fetchedBy: keyOf(iwmoA) });
    const audits = await auditRowsAfter(db, fromAudit);
    expect(audits.filter((a) => a.event === 'message_fetched')).toEqual([
      expect.objectContaining({
        actor: keyOf(iwmoA),
        organisation: '0363',
        details: { product: 'iwmo', messageCode: 'WMO305' },
      }),
    ]);
    const [audit] = await db.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'message_fetched'), eq(auditEvents.subject, 'A-IN-305')));
    expect(audit).toBeDefined();

    // Ophalen shows who fetched it first; the filter "opgehaald" follows.
    const ophalen = unescapeHtml((await client.get('/berichten/iwmo/ophalen')).body);
    expect(ophalen).toContain('A. Iwmogebruik');
    expect(unescapeHtml((await client.get('/berichten/iwmo/ophalen?opgehaald=ja')).body)).toContain('ID-A-IN-305');
    const notFetched = unescapeHtml((await client.get('/berichten/iwmo/ophalen?opgehaald=nee')).body);
    expect(notFetched).not.toContain('ID-A-IN-305');
    expect(notFetched).toContain('ID-A-UIT-301');
    expect((await client.get('/berichten/bericht/A-IN-305')).body).toContain('door A. Iwmogebruik');
  });
});

describe('isolation and rights', () => {
  it('answers 404 for every message route of another municipality, and records nothing', async () => {
    const fetchesBefore = await fetchCount();
    const fromAudit = await lastAuditId(db);
    const rotterdam = await loggedIn(iwmoR);
    const amsterdam = await loggedIn(iwmoA);
    for (const [client, id] of [
      [rotterdam, 'A-IN-305'],
      [rotterdam, 'A-UIT-301'],
      [amsterdam, 'R-IN-305'],
    ] as const) {
      for (const path of [`/berichten/bericht/${id}`, `/berichten/bericht/${id}/download`]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(res.body, path).toContain('Pagina niet gevonden');
        for (const leak of [`ID-${id}`, 'ROTTERDAM-1']) expect(res.body, path).not.toContain(leak);
      }
    }
    // And the lists of the other municipality never show them.
    expect((await rotterdam.get('/berichten/iwmo/ophalen')).body).not.toContain('ID-A-IN-305');
    expect((await rotterdam.get('/berichten/iwmo/aanleveren')).body).not.toContain('ID-A-UIT-301');
    expect(await fetchCount()).toBe(fetchesBefore);
    expect((await auditRowsAfter(db, fromAudit)).filter((a) => a.event === 'message_fetched')).toEqual([]);
  });

  it('refuses a Gebruiker of another product a message of its own municipality with 403', async () => {
    const ijw = await loggedIn(ijwA);
    expectDenied(await ijw.get('/berichten/bericht/A-IN-305'), 'detail');
    expectDenied(await ijw.get('/berichten/bericht/A-IN-305/download'), 'download');
    expect((await ijw.get('/berichten/bericht/A-IN-JW305')).status).toBe(200);
  });

  it('refuses a Productbeheerder alone every message route with 403, including an upload with a valid token', async () => {
    const pb = await loggedIn(pbA);
    const fetchesBefore = await fetchCount();
    const fromAudit = await lastAuditId(db);
    for (const path of [
      '/berichten/iwmo/aanleveren',
      '/berichten/iwmo/ophalen',
      '/berichten/ieb/aanleveren',
      '/berichten/ieb/ophalen',
      '/berichten/bericht/A-IN-305',
      '/berichten/bericht/A-IN-305/download',
    ]) {
      expectDenied(await pb.get(path), path);
    }
    const token = await tokenOf(pb);
    expectDenied(
      await pb.postMultipart(`/berichten/iwmo/aanleveren?_csrf=${encodeURIComponent(token)}`, [
        { name: 'bestand', value: '<Bericht/>', filename: 'a.xml' },
      ]),
      'upload',
    );
    expect(await fetchCount()).toBe(fetchesBefore);
    const denied = (await auditRowsAfter(db, fromAudit)).filter((a) => a.event === 'access_denied');
    expect(denied.length).toBeGreaterThanOrEqual(7);
    expect((await pb.get('/')).body).not.toContain('/berichten/');
  });
});

describe('the main menu', () => {
  it('offers the message pages of the products a user works with, and only those', async () => {
    const nav = (body: string) => /<nav class="pz-nav"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    const iwmo = nav((await (await loggedIn(iwmoA)).get('/')).body);
    expect(iwmo).toContain('href="/berichten/iwmo"');
    expect(iwmo).toContain('href="/berichten/ieb"');
    expect(iwmo).not.toContain('href="/berichten/ijw"');
    const pb = nav((await (await loggedIn(pbA)).get('/')).body);
    expect(pb).not.toContain('/berichten/');
    const redirect = await (await loggedIn(iwmoA)).get('/berichten/iwmo');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/berichten/iwmo/aanleveren');
  });
});

describe('the home tiles', () => {
  it("say what waits for the user's own municipality, per product", async () => {
    const tile = (body: string, title: string) =>
      new RegExp(`<h2 class="pz-tile__title">${title}</h2>\\s*<p>([^<]*)</p>`).exec(body)?.[1];
    const amsterdam = (await (await loggedIn(iwmoA)).get('/')).body;
    expect(tile(amsterdam, 'iWmo')).toBe(
      'Berichten aanleveren en ophalen. 1 bericht te beantwoorden, 1 over de termijn.',
    );
    expect(tile(amsterdam, 'iEb')).toBe('Berichten aanleveren en ophalen. Niets dat op u wacht.');
    expect(tile((await (await loggedIn(ijwA)).get('/')).body, 'iJw')).toBe(
      'Berichten aanleveren en ophalen. 1 bericht te beantwoorden.',
    );
    expect(tile((await (await loggedIn(iwmoR)).get('/')).body, 'iWmo')).toBe(
      'Berichten aanleveren en ophalen. 1 bericht te beantwoorden.',
    );
  });
});
