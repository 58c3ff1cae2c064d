import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { messages, wlzLookups } from '../../db/schema.ts';
import {
  devIdpUser,
  startDevIdp,
  type DevIdpUser,
  type RunningDevIdp,
} from '../../gateways/simulators/eherkenning-idp/index.ts';
import { startChainSimulator } from '../../gateways/simulators/chain.ts';
import type { ChainSimulator } from '../../gateways/simulators/chain-types.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { testConfig, testEnv } from '../helpers/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startEntry, untilOutput, webReady, type Child } from '../helpers/entry-process.ts';
import { csrfTokenIn, HttpClient } from '../helpers/http-client.ts';
import { istandaardenDir } from '../helpers/istandaarden.ts';
import { ownExample, waitForState } from '../helpers/messages.ts';
import { Mutable } from '../helpers/mutate.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loginThroughDevIdp } from '../helpers/saml.ts';
import {
  activeMunicipalityThroughPages,
  enterCode,
  issuedCodeIn,
  workingStaffThroughPages,
} from '../helpers/working-staff.ts';

// Personal data never reaches a log line: the web and the worker run as their production entry
// points at the most verbose level while people register, verify, get roles, consult the Wlz
// register and send a WMO301 that comes back with its retour; then nothing that names a person
// may be in what either process wrote. The acting subject (eHerkenning's pseudonym, part of the
// user key) is logged on purpose: it is the user id the logs name instead of a person.

const GEMEENTE = { gemeentecode: '0344', name: 'Utrecht', organisationId: '90000344' };

const beheerder: DevIdpUser = {
  username: 'beheerder.logs',
  password: 'welkom-dev',
  description: 'Gebruikersbeheerder (log privacy test)',
  makelaar: 'sleutelmakelaar',
  loa: 'loa3',
  phone: '+31 6 39517264',
  actingSubjectId: 'log-gb-7c1e',
  organisationId: GEMEENTE.organisationId,
};
const medewerker: DevIdpUser = {
  ...beheerder,
  username: 'medewerker.logs',
  description: 'Medewerker Wmo en Wlz (log privacy test)',
  phone: '+31 6 27153948',
  actingSubjectId: 'log-mw-4b9d2',
};

const beheerderSettings = {
  aanhef: 'dhr',
  voorletters: 'K.',
  voornaam: 'Koenraad',
  achternaam: 'Hoogstraten-Vlieland',
  telefoonnummer: '020-5937164',
  email: 'k.hoogstraten@gemeente.example',
};
const medewerkerSettings = {
  aanhef: 'mevr',
  voorletters: 'A.',
  voornaam: 'Adalwina',
  tussenvoegsel: '',
  achternaam: 'Zwartkruis-Oosterveld',
  afdeling: 'Wmo-loket',
  telefoonnummer: '06-48213597',
  email: 'ada.zwartkruis@gemeente.example',
};
/** Both pass the 11-proef. */
const WLZ_BSN = '628194821';
const CLIENT = {
  bsn: '507529170',
  achternaam: 'Brugsma',
  partner: 'Terwindt',
  voornamen: 'Gijsbertha',
  geboren: '1931-02-17',
};

const ansi = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');

