import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageFiles, messages } from '../../db/schema.ts';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { buildDi01, buildDu01, buildFo01 } from '../../domain/stuf/build.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { buildHeenbericht } from '../../gateways/simulators/chain-messages.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { commandDeps, freshIdentificatie, municipalActor, ownExample, waitForState } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { serveWithoutTemporal } from '../helpers/without-temporal.ts';
import { AMSTERDAM, twoMunicipalities } from '../helpers/users.ts';

// The one inbound door for the chain: bearer token, StUF Di01/Du01 in, Fo01 out for anything bad.
let system: AppSystem;
const AGB = '42420001';
const PARAMETERS = {
  applicatieVersie: '0001',
  applicatieSubversie: '0000',
  functieVersie: '0003',
  functieSubversie: '0002',
};

beforeAll(async () => {
  // The care providers answer late here: a Fo01 must reach an exchange that still waits.
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-inbound') },
    retourDelayMs: 120_000,
  });
  await twoMunicipalities(system.web);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

function post(body: string, token: string | null = system.web.config.STUF_INBOUND_TOKEN, baseUrl = system.web.baseUrl) {
  return fetch(`${baseUrl}/stuf/berichten`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

function di01(
  payload: string,
  o: { functie: string; zender?: string; ontvanger?: string; referentienummer?: string },
): { envelope: string; referentienummer: string } {
  const referentienummer = o.referentienummer ?? randomUUID();
  const envelope = buildDi01({
    zender: { organisatie: o.zender ?? AGB, applicatie: 'Zorgapplicatie' },
    ontvanger: { organisatie: o.ontvanger ?? '0363', applicatie: 'GGk' },
    referentienummer,
    tijdstipBericht: new Date(),
    functie: o.functie,
    parameters: PARAMETERS,
    payload: { kind: 'xml', bytes: Buffer.from(payload) },
  });
  return { envelope, referentienummer };
}

async function fo01Of(response: Response): Promise<{ code: string; omschrijving: string }> {
  expect(response.headers.get('content-type')).toContain('text/xml');
  const parsed = parseEnvelope(Buffer.from(await response.arrayBuffer()));
  if (parsed.kind !== 'Fo01') throw new Error(`expected a Fo01, got ${parsed.kind}`);
  return parsed.fo01;
}

const filesStored = async () => (await system.db.db.select({ n: count() }).from(messageFiles))[0]!.n;
const heen305 = (gemeentecode = '0363', identificatie = freshIdentificatie()) => ({
  identificatie,
  xml: buildHeenbericht({ messageCode: 'WMO305', gemeentecode, agbCode: AGB, identificatie }),
});

describe('authentication', () => {
  it('answers 401 without the bearer token or with a wrong one, and reads nothing', async () => {
    const { envelope } = di01(heen305().xml, { functie: 'WMO305' });
    expect((await post(envelope, null)).status).toBe(401);
    expect((await post(envelope, 'x'.repeat(48))).status).toBe(401);
  });
});

describe('refusals with a Fo01, nothing stored', () => {
  it.each([
    ['not XML', () => 'dit is geen xml', 'StUF001'],
    [
      'a DOCTYPE with entities (billion laughs)',
      () =>
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>',
      'StUF001',
    ],
    [
      'a payload for a municipality that is not connected',
      () => di01(heen305('0999').xml, { functie: 'WMO305', ontvanger: '0999' }).envelope,
      'IB005',
    ],
    [
      'a message only a municipality sends',
      () => di01(ownExample('WMO301', '0363', { agb: AGB }).xml, { functie: 'WMO301' }).envelope,
      'IB007',
    ],
    [
      'a payload that is no iStandaard message',
      () => di01('<Bericht xmlns="urn:iets-anders"/>', { functie: 'WMO305' }).envelope,
      'IB004',
    ],
    ['a functie that does not match the payload', () => di01(heen305().xml, { functie: 'WMO307' }).envelope, 'StUF001'],
    [
      'a retour for a message that was never sent',
      () =>
        di01(
          buildRetour(ownExample('WMO301', '0363', { agb: AGB }).xml, {
            dagtekening: '2026-11-28',
            identificatieRetour: 'R1',
          }),
          { functie: 'WMO302', ontvanger: '0363' },
        ).envelope,
      'StUF058',
    ],
  ])('%s', async (_name, body, code) => {
    const before = await filesStored();
    const response = await post(body());
    expect(response.status).toBe(400);
    expect((await fo01Of(response)).code).toBe(code);
    expect(await filesStored()).toBe(before);
    expect((await fetch(`${system.web.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('an incoming heen-bericht', () => {
  it('starts its exchange once, however often the connector delivers it', async () => {
    const { xml } = heen305();
    const { envelope, referentienummer } = di01(xml, { functie: 'WMO305' });
    expect((await post(envelope)).status).toBe(204);
    await waitForState(system.db, referentienummer, 'te_beantwoorden');
    expect((await post(envelope)).status).toBe(204);
    const rows = await system.db.db.select().from(messages).where(eq(messages.id, referentienummer));
    expect(rows).toHaveLength(1);
  });

  it('refuses a second message with the same identification from the same care provider (TR056)', async () => {
    const { xml } = heen305();
    const first = di01(xml, { functie: 'WMO305' });
    expect((await post(first.envelope)).status).toBe(204);
    await waitForState(system.db, first.referentienummer, 'te_beantwoorden');
    const response = await post(di01(xml, { functie: 'WMO305' }).envelope);
    expect(response.status).toBe(400);
    expect((await fo01Of(response)).code).toBe('IB016');
  });
});

describe('a Fo01 from the chain about a delivered message', () => {
  it('ends that exchange as niet afgeleverd; a Fo01 about nothing we sent is refused', async () => {
    const deps = commandDeps(system);
    const actor = municipalActor({ ...AMSTERDAM, subject: 'fo01' }, 'Amsterdam', ['iwmo']);
    const sent = await submitUpload(
      deps,
      actor,
      'iwmo',
      { fileName: 'WMO301.xml', bytes: Buffer.from(ownExample('WMO301', '0363', { agb: AGB }).xml) },
      { confirmFindings: false },
    );
    const id = sent.files[0]!.referentienummer!;
    await waitForState(system.db, id, 'verzonden');
    const fo01 = (crossRefnummer: string) =>
      buildFo01({
        zender: { organisatie: 'VECOZO', applicatie: 'VECOZOWebservice' },
        ontvanger: { organisatie: '0363', applicatie: 'GGk' },
        referentienummer: randomUUID(),
        tijdstipBericht: new Date(),
        crossRefnummer,
        code: 'IB014',
        plek: 'client',
        omschrijving: 'Payload niet conform XSD',
      });
    expect((await post(fo01(id))).status).toBe(204);
    await waitForState(system.db, id, 'niet_afgeleverd');
    const unknown = await post(fo01(randomUUID()));
    expect(unknown.status).toBe(400);
    expect((await fo01Of(unknown)).code).toBe('StUF058');
  });
});

describe('isolation', () => {
  it("does not hand Amsterdam's exchange a retour that names Rotterdam", async () => {
    // A 302 on an Amsterdam identification, but with Rotterdam as the municipality: no such exchange there.
    const sent = system.chain.deliveries().length;
    const { xml, identificatie } = ownExample('WMO301', '0599', { agb: AGB });
    const retour = buildRetour(xml, { dagtekening: '2026-11-28', identificatieRetour: 'R2' });
    const response = await post(
      buildDu01({
        zender: { organisatie: AGB, applicatie: 'Zorgapplicatie' },
        ontvanger: { organisatie: '0599', applicatie: 'GGk' },
        referentienummer: randomUUID(),
        crossRefnummer: randomUUID(),
        tijdstipBericht: new Date(),
        functie: 'WMO302',
        parameters: PARAMETERS,
        payload: { kind: 'xml', bytes: Buffer.from(retour) },
      }),
    );
    expect(response.status).toBe(400);
    expect((await fo01Of(response)).omschrijving).toContain(identificatie);
    expect(system.chain.deliveries().length).toBe(sent);
  });
});

describe('while Temporal is unreachable', () => {
  it('answers 503 with Retry-After and a Fo01 that says to offer it again, and takes the same envelope once afterwards', async () => {
    const cutOff = await serveWithoutTemporal(system);
    const { envelope } = di01(heen305().xml, { functie: 'WMO305' });
    const before = await filesStored();
    try {
      const response = await post(envelope, undefined, cutOff.url);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const fo01 = await fo01Of(response);
      expect(fo01.code).toBe('StUF058');
      expect(fo01.omschrijving).toContain('tijdelijk niet beschikbaar');
    } finally {
      await cutOff.close();
    }
    // Temporal could not say whether it took the start: the file stays for a workflow that may read it.
    expect(await filesStored()).toBe(before + 1);
    // The sender's retry under the same referentienummer stores nothing twice and starts the exchange.
    expect((await post(envelope)).status).toBe(204);
    expect(await filesStored()).toBe(before + 1);
  });
});
