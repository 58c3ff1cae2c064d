import { createHmac } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { auditEvents, wlzLookups } from '../../db/schema.ts';
import { createCizSimulator, simulatedIndicatie } from '../../gateways/simulators/ciz.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import type { TestDatabase } from '../helpers/database.ts';
import type { TestWeb } from '../helpers/web.ts';
import { csrfTokenIn, type HttpClient } from '../helpers/http-client.ts';
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
import { PzState } from '../../workflows/search-attributes.ts';

// The Wlz-Registertoets through the real app, worker, workflow, simulated CIZ and database.
let db: TestDatabase;
let web: TestWeb;
let system: AppSystem;
let gbA: Person;
let gbR: Person;

const JA = '123456782'; // passes the 11-proef, last digit even: the simulator says Ja
const NEE = '111222333'; // passes, odd: Nee
const FLAKY = '999999990'; // passes, fails twice at the simulated CIZ, then Ja
const INVALID = '123456789'; // fails the 11-proef
const ciz = createCizSimulator({ registerDate: '2026-11-27', failTransiently: [FLAKY], failures: 2 });

const wlzA = personIn(AMSTERDAM, 'wlz-a');
const pbWlzA = personIn(AMSTERDAM, 'pb-wlz-a');
const iwmoA = personIn(AMSTERDAM, 'iwmo-a');
const wlzR = personIn(ROTTERDAM, 'wlz-r');

