import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productSettings } from '../../db/schema.ts';
import type { ProductSettings } from '../../domain/product-settings.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import type { TestDatabase } from '../helpers/database.ts';
import type { TestWeb } from '../helpers/web.ts';
import { organisationStateQuery, organisationWorkflowId } from '../../workflows/organisation/messages.ts';
import { auditRowsAfter, lastAuditId } from '../helpers/db-rows.ts';
import { csrfTokenIn, type HttpClient, unescapeHtml } from '../helpers/http-client.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loggedInClient } from '../helpers/saml.ts';
import { setProductSettings } from '../../usecases/product-settings.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
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

// Product settings through the real app, worker, organisation workflow and database: who may open
// and change them, what is stored, audited and held by the workflow, across two municipalities.
let db: TestDatabase;
let web: TestWeb;
let system: AppSystem;
let gbA: Person;
let gbR: Person;

const pbA = personIn(AMSTERDAM, 'pb-a');
const gebruikerA = personIn(AMSTERDAM, 'gebruiker-a');
const pbR = personIn(ROTTERDAM, 'pb-r');

const HEX = '0123456789abcdef'.repeat(4);
const FINGERPRINT = HEX.toUpperCase().match(/../g)!.join(':');
const VALID = {
  deliveryChannel: 'webservice',
  endpointUrl: 'https://ggk.amsterdam.nl/stuf/wmo',
  certificateFingerprint: HEX,
  notificationEmails: 'wmo@amsterdam.nl\nberichten@amsterdam.nl, WMO@amsterdam.nl',
  stufVersion: 'ggk0210',
};

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-product-settings') },
  });
  ({ db, web } = system);
  ({ gbA, gbR } = await twoMunicipalities(web));
  await Promise.all([
    activeUser(web, pbA, settingsFor('Productbeheer'), gbA, onlyRole('iwmo', 'productbeheerder')),
    activeUser(web, gebruikerA, settingsFor('Gebruik'), gbA, onlyRole('iwmo', 'gebruiker')),
    activeUser(web, pbR, settingsFor('Rotproduct'), gbR, onlyRole('iwmo', 'productbeheerder')),
  ]);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const loggedIn = (identity: { organisationId: string; subject: string }): Promise<HttpClient> =>
  loggedInClient(web, identity);

/** Refused by the permission check (not by a missing CSRF token): the "Geen toegang" page. */
function expectDenied(res: { status: number; body: string }, what: string): void {
  expect(res.status, what).toBe(403);
  expect(res.body, what).toContain('U heeft geen toegang tot deze pagina of handeling.');
}

const tokenOf = async (client: HttpClient): Promise<string> => csrfTokenIn((await client.get('/')).body);

async function rowOf(gemeentecode: string) {
  const [row] = await db.db
    .select()
    .from(productSettings)
    .where(and(eq(productSettings.gemeentecode, gemeentecode), eq(productSettings.product, 'iwmo')));
  return row;
}

