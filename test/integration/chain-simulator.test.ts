import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejects } from '../../domain/message-exchange.ts';
import { readRetourCodes } from '../../domain/messages/retour-read.ts';
import { buildDi01 } from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import type { ParsedEnvelope } from '../../domain/stuf/types.ts';
import { DeliveryError } from '../../gateways/chain.ts';
import { startChainSimulator } from '../../gateways/simulators/chain.ts';
import type { ChainSimulator } from '../../gateways/simulators/chain-types.ts';
import { createStufHttpGateway } from '../../gateways/stuf-http.ts';
import { createValidator } from '../../validation/validator.ts';
import { exampleText, istandaardenDir } from '../helpers/istandaarden.ts';
import { waitFor } from '../helpers/wait.ts';

// The chain simulator with a tiny HTTP server in the test playing the portal's inbound endpoint.

const TOKEN = 'test-token-ketensimulator';
const GEMEENTE = '0384';
const AGB = '42420001';
const validator = createValidator(istandaardenDir());
const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

type PortalRequest = {
  authorization: string | undefined;
  contentType: string | undefined;
  envelope: ParsedEnvelope & { kind: 'Di01' | 'Du01' };
};

let portal: Server;
let portalUrl: string;
const portalReceived: PortalRequest[] = [];
let portalFailures = 0;
let sim: ChainSimulator;

