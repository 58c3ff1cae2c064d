import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions, users } from '../../db/schema.ts';
import type { SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import type { TestDatabase } from '../helpers/database.ts';
import type { TestWeb } from '../helpers/web.ts';
import { auditRowsAfter, lastAuditId, sessionIdOf } from '../helpers/db-rows.ts';
import { csrfTokenIn, HttpClient } from '../helpers/http-client.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { craftResponse, loggedInClient, loginAs, postSamlResponse, startLogin } from '../helpers/saml.ts';
import { registerOrganisation } from '../../usecases/organisation.ts';
import { issueVerificationCode } from '../../usecases/users.ts';
import {
  activeMunicipality,
  activeUser,
  AMSTERDAM,
  firstLoginWithTimers,
  keyOf,
  onlyRole,
  personIn,
  registered,
  ROTTERDAM,
  settingsFor,
  twoMunicipalities,
  userRow,
  type Person,
} from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';

// User administration through the real app, worker, workflows and database: who may see and do
// what, across two municipalities. Everyone is created through web's own command functions.
let db: TestDatabase;
let sink: SmtpSink;
let web: TestWeb;
let system: AppSystem;
let gbA: Person;
let gbR: Person;

const gebruikerA = personIn(AMSTERDAM, 'gebruiker-a');
const pbA = personIn(AMSTERDAM, 'pb-a');
const pendingR = personIn(ROTTERDAM, 'pending-r');
const activeR = personIn(ROTTERDAM, 'active-r');

beforeAll(async () => {
  system = await startAppSystem({ configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-users-admin') } });
  ({ db, sink, web } = system);
  ({ gbA, gbR } = await twoMunicipalities(web));
  await Promise.all([
    activeUser(web, gebruikerA, settingsFor('Gebruik'), gbA, onlyRole('iwmo', 'gebruiker')),
    activeUser(web, pbA, settingsFor('Productbeheer'), gbA, onlyRole('iwmo', 'productbeheerder')),
    registered(web, pendingR, settingsFor('Wachtend')),
    activeUser(web, activeR, settingsFor('Rotgebruik'), gbR, onlyRole('ijw', 'gebruiker')),
  ]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const loggedIn = (p: Person): Promise<HttpClient> => loggedInClient(web, p);

/** A login that started at `terug` (carried through the broker in RelayState); the ACS's answer. */
async function loginReturningTo(p: Person, terug: string) {
  const started = await startLogin(new HttpClient(web.baseUrl), terug);
  const xml = craftResponse(web, started, {
    legalSubjectId: p.organisationId,
    actingSubjectId: p.subject,
    nameId: p.subject,
  });
  return postSamlResponse(new HttpClient(web.baseUrl), xml, started.relayState);
}

async function tokenOf(client: HttpClient): Promise<string> {
  return csrfTokenIn((await client.get('/persoonlijke-instellingen')).body);
}

describe('a gebruikersbeheerder and another municipality', () => {
  it('cannot see or act on users of another municipality: every admin route answers 404 or 403 and nothing changes', async () => {
    const gb = await loggedIn(gbA);
    const token = await tokenOf(gb);
    const before = await db.db.select().from(users).where(eq(users.gemeentecode, '0599'));
    const auditBefore = await lastAuditId(db);

    for (const target of [pendingR, activeR, gbR]) {
      const s = encodeURIComponent(target.subject);
      for (const path of [
        `/beheer/gebruikers/${s}`,
        `/beheer/gebruikers/${s}/schorsen`,
        `/beheer/gebruikers/${s}/heractiveren`,
        `/beheer/gebruikers/${s}/verwijderen`,
        `/beheer/aanmeldingen/${s}/afwijzen`,
      ]) {
        const res = await gb.get(path);
        expect(res.status, `GET ${path}`).toBe(404);
        expect(res.body).not.toContain('Rotbeheer');
      }
      const posts: [string, Record<string, string>][] = [
        [`/beheer/gebruikers/${s}/rollen`, { rollen: 'iwmo:gebruiker', gebruikersbeheerder: 'ja' }],
        [`/beheer/gebruikers/${s}/schorsen`, {}],
        [`/beheer/gebruikers/${s}/heractiveren`, {}],
        [`/beheer/gebruikers/${s}/verwijderen`, {}],
        [`/beheer/aanmeldingen/${s}/code`, {}],
        [`/beheer/aanmeldingen/${s}/afwijzen`, { reason: 'Niet van ons' }],
      ];
      for (const [path, form] of posts) {
        const res = await gb.post(path, { _csrf: token, ...form });
        expect(res.status, `POST ${path}`).toBe(404);
        expect(res.body).not.toMatch(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/);
      }
      // The servicedesk's pages name the municipality in the path: refused outright.
      for (const path of [
        `/servicedesk/gemeenten/0599/gebruikers/${s}`,
        '/servicedesk/gemeenten/0599/gebruikers',
        '/servicedesk/gebruikers',
      ]) {
        expect((await gb.get(path)).status, `GET ${path}`).toBe(403);
      }
      expect((await gb.post(`/servicedesk/gemeenten/0599/gebruikers/${s}/code`, { _csrf: token })).status).toBe(403);
      expect(
        (
          await gb.post(`/servicedesk/gemeenten/0599/gebruikers/${s}/gebruikersbeheerder`, {
            _csrf: token,
            rol: 'intrekken',
          })
        ).status,
      ).toBe(403);
    }

    // The lists only ever show the own municipality, whatever the filters.
    for (const path of [
      '/beheer/gebruikers',
      '/beheer/gebruikers?status=wacht_op_verificatie',
      '/beheer/gebruikers?product=ijw',
      '/beheer/aanmeldingen',
      '/beheer/meldingen',
    ]) {
      const res = await gb.get(path);
      expect(res.status, path).toBe(200);
      for (const name of ['Wachtend', 'Rotgebruik', 'Rotbeheer'])
        expect(res.body, `${path} shows ${name}`).not.toContain(name);
    }

    const after = await db.db.select().from(users).where(eq(users.gemeentecode, '0599'));
    expect(after).toEqual(before);
    const written = await auditRowsAfter(db, auditBefore);
    expect(written.filter((r) => r.event !== 'access_denied')).toEqual([]);
    expect(written.every((r) => r.actor === keyOf(gbA))).toBe(true);
  });

  it('sees and manages the users of its own municipality', async () => {
    const gb = await loggedIn(gbA);
    const list = await gb.get('/beheer/gebruikers');
    expect(list.body).toContain('Gebruik');
    expect(list.body).toContain('Productbeheer');
    const filtered = await gb.get('/beheer/gebruikers?rol=productbeheerder&product=iwmo');
    expect(filtered.body).toContain('Productbeheer');
    expect(filtered.body).not.toContain('>A. Gebruik<');
    const detail = await gb.get(`/beheer/gebruikers/${gebruikerA.subject}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('gebruik@gemeente.example');
    expect(detail.body).toContain('Rollen gewijzigd');
    expect(detail.body).toContain('value="iwmo:gebruiker" checked');
  });
});

describe('product roles', () => {
  it('lets a Productbeheerder open the settings of its product only, and no upload, download or consult page', async () => {
    const pb = await loggedIn(pbA);
    const home = await pb.get('/');
    expect(home.body).toContain('Instellingen iWmo');
    expect(home.body).not.toContain('href="/producten/iwmo"');
    expect((await pb.get('/producten/iwmo/instellingen')).status).toBe(200);
    for (const path of [
      '/producten/iwmo',
      '/producten/ijw',
      '/producten/wlz',
      '/producten/ijw/instellingen',
      '/beheer/gebruikers',
      '/beheer/aanmeldingen',
    ]) {
      expect((await pb.get(path)).status, path).toBe(403);
    }
  });

  it('lets a Gebruiker iWmo upload and download iWmo only, and not open settings or user administration', async () => {
    const user = await loggedIn(gebruikerA);
    const home = await user.get('/');
    expect(home.body).toContain('href="/producten/iwmo"');
    expect(home.body).not.toContain('Gebruikersbeheer');
    expect(home.body).not.toContain('/instellingen');
    const product = await user.get('/producten/iwmo');
    expect(product.status).toBe(200);
    expect(product.body).toContain('<h2 id="taak-aanleveren">Aanleveren</h2>');
    expect(product.body).toContain('<h2 id="taak-ophalen">Ophalen</h2>');
    for (const path of [
      '/producten/ijw',
      '/producten/wlz',
      '/producten/iwmo/instellingen',
      '/beheer/gebruikers',
      '/beheer/aanmeldingen',
      '/beheer/meldingen',
      `/beheer/gebruikers/${pbA.subject}`,
    ]) {
      expect((await user.get(path)).status, path).toBe(403);
    }
    expect((await user.get('/producten/onbekend')).status).toBe(404);
  });
});

describe('the last gebruikersbeheerder', () => {
  it('cannot lose the role, be suspended or be removed while the municipality has no other, and the page says why', async () => {
    const gb = await loggedIn(gbA);
    const detail = await gb.get(`/beheer/gebruikers/${gbA.subject}`);
    const token = csrfTokenIn(detail.body);
    const versionBefore = (await userRow(db, gbA))!.version;

    const plain = await gb.post(`/beheer/gebruikers/${gbA.subject}/rollen`, { _csrf: token, rollen: 'iwmo:gebruiker' });
    expect(plain.status).toBe(422);
    expect(plain.body).toContain('minstens één actieve gebruikersbeheerder');
    expect(plain.body).toContain('role="alert"');

    const htmx = await gb.post(
      `/beheer/gebruikers/${gbA.subject}/rollen`,
      { _csrf: token, rollen: 'iwmo:gebruiker' },
      { 'HX-Request': 'true' },
    );
    expect(htmx.status).toBe(422);
    expect(htmx.body.trimStart()).toMatch(/^<form[^>]*id="rollen"/);
    expect(htmx.body).not.toContain('<html');
    expect(htmx.body).toContain('minstens één actieve gebruikersbeheerder');

    for (const action of ['schorsen', 'verwijderen']) {
      const res = await gb.post(`/beheer/gebruikers/${gbA.subject}/${action}`, { _csrf: token });
      expect(res.status, action).toBe(422);
      expect(res.body).toContain('minstens één actieve gebruikersbeheerder');
    }
    const row = (await userRow(db, gbA))!;
    expect([row.status, row.roles.gebruikersbeheerder, row.version]).toEqual(['actief', true, versionBefore]);
  });
});

describe('roles through the form', () => {
  it('assigns roles with a plain post (redirect) and with htmx (the fragment), effective at the next request', async () => {
    const p = personIn(AMSTERDAM, 'rollen-a');
    await activeUser(web, p, settingsFor('Rollen'), gbA, { products: [], gebruikersbeheerder: false });
    const user = await loggedIn(p);
    expect((await user.get('/')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);

    const gb = await loggedIn(gbA);
    const token = csrfTokenIn((await gb.get(`/beheer/gebruikers/${p.subject}`)).body);
    const plain = await gb.post(`/beheer/gebruikers/${p.subject}/rollen`, { _csrf: token, rollen: 'wlz:gebruiker' });
    expect(plain.status).toBe(303);
    expect(plain.location).toBe(`${web.baseUrl}/beheer/gebruikers/${p.subject}`);
    expect((await user.get('/producten/wlz')).body).toContain('Raadplegen');

    const htmx = await gb.request(`/beheer/gebruikers/${p.subject}/rollen`, {
      method: 'POST',
      headers: { 'HX-Request': 'true', 'X-CSRF-Token': token },
      form: { rollen: 'ijw:gebruiker' },
    });
    expect(htmx.status).toBe(200);
    expect(htmx.body).toContain('De rollen zijn opgeslagen.');
    expect(htmx.body).toContain('value="ijw:gebruiker" checked');
    expect((await user.get('/producten/wlz')).status).toBe(403);
    expect((await user.get('/producten/ijw')).status).toBe(200);

    const tampered = await gb.post(`/beheer/gebruikers/${p.subject}/rollen`, { _csrf: token, rollen: 'ieb:gebruiker' });
    expect(tampered.status).toBe(422);
    expect((await userRow(db, p))!.roles.products).toEqual([{ product: 'ijw', role: 'gebruiker' }]);
  });
});

describe('suspension', () => {
  it('ends the open session of a suspended user at the next request, refuses the login, and reactivation lets them back in', async () => {
    const p = personIn(AMSTERDAM, 'geschorst-a');
    await activeUser(web, p, settingsFor('Schors'), gbA, onlyRole('iwmo', 'gebruiker'));
    const user = await loggedIn(p);
    expect((await user.get('/producten/iwmo')).status).toBe(200);
    const sid = sessionIdOf(user.cookie('pz.sid'))!;
    const [sessionRow] = await db.db.select().from(sessions).where(eq(sessions.sid, sid));

    const gb = await loggedIn(gbA);
    const confirm = await gb.get(`/beheer/gebruikers/${p.subject}/schorsen`);
    expect(confirm.body).toContain('Gebruiker schorsen');
    const done = await gb.post(`/beheer/gebruikers/${p.subject}/schorsen`, { _csrf: csrfTokenIn(confirm.body) });
    expect(done.status).toBe(303);

    const next = await user.get('/producten/iwmo');
    expect(next.status).toBe(303);
    expect(next.location).toContain('/login');
    expect(
      await db.db
        .select()
        .from(sessions)
        .where(eq(sessions.userKey, keyOf(p))),
    ).toEqual([]);

    // A session the workflow did not end (written by another web process a moment later, say) is
    // ended by the gate at its first request, with a page that says why.
    await db.db.insert(sessions).values(sessionRow!);
    const auditBefore = await lastAuditId(db);
    const gated = await user.get('/producten/iwmo');
    expect(gated.status).toBe(303);
    expect(gated.location).toBe(`${web.baseUrl}/uitgelogd?reden=geschorst`);
    expect((await user.get('/uitgelogd?reden=geschorst')).body).toContain('Uw account is geschorst');
    expect(await db.db.select().from(sessions).where(eq(sessions.sid, sid))).toEqual([]);
    expect((await auditRowsAfter(db, auditBefore)).map((r) => [r.event, r.details.reason])).toEqual([
      ['logout', 'user_suspended'],
    ]);

    const refused = new HttpClient(web.baseUrl);
    await expect(loginAs(refused, web, p)).rejects.toThrow(/refused: 403/);
    const [refusal] = await db.db.select().from(auditEvents).where(eq(auditEvents.event, 'login_refused'));
    expect(refusal).toMatchObject({ actor: keyOf(p), details: { reason: 'user_suspended' } });

    const reactivate = await gb.get(`/beheer/gebruikers/${p.subject}/heractiveren`);
    expect(
      (await gb.post(`/beheer/gebruikers/${p.subject}/heractiveren`, { _csrf: csrfTokenIn(reactivate.body) })).status,
    ).toBe(303);
    const back = await loggedIn(p);
    expect((await back.get('/producten/iwmo')).status).toBe(200);
  });

  it('refuses the login of a removed user with a clear page and no session', async () => {
    const p = personIn(AMSTERDAM, 'verwijderd-a');
    await activeUser(web, p, settingsFor('Weg'), gbA, { products: [], gebruikersbeheerder: false });
    const gb = await loggedIn(gbA);
    const confirm = await gb.get(`/beheer/gebruikers/${p.subject}/verwijderen`);
    expect(confirm.body).toContain('Definitief verwijderen');
    expect(
      (await gb.post(`/beheer/gebruikers/${p.subject}/verwijderen`, { _csrf: csrfTokenIn(confirm.body) })).status,
    ).toBe(303);
    const client = new HttpClient(web.baseUrl);
    await expect(loginAs(client, web, p)).rejects.toThrow(/refused: 403/);
    expect(client.cookie('pz.sid')).toBeUndefined();
    expect(
      await db.db
        .select()
        .from(sessions)
        .where(eq(sessions.userKey, keyOf(p))),
    ).toEqual([]);
    expect((await userRow(db, p))!.status).toBe('verwijderd');
  });
});

describe('where a login lands', () => {
  it('sends a new person to the settings, then verification, then waiting for roles, then the asked-for page', async () => {
    const p = personIn(AMSTERDAM, 'nieuw-a');
    const client = new HttpClient(web.baseUrl);
    await loginAs(client, web, p);
    const first = await client.get('/');
    expect(first.location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);
    const form = await client.get('/persoonlijke-instellingen');
    expect(form.body).toContain('Opslaan en aanmelden');
    expect((await client.get('/verificatie')).location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);

    const token = csrfTokenIn(form.body);
    const wrong = await client.post('/persoonlijke-instellingen', {
      _csrf: token,
      aanhef: 'mevr',
      voorletters: 'B.',
      achternaam: '',
      email: 'geen-adres',
      telefoonnummer: '12345',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('Vul uw achternaam in.');
    expect(wrong.body).toContain('Vul een geldig e-mailadres in');
    expect(wrong.body).toContain('Nederlands telefoonnummer');
    expect(wrong.body).toContain('aria-invalid="true"');
    expect(wrong.body).toContain('value="geen-adres"');
    expect((await userRow(db, p))!.status).toBe('instellingen_invullen');

    const valid = {
      _csrf: token,
      aanhef: 'dhr',
      voorletters: 'B.',
      voornaam: 'Bram',
      achternaam: 'Nieuw',
      afdeling: 'Jeugd',
      telefoonnummer: '06-12345678',
      email: 'bram@gemeente.example',
      nieuwsbrief: 'ja',
    };
    const [one, two] = [
      await client.post('/persoonlijke-instellingen', valid),
      await client.post('/persoonlijke-instellingen', valid),
    ];
    expect(one.location).toBe(`${web.baseUrl}/verificatie`);
    expect(two.location).toBe(`${web.baseUrl}/verificatie`);
    const saved = await db.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, keyOf(p)));
    expect(saved.filter((a) => a.event === 'personal_settings_saved')).toHaveLength(1);
    await waitFor(
      'one e-mail to the gebruikersbeheerder',
      () => sink.messages().filter((m) => m.text.includes('B. Nieuw')).length === 1 || undefined,
    );
    expect((await client.get('/')).location).toBe(`${web.baseUrl}/verificatie`);
    expect((await client.get('/verificatie')).body).toContain('Nieuwe gebruikersbeheerder');

    await loginAs(client, web, p);
    expect((await client.get('/')).location).toBe(`${web.baseUrl}/verificatie`);

    const { code } = await issueVerificationCode(
      web.temporal,
      web.config,
      { gemeentecode: '0363', subject: p.subject },
      { actor: keyOf(gbA), kind: 'gebruikersbeheerder' },
      { grantsGebruikersbeheerder: false },
    );
    const verify = await client.post('/verificatie', {
      _csrf: csrfTokenIn((await client.get('/verificatie')).body),
      code: code.toLowerCase(),
    });
    expect(verify.location).toBe(`${web.baseUrl}/uitgelogd?reden=geverifieerd`);
    const relogin = new HttpClient(web.baseUrl);
    await loginAs(relogin, web, p);
    expect((await relogin.get('/')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);
    const waiting = await relogin.get('/wachten-op-rollen');
    expect(waiting.body).toContain('A. Beheer, afdeling Wmo');

    // The page asked for before the login counts only for someone who works: not while waiting for roles.
    expect((await loginReturningTo(p, '/producten/iwmo')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);
    expect((await loginReturningTo(gebruikerA, '/producten/iwmo')).location).toBe(`${web.baseUrl}/producten/iwmo`);
  });

  it('keeps staff of an inactive municipality on the "not yet available" page, without a user workflow', async () => {
    const desk = `${web.config.SERVICEDESK_ORGANISATION_ID}/desk-setup`;
    await registerOrganisation(
      web.temporal,
      web.config,
      { gemeentecode: '0344', name: 'Utrecht', organisationId: '90000344' },
      desk,
    );
    const client = await loggedIn(
      personIn({ gemeentecode: '0344', name: 'Utrecht', organisationId: '90000344' }, 'utrecht-1'),
    );
    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('nog niet beschikbaar');
    expect((await client.get('/persoonlijke-instellingen')).status).toBe(403);
    expect(
      await db.db
        .select()
        .from(users)
        .where(inArray(users.gemeentecode, ['0344'])),
    ).toEqual([]);
  });
});

describe('a registration that ended', () => {
  async function waiting(p: Person): Promise<HttpClient> {
    const client = await loggedIn(p);
    const form = await client.get('/persoonlijke-instellingen');
    const res = await client.post('/persoonlijke-instellingen', {
      _csrf: csrfTokenIn(form.body),
      aanhef: 'anders',
      voorletters: 'C.',
      achternaam: p.subject,
      email: `${p.subject}@gemeente.example`,
    });
    expect(res.location).toBe(`${web.baseUrl}/verificatie`);
    return client;
  }

  it('shows the rejected user the reason at their next request, and lets them register again', async () => {
    const p = personIn(AMSTERDAM, 'afgewezen-a');
    const user = await waiting(p);
    const gb = await loggedIn(gbA);
    const form = await gb.get(`/beheer/aanmeldingen/${p.subject}/afwijzen`);
    const empty = await gb.post(`/beheer/aanmeldingen/${p.subject}/afwijzen`, {
      _csrf: csrfTokenIn(form.body),
      reason: ' ',
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('Vul de reden van de afwijzing in');
    const done = await gb.post(`/beheer/aanmeldingen/${p.subject}/afwijzen`, {
      _csrf: csrfTokenIn(form.body),
      reason: 'Werkt niet bij de afdeling <Wmo>.',
    });
    expect(done.location).toBe(`${web.baseUrl}/beheer/aanmeldingen`);

    const next = await user.get('/verificatie');
    expect(next.location).toBe(`${web.baseUrl}/aanmelding-beeindigd`);
    const page = await user.get('/aanmelding-beeindigd');
    expect(page.body).toContain('Uw aanmelding is afgewezen');
    expect(page.body).toContain('Werkt niet bij de afdeling &lt;Wmo&gt;.');
    expect((await user.get('/producten/iwmo')).location).toBe(`${web.baseUrl}/aanmelding-beeindigd`);

    const again = await user.post('/aanmelding-beeindigd', { _csrf: csrfTokenIn(page.body) });
    expect(again.location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);
    const form2 = await user.get('/persoonlijke-instellingen');
    expect(form2.body).toContain(`value="${p.subject}@gemeente.example"`);
    expect((await userRow(db, p))!.status).toBe('instellingen_invullen');
  });

  it('tells a user whose registration expired, also when they log in again later', async () => {
    const p = personIn(AMSTERDAM, 'verlopen-a');
    // Timers in milliseconds (web uses werkdagen): the registration expires while the user waits.
    await firstLoginWithTimers(web, p, {
      remindAfter: { ms: 300 },
      escalateAfter: { ms: 600 },
      expireAfter: { ms: 900 },
    });
    const user = await waiting(p);
    await waitFor('the registration to expire', async () => (await userRow(db, p))?.status === 'verlopen', {
      timeoutMs: 20_000,
    });
    const next = await user.get('/verificatie');
    expect(next.location).toBe(`${web.baseUrl}/aanmelding-beeindigd`);
    expect((await user.get('/aanmelding-beeindigd')).body).toContain('Uw aanmelding is verlopen');

    // A new login starts a new registration and says why the form is there again.
    const later = await loggedIn(p);
    expect((await later.get('/')).location).toBe(`${web.baseUrl}/persoonlijke-instellingen`);
    const form = await later.get('/persoonlijke-instellingen');
    expect(form.body).toContain('Uw vorige aanmelding is verlopen');
  });
});

describe('the servicedesk', () => {
  it("sees pending users of every municipality, makes a municipality's first gebruikersbeheerder, and grants or revokes that role", async () => {
    const DEN_HAAG = { gemeentecode: '0518', name: "'s-Gravenhage", organisationId: '90000518' };
    await activeMunicipality(web, DEN_HAAG);
    const first = personIn(DEN_HAAG, 'haag-1');
    const second = personIn(DEN_HAAG, 'haag-2');
    await registered(web, first, settingsFor('Haagse'));
    await waitFor('the servicedesk notification (no gebruikersbeheerder yet)', async () =>
      (
        await db.db
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.subject, keyOf(first)))
      ).some((r) => r.event === 'personal_settings_saved'),
    );

    const desk = await loggedIn({
      organisationId: web.config.SERVICEDESK_ORGANISATION_ID,
      gemeentecode: '',
      subject: 'desk-1',
    });
    const pending = await desk.get('/servicedesk/gebruikers');
    expect(pending.status).toBe(200);
    expect(pending.body).toContain('A. Haagse');
    expect(pending.body).toContain("gemeente 's-Gravenhage (0518)".replace("'", '&#39;'));
    expect((await desk.get('/servicedesk/meldingen')).body).toContain('gemeente 0518 heeft geen gebruikersbeheerder');

    expect((await desk.get('/servicedesk/gemeenten/0518')).body).toContain(
      'href="/servicedesk/gemeenten/0518/gebruikers"',
    );
    expect((await desk.get('/servicedesk/gemeenten/0518/gebruikers')).body).toContain('A. Haagse');
    const detail = await desk.get(`/servicedesk/gemeenten/0518/gebruikers/${first.subject}`);
    expect(detail.body).toContain('wordt gebruikersbeheerder');
    const issued = await desk.post(`/servicedesk/gemeenten/0518/gebruikers/${first.subject}/code`, {
      _csrf: csrfTokenIn(detail.body),
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toContain('gebruikersbeheerder van de gemeente');
    const code = /<p class="pz-code"[^>]*>([0-9A-Z-]{11})<\/p>/.exec(issued.body)![1]!;

    const firstClient = await loggedIn(first);
    const page = await firstClient.get('/verificatie');
    expect((await firstClient.post('/verificatie', { _csrf: csrfTokenIn(page.body), code })).location).toBe(
      `${web.baseUrl}/uitgelogd?reden=geverifieerd`,
    );
    const gb = await loggedIn(first);
    expect((await gb.get('/')).body).toContain('Gebruikersbeheer');
    expect((await gb.get('/beheer/gebruikers')).status).toBe(200);

    // The last one cannot go, not even by the servicedesk.
    const users0518 = await desk.get(`/servicedesk/gemeenten/0518/gebruikers/${first.subject}`);
    const refused = await desk.post(`/servicedesk/gemeenten/0518/gebruikers/${first.subject}/gebruikersbeheerder`, {
      _csrf: csrfTokenIn(users0518.body),
      rol: 'intrekken',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('minstens één actieve gebruikersbeheerder');

    await activeUser(web, second, settingsFor('Tweede'), first, onlyRole('iwmo', 'gebruiker'));
    const secondPage = await desk.get(`/servicedesk/gemeenten/0518/gebruikers/${second.subject}`);
    expect(secondPage.body).toContain('Rol gebruikersbeheerder toekennen');
    expect(
      (
        await desk.post(`/servicedesk/gemeenten/0518/gebruikers/${second.subject}/gebruikersbeheerder`, {
          _csrf: csrfTokenIn(secondPage.body),
          rol: 'toekennen',
        })
      ).status,
    ).toBe(303);
    expect((await userRow(db, second))!.roles).toEqual({
      products: [{ product: 'iwmo', role: 'gebruiker' }],
      gebruikersbeheerder: true,
    });
    expect(
      (
        await desk.post(`/servicedesk/gemeenten/0518/gebruikers/${first.subject}/gebruikersbeheerder`, {
          _csrf: csrfTokenIn(secondPage.body),
          rol: 'intrekken',
        })
      ).status,
    ).toBe(303);

    // The change counts at the next request of the former gebruikersbeheerder (no role left at all).
    expect((await gb.get('/beheer/gebruikers')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);
    expect((await gb.get('/')).location).toBe(`${web.baseUrl}/wachten-op-rollen`);

    // Product roles, suspension and removal stay with the municipality.
    const token = csrfTokenIn(secondPage.body);
    expect(
      (await desk.post(`/beheer/gebruikers/${second.subject}/rollen`, { _csrf: token, rollen: 'wlz:gebruiker' }))
        .status,
    ).toBe(403);
    expect((await desk.post(`/beheer/gebruikers/${second.subject}/schorsen`, { _csrf: token })).status).toBe(403);
  });
});