describe('the Productbeheerder of iWmo', () => {
  it('saves webservice settings: stored, audited and held by the organisation workflow', async () => {
    const pb = await loggedIn(pbA);
    const page = await pb.get('/producten/iwmo/instellingen');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Nog niet gewijzigd');
    expect(page.body).toMatch(/value="portaal"\s+checked/);
    const auditBefore = await lastAuditId(db);

    const saved = await pb.post('/producten/iwmo/instellingen', { _csrf: csrfTokenIn(page.body), ...VALID });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${web.baseUrl}/producten/iwmo/instellingen`);

    const row = await rowOf('0363');
    expect(row).toMatchObject({
      deliveryChannel: 'webservice',
      endpointUrl: VALID.endpointUrl,
      certificateFingerprint: FINGERPRINT,
      notificationEmails: ['wmo@amsterdam.nl', 'berichten@amsterdam.nl'],
      stufVersion: 'ggk0210',
      updatedBy: keyOf(pbA),
      version: 1,
    });

    const audit = (await auditRowsAfter(db, auditBefore)).filter((r) => r.event === 'product_settings_changed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: keyOf(pbA), organisation: '0363' });
    expect(audit[0]!.details).toMatchObject({
      product: 'iwmo',
      changed: 'deliveryChannel,endpointUrl,certificateFingerprint,notificationEmails',
      deliveryChannel: 'webservice',
    });
    expect(JSON.stringify(audit[0]!.details)).not.toContain('@');

    const state = await web.temporal.workflow.getHandle(organisationWorkflowId('0363')).query(organisationStateQuery);
    expect(state?.productSettings?.iwmo).toMatchObject({
      endpointUrl: VALID.endpointUrl,
      certificateFingerprint: FINGERPRINT,
      version: 1,
      updatedBy: keyOf(pbA),
    });
    expect(state?.productSettings?.ijw).toBeUndefined();

    const after = await pb.follow(saved);
    expect(after.body).toContain('De instellingen van iWmo zijn opgeslagen.');
    expect(after.body).toContain('Laatst gewijzigd op');
    expect(after.body).toContain('A. Productbeheer');
    expect(after.body).toMatch(/value="webservice"\s+checked/);
    expect(after.body).toContain(FINGERPRINT);

    // The same settings again (a double submit) change nothing and write nothing.
    const again = await pb.post('/producten/iwmo/instellingen', { _csrf: csrfTokenIn(after.body), ...VALID });
    expect(again.status).toBe(303);
    expect((await rowOf('0363'))?.version).toBe(1);
    expect((await auditRowsAfter(db, auditBefore)).filter((r) => r.event === 'product_settings_changed')).toHaveLength(
      1,
    );
  });

  it('gets the form back with Dutch messages next to the fields for invalid input, and nothing changes', async () => {
    const pb = await loggedIn(pbA);
    const token = await tokenOf(pb);
    const before = await rowOf('0363');
    const auditBefore = await lastAuditId(db);
    const res = await pb.post('/producten/iwmo/instellingen', {
      _csrf: token,
      deliveryChannel: 'webservice',
      endpointUrl: 'http://ggk.amsterdam.nl/stuf',
      certificateFingerprint: 'ab:cd',
      notificationEmails: 'wmo@amsterdam.nl\ngeen-adres',
      stufVersion: 'stuf9',
    });
    expect(res.status).toBe(422);
    const body = unescapeHtml(res.body);
    expect(body).toContain('Vul een URL in die begint met https://');
    expect(body).toContain('Vul de SHA-256-vingerafdruk in: 64 hexadecimale tekens');
    expect(body).toContain('"geen-adres" is geen geldig e-mailadres.');
    expect(body).toContain('Kies een StUF-versie uit de lijst.');
    expect(body).toContain('id="veld-endpointUrl-fout"');
    expect(body).toContain('value="http://ggk.amsterdam.nl/stuf"');

    const webserviceWithoutEndpoint = await pb.post('/producten/iwmo/instellingen', {
      _csrf: token,
      ...VALID,
      endpointUrl: '',
      certificateFingerprint: '',
    });
    expect(webserviceWithoutEndpoint.status).toBe(422);
    expect(webserviceWithoutEndpoint.body).toContain('Vul de URL van de webservice in.');

    const tooMany = Array.from({ length: 11 }, (_, i) => `wmo${i}@amsterdam.nl`).join('\n');
    const eleven = await pb.post('/producten/iwmo/instellingen', {
      _csrf: token,
      ...VALID,
      notificationEmails: tooMany,
    });
    expect(eleven.status).toBe(422);
    expect(eleven.body).toContain('Vul hoogstens 10 e-mailadressen in.');

    expect(await rowOf('0363')).toEqual(before);
    expect((await auditRowsAfter(db, auditBefore)).filter((r) => r.event === 'product_settings_changed')).toEqual([]);
  });

  it('cannot open the settings of another product, nor the upload and download page', async () => {
    const pb = await loggedIn(pbA);
    const token = await tokenOf(pb);
    for (const path of [
      '/producten/ijw/instellingen',
      '/producten/wlz/instellingen',
      '/producten/iwmo',
      '/producten/ijw',
    ]) {
      expectDenied(await pb.get(path), path);
    }
    expectDenied(await pb.post('/producten/ijw/instellingen', { _csrf: token, ...VALID }), 'POST ijw');
    expect((await pb.get('/producten/onbekend/instellingen')).status).toBe(404);
  });
});

describe('the organisation workflow', () => {
  it('checks an Update that bypasses web itself: invalid settings are refused with field messages', async () => {
    const before = await rowOf('0363');
    const bad: ProductSettings = {
      deliveryChannel: 'webservice',
      endpointUrl: 'https://127.0.0.1/x',
      certificateFingerprint: HEX,
      notificationEmails: [],
      stufVersion: 'ggk0210',
    };
    const refused = await setProductSettings(
      web.temporal,
      '0363',
      { product: 'iwmo', settings: bad },
      keyOf(pbA),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandRejected);
    expect((refused as CommandRejected).type).toBe('InvalidInput');
    expect((refused as CommandRejected).fieldErrors.endpointUrl).toMatch(/IP-adres/);
    expect(await rowOf('0363')).toEqual(before);
  });
});

describe('everyone else', () => {
  it('a Gebruiker of iWmo and a gebruikersbeheerder cannot open or change the settings', async () => {
    const before = await rowOf('0363');
    for (const p of [gebruikerA, gbA]) {
      const client = await loggedIn(p);
      const token = await tokenOf(client);
      expectDenied(await client.get('/producten/iwmo/instellingen'), p.subject);
      expectDenied(
        await client.post('/producten/iwmo/instellingen', {
          _csrf: token,
          ...VALID,
          endpointUrl: 'https://kwaad.example.nl/x',
        }),
        p.subject,
      );
    }
    expect(await rowOf('0363')).toEqual(before);
  });

  it("the servicedesk cannot read or change a municipality's settings", async () => {
    const desk = await loggedIn({ organisationId: web.config.SERVICEDESK_ORGANISATION_ID, subject: 'desk-ps' });
    const token = csrfTokenIn((await desk.get('/servicedesk/gemeenten')).body);
    const before = await rowOf('0363');
    const page = await desk.get('/producten/iwmo/instellingen');
    expectDenied(page, 'servicedesk GET');
    expect(page.body).not.toContain('ggk.amsterdam.nl');
    expectDenied(
      await desk.post('/producten/iwmo/instellingen', {
        _csrf: token,
        ...VALID,
        endpointUrl: 'https://kwaad.example.nl/x',
      }),
      'servicedesk POST',
    );
    expect(await rowOf('0363')).toEqual(before);
  });

  it("the Productbeheerder of iWmo in Rotterdam sees and changes only Rotterdam's settings", async () => {
    const pb = await loggedIn(pbR);
    const page = await pb.get('/producten/iwmo/instellingen');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Rotterdam');
    expect(page.body).not.toContain('ggk.amsterdam.nl');
    expect(page.body).not.toContain(FINGERPRINT);
    expect(page.body).not.toContain('wmo@amsterdam.nl');

    const before = await rowOf('0363');
    const res = await pb.post('/producten/iwmo/instellingen', {
      _csrf: csrfTokenIn(page.body),
      ...VALID,
      endpointUrl: 'https://ggk.rotterdam.nl/stuf',
      notificationEmails: '',
    });
    expect(res.status).toBe(303);
    expect(await rowOf('0363')).toEqual(before);
    expect(await rowOf('0599')).toMatchObject({
      endpointUrl: 'https://ggk.rotterdam.nl/stuf',
      notificationEmails: [],
      updatedBy: keyOf(pbR),
      version: 1,
    });
  });
});