beforeAll(async () => {
  system = await startAppSystem({ configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-wlz') }, ciz });
  ({ db, web } = system);
  ({ gbA, gbR } = await twoMunicipalities(web));
  await Promise.all([
    activeUser(web, wlzA, settingsFor('Raadpleger'), gbA, onlyRole('wlz', 'gebruiker')),
    activeUser(web, pbWlzA, settingsFor('Wlzbeheer'), gbA, onlyRole('wlz', 'productbeheerder')),
    activeUser(web, iwmoA, settingsFor('Iwmogebruik'), gbA, onlyRole('iwmo', 'gebruiker')),
    activeUser(web, wlzR, settingsFor('Rotraadpleger'), gbR, onlyRole('wlz', 'gebruiker')),
  ]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const loggedIn = (p: Person): Promise<HttpClient> => loggedInClient(web, p);

async function lookUp(client: HttpClient, bsn: string, purpose = 'aanvraag', purposeOther = '') {
  const token = csrfTokenIn((await client.get('/producten/wlz')).body);
  return client.post('/producten/wlz', { _csrf: token, bsn, purpose, purposeOther });
}

const hmac = (bsn: string) =>
  createHmac('sha256', Buffer.from(web.config.BSN_PSEUDONYM_KEY, 'base64')).update(bsn).digest('hex');
const rowsOf = (gemeentecode: string) =>
  db.db
    .select()
    .from(wlzLookups)
    .where(eq(wlzLookups.gemeentecode, gemeentecode))
    .orderBy(desc(wlzLookups.requestedAt));

/** Every text-like column of the tables, as text, that contains `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const columns = await db.db.execute<{ table_name: string; column_name: string }>(
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and table_name in ('wlz_lookups', 'audit_events', 'notifications') and data_type in ('text', 'character varying', 'jsonb', 'json')`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const [hit] = await db.db.execute(
      sql`select 1 from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text like ${`%${needle}%`} limit 1`,
    );
    if (hit) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

/** Every byte string and text in a (raw, undecoded) history, searched for `needle`. */
function historyContains(value: unknown, needle: string): boolean {
  if (value instanceof Uint8Array) return Buffer.from(value).includes(needle);
  if (typeof value === 'string') return value.includes(needle);
  if (value && typeof value === 'object') return Object.values(value).some((v) => historyContains(v, needle));
  return false;
}

describe('a Gebruiker of the Wlz-Registertoets', () => {
  it('gets Ja or Nee per the simulator rule, with the register date, the BSN masked, and a keyed hash in the log', async () => {
    expect([simulatedIndicatie(JA), simulatedIndicatie(NEE)]).toEqual([true, false]);
    const client = await loggedIn(wlzA);
    const ja = await lookUp(client, JA);
    expect(ja.status).toBe(200);
    expect(ja.body).toContain('Ja, er is een Wlz-indicatie');
    expect(ja.body).toContain('Stand van het Wlz-register: 27 november 2026');
    expect(ja.body).toContain('******782');
    expect(ja.body).not.toContain(JA);

    const nee = await lookUp(client, NEE, 'anders', 'Controle voorliggende voorziening');
    expect(nee.body).toContain('Nee, er is geen Wlz-indicatie');
    expect(nee.body).not.toContain(NEE);

    const rows = await rowsOf('0363');
    const [neeRow, jaRow] = rows;
    expect(jaRow).toMatchObject({
      actor: keyOf(wlzA),
      purpose: 'Beoordeling aanvraag Wmo-maatwerkvoorziening',
      bsnHash: hmac(JA),
      outcome: 'ja',
      registerDate: '2026-11-27',
    });
    expect(neeRow).toMatchObject({
      purpose: 'Anders: Controle voorliggende voorziening',
      bsnHash: hmac(NEE),
      outcome: 'nee',
    });
    expect(jaRow!.answeredAt).toBeInstanceOf(Date);

    const audits = await db.db.select().from(auditEvents).where(eq(auditEvents.event, 'wlz_registertoets'));
    expect(audits.find((a) => a.subject === jaRow!.id)).toMatchObject({
      actor: keyOf(wlzA),
      organisation: '0363',
      details: { outcome: 'ja' },
    });

    // History: who, purpose, outcome; never the BSN.
    const page = await client.get('/producten/wlz');
    expect(page.body).toContain('A. Raadpleger');
    expect(page.body).toContain('Anders: Controle voorliggende voorziening');
    for (const bsn of [JA, NEE]) expect(page.body).not.toContain(bsn);

    // The BSN is nowhere in plain text: tables, search attributes, raw history bytes.
    for (const bsn of [JA, NEE]) expect(await tablesContaining(bsn)).toEqual([]);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const raw = new Client({ connection, namespace: web.config.TEMPORAL_NAMESPACE }); // no codec
      const handle = web.temporal.workflow.getHandle(jaRow!.id);
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(PzState)).toBe('ja');
      expect(JSON.stringify(description.searchAttributes)).not.toContain(JA);
      expect(JSON.stringify(description.searchAttributes)).toContain('wlz');
      const history = await raw.workflow.getHandle(jaRow!.id).fetchHistory();
      expect(history.events?.length).toBeGreaterThan(5);
      expect(historyContains(history, JA)).toBe(false);
      // Sanity check of the scan itself: the workflow type is in the raw history.
      expect(historyContains(history, 'wlzWorkflow')).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it('refuses a BSN that fails the 11-proef with 422, next to the field, without starting anything', async () => {
    const client = await loggedIn(wlzA);
    const before = (await rowsOf('0363')).length;
    const res = await lookUp(client, INVALID);
    expect(res.status).toBe(422);
    expect(res.body).toContain('Dit BSN klopt niet (11-proef)');
    expect(res.body).not.toContain(INVALID);
    expect((await rowsOf('0363')).length).toBe(before);
    const running = await web.temporal.workflow.count(`PzKind = 'wlz' AND PzOrganisation = '0363'`);
    expect(running.count).toBe(before);
    expect(await tablesContaining(INVALID)).toEqual([]);
  });

  it('retries a transient CIZ failure and answers once, with one log row', async () => {
    const client = await loggedIn(wlzA);
    const res = await lookUp(client, FLAKY, 'herbeoordeling');
    expect(res.body).toContain('Ja, er is een Wlz-indicatie');
    expect(ciz.calls(FLAKY)).toBe(3);
    const rows = (await rowsOf('0363')).filter((r) => r.bsnHash === hmac(FLAKY));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('ja');
    const audits = await db.db.select().from(auditEvents).where(eq(auditEvents.subject, rows[0]!.id));
    expect(audits).toHaveLength(1);
  });
});

describe('who may not', () => {
  it('refuses a Productbeheerder of wlz and a Gebruiker of iwmo only (403), and shows no other municipality', async () => {
    for (const p of [pbWlzA, iwmoA]) {
      const client = await loggedIn(p);
      const page = await client.get('/producten/wlz');
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('Eerdere raadplegingen');
      const token = csrfTokenIn((await client.get('/persoonlijke-instellingen')).body);
      expect(
        (await client.post('/producten/wlz', { _csrf: token, bsn: JA, purpose: 'aanvraag', purposeOther: '' })).status,
      ).toBe(403);
    }
    // A Gebruiker of Rotterdam sees only Rotterdam's look-ups.
    const rotterdam = await loggedIn(wlzR);
    const page = await rotterdam.get('/producten/wlz');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('Raadpleger');
    expect(page.body).toContain('Uw gemeente heeft nog geen raadplegingen gedaan.');
    await lookUp(rotterdam, NEE);
    const amsterdam = await (await loggedIn(wlzA)).get('/producten/wlz');
    expect(amsterdam.body).not.toContain('Rotraadpleger');
  });
});