describe('logs of the web and the worker while people and their clients pass through', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let chain: ChainSimulator;
  let idp: RunningDevIdp;
  let web: Child;
  let worker: Child;
  let baseUrl: string;
  let secrets: Record<string, string>;

  beforeAll(async () => {
    [db, sink, chain] = await Promise.all([
      createTestDatabase(),
      startSmtpSink(),
      startChainSimulator({ port: 0, retourDelayMs: 0 }),
    ]);
    const [port, idpPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    const env = testEnv({
      LOG_LEVEL: 'trace',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SAML_SP_ENTITY_ID: `${baseUrl}/saml/metadata`,
      SAML_IDP_ENTRY_POINT: `http://127.0.0.1:${idpPort}/sso`,
      SAML_IDP_LOGOUT_URL: `http://127.0.0.1:${idpPort}/slo`,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: await isolatedNamespace('pz-log-privacy'),
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '4',
      SMTP_URL: sink.url,
      VECOZO_URL: chain.vecozoUrl,
      CAK_URL: chain.cakUrl,
      ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(),
    });
    const config = testConfig(env);
    secrets = {
      'payload codec key': config.PAYLOAD_CODEC_KEY,
      'BSN pseudonym key': config.BSN_PSEUDONYM_KEY,
      'session secret': config.SESSION_SECRET,
      'inbound StUF token': config.STUF_INBOUND_TOKEN,
    };
    chain.setPortal({ url: `${baseUrl}/stuf/berichten`, token: config.STUF_INBOUND_TOKEN });
    idp = await startDevIdp({
      port: idpPort,
      spEntityId: config.SAML_SP_ENTITY_ID,
      issuer: config.SAML_IDP_ISSUER,
      users: [devIdpUser('servicedesk'), beheerder, medewerker],
    });
    web = startEntry('web', 'web/server.ts', env, { capture: true });
    worker = startEntry('worker', 'worker.ts', env, { capture: true });
    await Promise.all([webReady(web, port), untilOutput(worker, 'worker running', 90_000)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([web?.stop(), worker?.stop()]);
    await Promise.allSettled([idp?.stop(), chain?.stop(), sink?.stop()]);
    await db?.drop();
  });

  it(
    'hold ids and codes, never a name, BSN, e-mail address, phone number or verification code',
    { timeout: 120_000 },
    async () => {
      const login = async (client: HttpClient, user: DevIdpUser) =>
        client.follow(await loginThroughDevIdp(client, { idp: { baseUrl: idp.baseUrl } }, user));
      const codes: string[] = [];

      // The servicedesk onboards the municipality and its first gebruikersbeheerder.
      const desk = new HttpClient(baseUrl);
      await login(desk, devIdpUser('servicedesk'));
      await activeMunicipalityThroughPages(desk, GEMEENTE);
      const gb = await workingStaffThroughPages({
        baseUrl,
        idpUrl: idp.baseUrl,
        desk,
        staff: beheerder,
        gemeentecode: GEMEENTE.gemeentecode,
        settings: beheerderSettings,
        onCode: (code) => codes.push(code),
      });

      // A new staff member registers; the gebruikersbeheerder issues the code and, once it is
      // entered, gives the roles.
      const staff = new HttpClient(baseUrl);
      const form = await login(staff, medewerker);
      const saved = await staff.post('/persoonlijke-instellingen', {
        _csrf: csrfTokenIn(form.body),
        ...medewerkerSettings,
      });
      expect(saved.status).toBe(303);
      const pending = await gb.get('/beheer/aanmeldingen');
      const issued = await gb.post(`/beheer/aanmeldingen/${medewerker.actingSubjectId}/code`, {
        _csrf: csrfTokenIn(pending.body),
      });
      const code = issuedCodeIn(issued.body);
      expect(code, issued.body.slice(0, 2000)).toBeDefined();
      codes.push(code!);
      await enterCode(staff, code!);
      const detail = await gb.get(`/beheer/gebruikers/${medewerker.actingSubjectId}`);
      const roles = await gb.post(`/beheer/gebruikers/${medewerker.actingSubjectId}/rollen`, {
        _csrf: csrfTokenIn(detail.body),
        rollen: ['iwmo:gebruiker', 'wlz:gebruiker'],
      });
      expect(roles.status).toBe(303);
      expect((await login(staff, medewerker)).body).toContain('Welkom bij Portaal Zorg');

      // A Wlz-Registertoets.
      const wlzPage = await staff.get('/producten/wlz');
      const answered = await staff.post('/producten/wlz', {
        _csrf: csrfTokenIn(wlzPage.body),
        bsn: WLZ_BSN,
        purpose: 'aanvraag',
        purposeOther: '',
      });
      expect(answered.status).toBe(200);
      const [lookup] = await db.db.select().from(wlzLookups).where(eq(wlzLookups.gemeentecode, GEMEENTE.gemeentecode));
      expect(lookup?.outcome).toBe('nee');

      // A WMO301 about a client, through the upload form, answered by the chain with its WMO302.
      const { xml, identificatie } = ownExample('WMO301', GEMEENTE.gemeentecode);
      const wmo301 = new Mutable(xml)
        .set('Client/Bsn', CLIENT.bsn)
        .set('Client/Geboortedatum/Datum', CLIENT.geboren)
        .set('Client/Naam/Geslachtsnaam/Achternaam', CLIENT.achternaam)
        .set('Client/Naam/Partnernaam/Achternaam', CLIENT.partner)
        .set('Client/Naam/Voornamen', CLIENT.voornamen)
        .toString();
      const aanleveren = await staff.get('/berichten/iwmo/aanleveren');
      const upload = await staff.postMultipart(
        `/berichten/iwmo/aanleveren?_csrf=${encodeURIComponent(csrfTokenIn(aanleveren.body))}`,
        // People name files after their clients; the name must not reach a log line either.
        [{ name: 'bestand', value: wmo301, filename: `toewijzing-${CLIENT.achternaam}.xml`, type: 'application/xml' }],
      );
      expect(upload.status, upload.body.slice(0, 3000)).toBe(303);
      const [sent] = await db.db
        .select()
        .from(messages)
        .where(and(eq(messages.identificatie, identificatie), eq(messages.messageCode, 'WMO301')));
      expect(sent).toBeDefined();
      await waitForState(db, sent!.id, 'afgerond', 30_000);
      const [retour] = await db.db
        .select()
        .from(messages)
        .where(and(eq(messages.workflowId, sent!.workflowId), eq(messages.messageCode, 'WMO302')));
      expect(retour?.role).toBe('retour');

      // Everything either process wrote, up to its last line.
      await Promise.all([web.stop(), worker.stop()]);
      const logs = { web: web.output().replace(ansi, ''), worker: worker.output().replace(ansi, '') };

      // The logs say what happened, by id: a test that captured nothing would prove nothing.
      const userKey = `${medewerker.organisationId}/${medewerker.actingSubjectId}`;
      expect(logs.web).toContain('upload submitted');
      expect(logs.web).toContain(sent!.workflowId);
      expect(logs.web).toContain('wlz registertoets answered');
      expect(logs.web).toContain(lookup!.id);
      expect(logs.web).toContain(userKey);
      expect(logs.worker).toContain('message exchange closed');
      expect(logs.worker).toContain(sent!.workflowId);
      expect(logs.worker).toContain(`user/${GEMEENTE.gemeentecode}/${medewerker.actingSubjectId}`);

      const personal = {
        'BSN (Wlz)': WLZ_BSN,
        'BSN (client)': CLIENT.bsn,
        'birth date (client)': CLIENT.geboren,
        'surname (client)': CLIENT.achternaam,
        'partner name (client)': CLIENT.partner,
        'first names (client)': CLIENT.voornamen,
        'surname (staff)': medewerkerSettings.achternaam,
        'first name (staff)': medewerkerSettings.voornaam,
        'e-mail (staff)': medewerkerSettings.email,
        'phone (staff)': medewerkerSettings.telefoonnummer,
        'surname (beheerder)': beheerderSettings.achternaam,
        'first name (beheerder)': beheerderSettings.voornaam,
        'e-mail (beheerder)': beheerderSettings.email,
        'phone (beheerder)': beheerderSettings.telefoonnummer,
        'phone at the broker (staff)': medewerker.phone,
        'phone at the broker (beheerder)': beheerder.phone,
        ...Object.fromEntries(codes.map((c, i) => [`verification code ${i + 1}`, c])),
      };
      const leaks = Object.entries(logs).flatMap(([process, text]) => [
        ...leaksIn(process, text, personal, spellings),
        ...leaksIn(process, text, secrets, secretSpellings),
      ]);
      const records = (text: string) => recordsOf(text).length;
      console.info(
        `log privacy: web ${records(logs.web)} records, worker ${records(logs.worker)} records (LOG_LEVEL=trace); checked ${Object.keys(personal).length} personal values (${Object.keys(personal).join(', ')}) and ${Object.keys(secrets).length} secrets, as written, URL-encoded and inside base64; leaks ${leaks.length}`,
      );
      expect(leaks).toEqual([]);
    },
  );
});

/** The ways a value may be written: as typed, without separators (phone, code), URL-encoded. */
function spellings(value: string): string[] {
  return [...new Set([value, value.replace(/[\s.-]/g, ''), encodeURIComponent(value)])].filter((s) => s.length >= 4);
}

/** A secret as configured, and its bytes as hex or as a JSON byte array (a serialised Buffer). */
function secretSpellings(value: string): string[] {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? [value, bytes.toString('hex'), [...bytes].join(',')] : [value];
}

/** One log record per entry: pino-pretty starts each with its time and puts the fields below. */
function recordsOf(text: string): string[] {
  return text.split(/\n(?=\[\d\d:\d\d:\d\d)/).filter((r) => r.trim());
}

/**
 * Where a value is in a log, by record: in its text, in its text without whitespace (a byte array
 * spread over lines), or in a base64 string decoded (payloads, tokens).
 */
function leaksIn(
  process: string,
  text: string,
  values: Record<string, string>,
  spell: (value: string) => string[],
): string[] {
  return recordsOf(text).flatMap((record) => {
    const decoded = (record.match(/[A-Za-z0-9+/]{12,}={0,2}/g) ?? []).map((t) =>
      Buffer.from(t, 'base64').toString('latin1'),
    );
    const views = [record, record.replace(/\s/g, ''), ...decoded].map((v) => v.toLowerCase());
    return Object.entries(values)
      .filter(([, value]) => spell(value).some((s) => views.some((v) => v.includes(s.toLowerCase()))))
      .map(([what]) => `${process}: ${what} in the record "${record.split('\n', 1)[0]}"`);
  });
}
