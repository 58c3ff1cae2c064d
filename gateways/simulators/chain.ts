import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { buildDi01, buildDu01, buildFo01 } from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { StufEnvelopeError, type ParsedEnvelope } from '../../domain/stuf/types.ts';
import type { ChainParty } from '../chain.ts';
import { answerFor, headerParties, placed, REJECT_MARKER } from './chain-answers.ts';
import { readBody, reply, TEXT_TYPE, XML_TYPE } from './chain-http.ts';
import { buildHeenbericht, todayInNetherlands } from './chain-messages.ts';
import { renderPage } from './chain-page.ts';
import { createPortalClient } from './chain-portal.ts';
import { scenarioEndpoint } from './chain-scenario.ts';
import type {
  ChainDelivery,
  ChainHang,
  ChainSendInput,
  ChainSendResult,
  ChainSimulator,
  ChainSimulatorOptions,
} from './chain-types.ts';

/**
 * The chain for dev and tests, in one HTTP server: VECOZO with its care providers (`POST
 * /vecozo`) and the CAK (`POST /cak`). It takes the portal's Di01/Du01 envelopes (idempotent on
 * referentienummer; a bad envelope gets 400 with a Fo01), answers heen-berichten with their
 * retour like the receiving application does (301/319 → 302/320 by the care provider, WMO405/407
 * → 406/408 by the CAK) and sends care-provider messages to the portal on demand. Everything the
 * portal gets is a Du01/Di01 POSTed to its inbound endpoint (`setPortal`), with retries;
 * failures are recorded, never thrown. Rejections follow REJECT_MARKER (chain-answers.ts). Listens
 * on loopback; dev and tests only.
 */

const PARTY_BY_PATH: Record<string, ChainParty> = { '/vecozo': 'VECOZO', '/cak': 'CAK' };
const APPLICATIE = 'Ketensimulator';
const UTF8 = new TextEncoder();