beforeAll(async () => {
  portal = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (portalFailures > 0) {
        portalFailures--;
        res.writeHead(503).end();
        return;
      }
      const envelope = parseEnvelope(new Uint8Array(Buffer.concat(chunks)));
      if (envelope.kind === 'Fo01') throw new Error('the simulator sent a Fo01 to the portal');
      portalReceived.push({
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        envelope,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/stuf/berichten`;
  sim = await startChainSimulator({ retourDelayMs: 20, portalRetryDelayMs: 20 });
  sim.setPortal({ url: portalUrl, token: TOKEN });
});

afterAll(async () => {
  await sim?.stop();
  portal?.closeAllConnections();
  await new Promise<void>((resolve) => portal.close(() => resolve()));
});

function di01(
  functie: string,
  payload: string,
  organisaties = { zender: GEMEENTE, ontvanger: AGB },
): { referentienummer: string; envelope: string } {
  const referentienummer = randomUUID();
  const envelope = buildDi01({
    zender: { organisatie: organisaties.zender, applicatie: 'PortaalZorg' },
    ontvanger: { organisatie: organisaties.ontvanger, applicatie: 'GGk' },
    referentienummer,
    tijdstipBericht: new Date(),
    functie,
    parameters: {
      applicatieVersie: '0001',
      applicatieSubversie: '0000',
      functieVersie: '0003',
      functieSubversie: '0002',
    },
    payload: { kind: 'xml', bytes: new TextEncoder().encode(payload) },
  });
  return { referentienummer, envelope };
}

async function post(url: string, body: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body });
  return { status: response.status, body: await response.text() };
}

const answersTo = (referentienummer: string): PortalRequest[] =>
  portalReceived.filter((r) => r.envelope.stuurgegevens.crossRefnummer === referentienummer);
const waitForAnswer = (referentienummer: string): Promise<PortalRequest> =>
  waitFor(`the retour to ${referentienummer}`, () => answersTo(referentienummer)[0]);

async function xsdValid(
  name: string,
  xml: string,
): Promise<{ valid: boolean; messageCode: string | null; findings: unknown[] }> {
  const [result] = await validator.validate([{ name, bytes: new TextEncoder().encode(xml) }]);
  return result!;
}

describe('chain simulator: VECOZO and its care providers', () => {
  it(
    'answers a WMO301 with exactly one Du01 carrying a valid WMO302 with 0200 everywhere',
    { timeout: 60_000 },
    async () => {
      const heen = di01('WMO301', exampleText('WMO301'));
      expect((await post(sim.vecozoUrl, heen.envelope)).status).toBe(200);
      const answer = await waitForAnswer(heen.referentienummer);
      expect(answer.authorization).toBe(`Bearer ${TOKEN}`);
      expect(answer.contentType).toBe('text/xml; charset=utf-8');
      const { envelope } = answer;
      expect(envelope.kind).toBe('Du01');
      expect(envelope.stuurgegevens).toMatchObject({
        functie: 'WMO302',
        zender: { organisatie: AGB },
        ontvanger: { organisatie: GEMEENTE, applicatie: 'GGk' },
      });
      const payload = utf8(envelope.payload.bytes);
      const validation = await xsdValid('WMO302.xml', payload);
      expect(validation.findings).toEqual([]);
      expect(validation.messageCode).toBe('WMO302');
      const codes = readRetourCodes(payload);
      expect(codes.length).toBeGreaterThan(3);
      expect(codes.every((k) => k.codes.join() === '0200')).toBe(true);
      expect(sim.deliveries({ referentienummer: heen.referentienummer })).toMatchObject([
        { party: 'VECOZO', kind: 'Di01', functie: 'WMO301', zender: GEMEENTE, ontvanger: AGB },
      ]);
      expect(answersTo(heen.referentienummer)).toHaveLength(1);
    },
  );

  it('rejects a 301 whose payload carries the test marker with 9332 on the product', { timeout: 60_000 }, async () => {
    const marked = exampleText('JW301').replace(
      /(<jw301:ToegewezenProduct>[\s\S]*?<jw301:Commentaar>)[^<]*/,
      '$1PZ-TEST-AFKEUR',
    );
    expect(marked).toContain('PZ-TEST-AFKEUR');
    const heen = di01('JW301', marked);
    expect((await post(sim.vecozoUrl, heen.envelope)).status).toBe(200);
    const answer = await waitForAnswer(heen.referentienummer);
    expect(answer.envelope.stuurgegevens.functie).toBe('JW302');
    const payload = utf8(answer.envelope.payload.bytes);
    expect((await xsdValid('JW302.xml', payload)).findings).toEqual([]);
    const codes = readRetourCodes(payload);
    expect(rejects(codes)).toBe(true);
    expect(codes.filter((k) => k.codes.join() !== '0200')).toEqual([
      { berichtklasse: expect.stringMatching(/^ToegewezenProduct/) as unknown as string, codes: ['9332'] },
    ]);
  });

  it('answers a marked 319 with a 320 that rejects the Antwoord with 9355', { timeout: 60_000 }, async () => {
    const marked = exampleText('WMO319').replace('</wmo319:Header>', '</wmo319:Header><!-- PZ-TEST-AFKEUR -->');
    expect(marked).toContain('PZ-TEST-AFKEUR');
    const heen = di01('WMO319', marked);
    await post(sim.vecozoUrl, heen.envelope);
    const answer = await waitForAnswer(heen.referentienummer);
    expect(answer.envelope.stuurgegevens.functie).toBe('WMO320');
    const payload = utf8(answer.envelope.payload.bytes);
    expect((await xsdValid('WMO320.xml', payload)).findings).toEqual([]);
    expect(readRetourCodes(payload)).toEqual([
      { berichtklasse: 'Header', codes: ['0200'] },
      { berichtklasse: 'Antwoord', codes: ['9355'] },
    ]);
  });

  it('counts a duplicate referentienummer once and answers it once', { timeout: 30_000 }, async () => {
    const heen = di01('WMO301', exampleText('WMO301'));
    expect((await post(sim.vecozoUrl, heen.envelope)).status).toBe(200);
    expect((await post(sim.vecozoUrl, heen.envelope)).status).toBe(200);
    expect(sim.deliveryCount(heen.referentienummer)).toBe(1);
    expect(sim.deliveries({ referentienummer: heen.referentienummer })).toHaveLength(1);
    await waitForAnswer(heen.referentienummer);
    // A second answer would have been scheduled with the first; a later exchange's answer has passed it.
    const later = di01('WMO301', exampleText('WMO301'));
    await post(sim.vecozoUrl, later.envelope);
    await waitForAnswer(later.referentienummer);
    expect(answersTo(heen.referentienummer)).toHaveLength(1);
  });

  it('answers 503 and then accepts after failNext unavailable; refuses with Fo01 IB007 after failNext refuse', async () => {
    const gateway = createStufHttpGateway({ party: 'VECOZO', url: sim.vecozoUrl });
    const heen = di01('WMO305', exampleText('WMO305'));
    sim.failNext('VECOZO', 1, 'unavailable');
    const first = await gateway.deliver(heen).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DeliveryError);
    expect((first as DeliveryError).transient).toBe(true);
    expect(sim.deliveryCount(heen.referentienummer)).toBe(0);
    await gateway.deliver(heen);
    expect(sim.deliveryCount(heen.referentienummer)).toBe(1);

    sim.failNext('VECOZO', 1, 'refuse');
    const refusedEnvelope = di01('WMO305', exampleText('WMO305'));
    const refused = await post(sim.vecozoUrl, refusedEnvelope.envelope);
    expect(refused.status).toBe(400);
    const fo01 = parseEnvelope(refused.body);
    expect(fo01.kind === 'Fo01' && fo01.fo01.code).toBe('IB007');
    expect(fo01.stuurgegevens.crossRefnummer).toBe(refusedEnvelope.referentienummer);
    expect(sim.deliveryCount(refusedEnvelope.referentienummer)).toBe(0);
  });

  it('takes deliveries in without answering while it hangs, and answers those still waiting on release', async () => {
    const impatient = createStufHttpGateway({ party: 'VECOZO', url: sim.vecozoUrl, timeoutMs: 300 });
    const heen = di01('WMO301', exampleText('WMO301'));
    const hang = sim.hang('VECOZO');
    const first = await impatient.deliver(heen).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DeliveryError);
    expect((first as DeliveryError).message).toContain('geen antwoord');
    // Taken in all the same: the retour is on its way although the sender heard nothing.
    expect(sim.deliveryCount(heen.referentienummer)).toBe(1);
    await waitFor('the sender that gave up counted', () => hang.abandoned() === 1);

    const retried = createStufHttpGateway({ party: 'VECOZO', url: sim.vecozoUrl }).deliver(heen);
    await waitFor('the retry held', () => hang.held() === 1);
    hang.release();
    await retried;
    expect(sim.deliveryAttempts(heen.referentienummer)).toBe(2);
    expect(sim.deliveryCount(heen.referentienummer)).toBe(1);
    await waitForAnswer(heen.referentienummer);
    expect(answersTo(heen.referentienummer)).toHaveLength(1);
    // Released: the next delivery is answered at once.
    await createStufHttpGateway({ party: 'VECOZO', url: sim.vecozoUrl, timeoutMs: 5_000 }).deliver(
      di01('WMO301', exampleText('WMO301')),
    );
  });

  it('answers a bad envelope with 400 and a Fo01 that parseEnvelope reads', async () => {
    const bad = await post(sim.vecozoUrl, '<geen-envelop/>');
    expect(bad.status).toBe(400);
    const parsed = parseEnvelope(bad.body);
    expect(parsed.kind).toBe('Fo01');
    if (parsed.kind === 'Fo01') expect(parsed.fo01.code).toBe('IB001');
    expect((await post(sim.vecozoUrl, 'geen xml')).status).toBe(400);
  });

  it('never answers a retour or an answer', { timeout: 30_000 }, async () => {
    const retour = di01('WMO306', exampleText('WMO306'));
    await post(sim.vecozoUrl, retour.envelope);
    const heen = di01('WMO301', exampleText('WMO301'));
    await post(sim.vecozoUrl, heen.envelope);
    await waitForAnswer(heen.referentienummer);
    expect(sim.deliveryCount(retour.referentienummer)).toBe(1);
    expect(answersTo(retour.referentienummer)).toEqual([]);
  });
});

describe('chain simulator: messages from care providers', () => {
  for (const messageCode of ['WMO305', 'WMO315', 'WMO323', 'JW305', 'WMO307', 'WMO317', 'JW315', 'JW323'] as const) {
    it(`sends a valid ${messageCode} as a Di01 to the portal`, { timeout: 60_000 }, async () => {
      const result = await sim.send({ messageCode, gemeentecode: '0363', agbCode: '12345678' });
      expect(result.delivered).toBe(true);
      const request = portalReceived.find(
        (r) => r.envelope.stuurgegevens.referentienummer === result.referentienummer,
      )!;
      expect(request.envelope.kind).toBe('Di01');
      expect(request.envelope.stuurgegevens).toMatchObject({
        functie: messageCode,
        zender: { organisatie: '12345678' },
        ontvanger: { organisatie: '0363', applicatie: 'GGk' },
      });
      const payload = utf8(request.envelope.payload.bytes);
      expect(payload).toBe(result.xml);
      expect(payload).toContain(`>${result.identificatie}<`);
      const validation = await xsdValid(`${messageCode}.xml`, payload);
      expect(validation.findings).toEqual([]);
      expect(validation).toMatchObject({ valid: true, messageCode });
    });
  }

  it('offers the same over HTTP, checking its input', async () => {
    const ok = await fetch(`${sim.url}/scenario/send`, {
      method: 'POST',
      body: JSON.stringify({ messageCode: 'JW317', gemeentecode: '0363', agbCode: '12345678', identificatie: 'VOW1' }),
    });
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { referentienummer: string; identificatie: string; afgeleverd: boolean };
    expect(json).toMatchObject({ identificatie: 'VOW1', afgeleverd: true });
    const bad = await fetch(`${sim.url}/scenario/send`, {
      method: 'POST',
      body: JSON.stringify({ messageCode: 'WMO301', gemeentecode: '363', agbCode: '12345678' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fout: string }).fout).toMatch(/messageCode.*gemeentecode/);
  });

  it('shows deliveries on an HTML page with the values escaped', async () => {
    const heen = di01('WMO305', exampleText('WMO305'), { zender: '<b>0363</b>', ontvanger: AGB });
    await post(sim.vecozoUrl, heen.envelope);
    const page = await fetch(`${sim.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(heen.referentienummer);
    expect(html).toContain('&lt;b&gt;0363&lt;/b&gt;');
    expect(html).not.toContain('<b>0363</b>');
  });
});

describe('chain simulator: the CAK', () => {
  it('answers a WMO405 with a WMO406 from the CAK', { timeout: 30_000 }, async () => {
    const ns = 'http://www.istandaarden.nl/ieb/1_0/wmo405/schema';
    const payload = `<?xml version="1.0" encoding="UTF-8"?>\n<wmo405:Bericht xmlns:wmo405="${ns}">\n\t<wmo405:Header>\n\t\t<wmo405:Afzender>${GEMEENTE}</wmo405:Afzender>\n\t\t<wmo405:Ontvanger>CAK</wmo405:Ontvanger>\n\t\t<wmo405:XsdVersie>\n\t\t\t<wmo405:BerichtXsdVersie>1.0.0</wmo405:BerichtXsdVersie>\n\t\t</wmo405:XsdVersie>\n\t</wmo405:Header>\n</wmo405:Bericht>\n`;
    const heen = di01('WMO405', payload, { zender: GEMEENTE, ontvanger: 'CAK' });
    expect((await post(sim.cakUrl, heen.envelope)).status).toBe(200);
    const answer = await waitForAnswer(heen.referentienummer);
    expect(answer.envelope.stuurgegevens).toMatchObject({
      functie: 'WMO406',
      zender: { organisatie: 'CAK' },
      ontvanger: { organisatie: GEMEENTE },
    });
    const retour = utf8(answer.envelope.payload.bytes);
    expect(retour).toContain('/wmo406/schema');
    expect(readRetourCodes(retour)).toEqual([{ berichtklasse: 'Header', codes: ['0200'] }]);
    expect(sim.deliveries({ party: 'CAK' })).toHaveLength(1);
  });
});

describe('chain simulator: an unreliable portal', () => {
  it(
    'retries a portal that answers 5xx, and records a portal that stays unreachable without throwing',
    { timeout: 30_000 },
    async () => {
      portalFailures = 2;
      const retried = await sim.send({ messageCode: 'WMO305', gemeentecode: '0363', agbCode: '12345678' });
      expect(retried.delivered).toBe(true);
      expect(sim.sentToPortal().find((s) => s.referentienummer === retried.referentienummer)?.attempts).toBe(3);

      const other = await startChainSimulator({ portalRetries: 2, portalRetryDelayMs: 10 });
      try {
        other.setPortal({ url: 'http://127.0.0.1:9/stuf/berichten', token: TOKEN });
        const lost = await other.send({ messageCode: 'JW305', gemeentecode: '0363', agbCode: '12345678' });
        expect(lost.delivered).toBe(false);
        expect(other.portalErrors()).toMatchObject([
          {
            referentienummer: lost.referentienummer,
            functie: 'JW305',
            error: expect.stringContaining('niet bereikbaar') as unknown as string,
          },
        ]);
      } finally {
        await other.stop();
      }
    },
  );
});