export async function startChainSimulator(options: ChainSimulatorOptions = {}): Promise<ChainSimulator> {
  const host = options.host ?? '127.0.0.1';
  const retourDelayMs = options.retourDelayMs ?? 200;
  const received = new Map<string, ChainDelivery>();
  const attempts = new Map<string, number>();
  const failures: Record<ChainParty, { count: number; kind: 'unavailable' | 'refuse' }[]> = { VECOZO: [], CAK: [] };
  const timers = new Map<NodeJS.Timeout, () => void>();
  const hangs: Partial<Record<ChainParty, (res: ServerResponse) => void>> = {};
  let stopped = false;

  /** A delay that stop() ends early (callers check `stopped` after it). */
  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  const portal = createPortalClient({
    retries: options.portalRetries ?? 4,
    retryDelayMs: options.portalRetryDelayMs ?? 200,
    later,
    stopped: () => stopped,
  });

  async function answer(
    delivery: ChainDelivery,
    envelope: ParsedEnvelope & { kind: 'Di01' | 'Du01' },
    reject: { code: string; berichtklasse: string },
  ): Promise<void> {
    await later(retourDelayMs);
    if (stopped) return;
    const retourCode = delivery.functie.replace(/\d{3}$/, (n) => String(Number(n) + 1));
    const meta = { referentienummer: randomUUID(), crossRefnummer: delivery.referentienummer, functie: retourCode };
    let du01: string;
    try {
      const retour = buildRetour(delivery.payload, {
        dagtekening: todayInNetherlands(),
        identificatieRetour: `R${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`,
        ...(delivery.payload.includes(REJECT_MARKER) ? { reject: placed(reject, delivery.payload) } : {}),
      });
      const parties = headerParties(delivery.payload);
      const gemeentecode = /^[0-9]{4}$/.test(delivery.zender) ? delivery.zender : (parties.afzender ?? delivery.zender);
      du01 = buildDu01({
        zender: {
          organisatie: delivery.party === 'CAK' ? 'CAK' : (parties.ontvanger ?? delivery.ontvanger),
          applicatie: APPLICATIE,
        },
        ontvanger: { organisatie: gemeentecode, applicatie: 'GGk' },
        referentienummer: meta.referentienummer,
        crossRefnummer: delivery.referentienummer,
        tijdstipBericht: new Date(),
        functie: retourCode,
        parameters: {
          applicatieVersie: '0001',
          applicatieSubversie: '0000',
          functieVersie: envelope.parameters.functieVersie,
          functieSubversie: envelope.parameters.functieSubversie,
        },
        payload: { kind: 'xml', bytes: UTF8.encode(retour) },
      });
    } catch (error) {
      portal.recordError(
        `Het retourbericht kon niet worden gemaakt: ${error instanceof Error ? error.message : String(error)}`,
        meta,
      );
      return;
    }
    await portal.post(du01, meta);
  }

  function fo01(code: string, omschrijving: string, crossRefnummer: string, party: string): string {
    return buildFo01({
      zender: { organisatie: party, applicatie: APPLICATIE },
      ontvanger: { applicatie: 'GGk' },
      referentienummer: randomUUID(),
      tijdstipBericht: new Date(),
      crossRefnummer,
      code,
      plek: 'client',
      omschrijving: [...omschrijving].slice(0, 200).join(''),
    });
  }

  async function receive(party: ChainParty, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const text = bytes ? new TextDecoder().decode(bytes) : '';
    const referentie = /<(?:\w+:)?referentienummer>([^<]{1,40})</.exec(text)?.[1] ?? 'onbekend';
    if (!bytes)
      return reply(
        res,
        400,
        XML_TYPE,
        fo01(
          'IB003',
          'Het ontvangen bericht overschrijdt de maximaal toegestane bestandsgrootte van 25MB.',
          referentie,
          party,
        ),
      );
    const failure = failures[party][0];
    if (failure) {
      if (--failure.count <= 0) failures[party].shift();
      if (failure.kind === 'unavailable') return reply(res, 503, TEXT_TYPE, 'Tijdelijk niet beschikbaar');
      return reply(
        res,
        400,
        XML_TYPE,
        fo01('IB007', 'Combinatie functie en organisatie is niet toegestaan.', referentie, party),
      );
    }
    let envelope: ParsedEnvelope;
    try {
      envelope = parseEnvelope(bytes);
    } catch (error) {
      if (!(error instanceof StufEnvelopeError)) throw error;
      return reply(
        res,
        400,
        XML_TYPE,
        fo01('IB001', `Bericht voldoet niet aan XSD. ${error.message}`, referentie, party),
      );
    }
    if (envelope.kind === 'Fo01')
      return reply(
        res,
        400,
        XML_TYPE,
        fo01('IB004', 'De functie wordt niet ondersteund.', envelope.stuurgegevens.referentienummer, party),
      );
    const sg = envelope.stuurgegevens;
    attempts.set(sg.referentienummer, (attempts.get(sg.referentienummer) ?? 0) + 1);
    if (!received.has(sg.referentienummer)) {
      const delivery: ChainDelivery = {
        party,
        kind: envelope.kind,
        referentienummer: sg.referentienummer,
        ...(sg.crossRefnummer ? { crossRefnummer: sg.crossRefnummer } : {}),
        functie: sg.functie ?? '',
        zender: sg.zender.organisatie ?? '',
        ontvanger: sg.ontvanger.organisatie ?? '',
        payload: new TextDecoder().decode(envelope.payload.bytes),
        receivedAt: new Date().toISOString(),
      };
      received.set(sg.referentienummer, delivery);
      const plan = envelope.kind === 'Di01' ? answerFor(party, delivery.functie) : undefined;
      if (plan) void answer(delivery, envelope, plan.reject);
    }
    const hold = hangs[party];
    if (hold) return hold(res);
    reply(res, 200, TEXT_TYPE, 'Ontvangen');
  }

  async function send(input: ChainSendInput): Promise<ChainSendResult> {
    const identificatie = input.identificatie ?? `PZ${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    const xml = buildHeenbericht({ ...input, identificatie });
    const referentienummer = randomUUID();
    const envelope = buildDi01({
      zender: { organisatie: input.agbCode, applicatie: APPLICATIE },
      ontvanger: { organisatie: input.gemeentecode, applicatie: 'GGk' },
      referentienummer,
      tijdstipBericht: new Date(),
      functie: input.messageCode,
      parameters: {
        applicatieVersie: '0001',
        applicatieSubversie: '0000',
        functieVersie: '0003',
        functieSubversie: '0002',
      },
      payload: { kind: 'xml', bytes: UTF8.encode(xml) },
    });
    const delivered = await portal.post(envelope, { referentienummer, functie: input.messageCode });
    return { referentienummer, identificatie, xml, delivered };
  }

  const scenario = scenarioEndpoint(send);

  function hang(party: ChainParty): ChainHang {
    const waiting = new Set<ServerResponse>();
    let abandoned = 0;
    hangs[party] = (res) => {
      waiting.add(res);
      res.once('close', () => {
        if (waiting.delete(res)) abandoned++;
      });
    };
    return {
      held: () => waiting.size,
      abandoned: () => abandoned,
      release() {
        delete hangs[party];
        const answered = [...waiting];
        waiting.clear();
        for (const res of answered) reply(res, 200, TEXT_TYPE, 'Ontvangen');
      },
    };
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const party = PARTY_BY_PATH[path];
    let handled: Promise<void> | void;
    if (req.method === 'POST' && party) handled = receive(party, req, res);
    else if (req.method === 'POST' && path === '/scenario/send') handled = scenario(req, res);
    else if (req.method === 'GET' && path === '/')
      handled = reply(
        res,
        200,
        'text/html; charset=utf-8',
        renderPage([...received.values()], portal.sent(), portal.errors()),
      );
    else handled = reply(res, 404, TEXT_TYPE, 'Niet gevonden');
    Promise.resolve(handled).catch(() => {
      if (!res.headersSent) reply(res, 500, TEXT_TYPE, 'Interne fout in de ketensimulator');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let schedule: NodeJS.Timeout | undefined;
  if (options.scheduleEveryMs && options.scheduleTarget) {
    const target = options.scheduleTarget;
    schedule = setInterval(() => void send({ messageCode: 'WMO305', ...target }), options.scheduleEveryMs);
    schedule.unref();
  }

  return {
    url,
    vecozoUrl: `${url}/vecozo`,
    cakUrl: `${url}/cak`,
    setPortal: portal.setPortal,
    failNext(party, count, kind) {
      if (count > 0) failures[party].push({ count, kind });
    },
    hang,
    deliveries(filter = {}) {
      return [...received.values()].filter(
        (d) =>
          (!filter.party || d.party === filter.party) &&
          (!filter.functie || d.functie === filter.functie) &&
          (!filter.referentienummer || d.referentienummer === filter.referentienummer),
      );
    },
    deliveryCount: (referentienummer) => (received.has(referentienummer) ? 1 : 0),
    deliveryAttempts: (referentienummer) => attempts.get(referentienummer) ?? 0,
    sentToPortal: portal.sent,
    portalErrors: portal.errors,
    send,
    async stop() {
      stopped = true;
      if (schedule) clearInterval(schedule);
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
