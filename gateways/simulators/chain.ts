import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { buildDi01, buildDu01, buildFo01 } from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { StufEnvelopeError, type ParsedEnvelope } from '../../domain/stuf/types.ts';
import type { ChainParty } from '../chain.ts';
import { answerFor, headerParties, placed } from './chain-answers.ts';
import { buildHeenbericht, CHAIN_SEND_CODES, todayInNetherlands, type ChainSendCode } from './chain-messages.ts';
import { renderPage } from './chain-page.ts';

/**
 * The chain for dev and tests, in one HTTP server: VECOZO with its care providers (`POST
 * /vecozo`) and the CAK (`POST /cak`). It takes the portal's Di01/Du01 envelopes (idempotent on
 * referentienummer; a bad envelope gets 400 with a Fo01), answers heen-berichten with their
 * retour like the receiving application does (301/319 → 302/320 by the care provider, WMO405/407
 * → 406/408 by the CAK) and sends care-provider messages to the portal on demand. Everything the
 * portal gets is a Du01/Di01 POSTed to its inbound endpoint (`setPortal`), with retries;
 * failures are recorded, never thrown.
 *
 * Rejection marker: a heen-bericht whose payload contains `PZ-TEST-AFKEUR` (in a Commentaar, say)
 * gets a rejecting retour: 301 → 9332 (ToewijzingNummer niet uniek, TR332) on the first
 * ToegewezenProduct, as in the official WMO302 example; 319 → 9355 (ReferentieAanbieder komt niet
 * voor in een eerder verzoek, TR355) on the Antwoord; iEb → 0001 (technisch afgekeurd) on the
 * Header. Listens on loopback; dev and tests only.
 */

export const REJECT_MARKER = 'PZ-TEST-AFKEUR';

export type ChainDelivery = {
  party: ChainParty;
  kind: 'Di01' | 'Du01';
  referentienummer: string;
  crossRefnummer?: string;
  functie: string;
  /** zender/organisatie and ontvanger/organisatie of the envelope. */
  zender: string;
  ontvanger: string;
  /** The payload as UTF-8 text. */
  payload: string;
  receivedAt: string;
};

/** What the simulator POSTed to the portal. */
export type PortalSend = {
  referentienummer: string;
  crossRefnummer?: string;
  functie: string;
  envelope: string;
  delivered: boolean;
  attempts: number;
  at: string;
};
export type PortalError = { referentienummer?: string; functie?: string; error: string; at: string };

export type ChainSendInput = {
  messageCode: ChainSendCode;
  gemeentecode: string;
  agbCode: string;
  identificatie?: string;
  referentieAanbieder?: string;
};
export type ChainSendResult = { referentienummer: string; identificatie: string; xml: string; delivered: boolean };

export type ChainSimulatorOptions = {
  port?: number;
  host?: string;
  /** Delay before a retour is sent (default 200 ms). */
  retourDelayMs?: number;
  /** Send a WMO305 to `scheduleTarget` this often (off by default). */
  scheduleEveryMs?: number;
  scheduleTarget?: { gemeentecode: string; agbCode: string };
  /** Extra attempts when the portal is unreachable or answers 5xx (default 4), first delay (default 200 ms, doubling). */
  portalRetries?: number;
  portalRetryDelayMs?: number;
};

export type ChainSimulator = {
  url: string;
  vecozoUrl: string;
  cakUrl: string;
  setPortal(portal: { url: string; token: string }): void;
  /** The next `count` deliveries to `party` get 503 (unavailable) or 400 with Fo01 IB007 (refuse). */
  failNext(party: ChainParty, count: number, kind: 'unavailable' | 'refuse'): void;
  deliveries(filter?: { party?: ChainParty; functie?: string; referentienummer?: string }): ChainDelivery[];
  /** Accepted deliveries with this referentienummer: 0 or 1, however often it was sent. */
  deliveryCount(referentienummer: string): number;
  /** Every POST that carried this referentienummer, repeats included (a retried or re-run delivery). */
  deliveryAttempts(referentienummer: string): number;
  sentToPortal(): PortalSend[];
  portalErrors(): PortalError[];
  send(input: ChainSendInput): Promise<ChainSendResult>;
  stop(): Promise<void>;
};

const MAX_BODY_BYTES = 30 * 1024 * 1024;
const PARTY_BY_PATH: Record<string, ChainParty> = { '/vecozo': 'VECOZO', '/cak': 'CAK' };
const APPLICATIE = 'Ketensimulator';
const UTF8 = new TextEncoder();

/** The portal's Fo01, for the developer: ": IB005 Gemeente … is niet aangesloten". */
function fo01Text(body: ArrayBuffer | undefined): string {
  if (!body) return '';
  try {
    const parsed = parseEnvelope(new Uint8Array(body));
    return parsed.kind === 'Fo01' ? `: ${parsed.fo01.code} ${parsed.fo01.omschrijving}` : '';
  } catch {
    return '';
  }
}

async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startChainSimulator(options: ChainSimulatorOptions = {}): Promise<ChainSimulator> {
  const host = options.host ?? '127.0.0.1';
  const retourDelayMs = options.retourDelayMs ?? 200;
  const portalRetries = options.portalRetries ?? 4;
  const portalRetryDelayMs = options.portalRetryDelayMs ?? 200;
  const received = new Map<string, ChainDelivery>();
  const attempts = new Map<string, number>();
  const failures: Record<ChainParty, { count: number; kind: 'unavailable' | 'refuse' }[]> = { VECOZO: [], CAK: [] };
  const sent: PortalSend[] = [];
  const errors: PortalError[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();
  let portal: { url: string; token: string } | undefined;
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
  const recordError = (error: string, meta: { referentienummer?: string; functie?: string }): void => {
    errors.push({ ...meta, error, at: new Date().toISOString() });
  };

  /** POSTs an envelope to the portal, retrying unreachable/5xx with backoff; records the outcome. */
  async function postToPortal(
    envelope: string,
    meta: { referentienummer: string; crossRefnummer?: string; functie: string },
  ): Promise<boolean> {
    const record: PortalSend = { ...meta, envelope, delivered: false, attempts: 0, at: new Date().toISOString() };
    sent.push(record);
    if (!portal) {
      recordError('Het portaal is niet ingesteld (setPortal).', meta);
      return false;
    }
    const { url, token } = portal;
    for (let attempt = 0; attempt <= portalRetries && !stopped; attempt++) {
      if (attempt > 0) await later(portalRetryDelayMs * 2 ** (attempt - 1));
      if (stopped) break;
      record.attempts++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/xml; charset=utf-8' },
          body: envelope,
          signal: AbortSignal.timeout(10_000),
        });
        const body = await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          record.delivered = true;
          return true;
        }
        if (response.status < 500) {
          recordError(`Het portaal antwoordde met HTTP ${response.status}${fo01Text(body)}.`, meta);
          return false;
        }
        if (attempt === portalRetries)
          recordError(`Het portaal antwoordde met HTTP ${response.status} (na ${record.attempts} pogingen).`, meta);
      } catch {
        if (attempt === portalRetries)
          recordError(`Het portaal is niet bereikbaar (na ${record.attempts} pogingen).`, meta);
      }
    }
    return false;
  }

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
      recordError(
        `Het retourbericht kon niet worden gemaakt: ${error instanceof Error ? error.message : String(error)}`,
        meta,
      );
      return;
    }
    await postToPortal(du01, meta);
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

  const reply = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
  };
  const xmlType = 'text/xml; charset=utf-8';

  async function receive(party: ChainParty, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const text = bytes ? new TextDecoder().decode(bytes) : '';
    const referentie = /<(?:\w+:)?referentienummer>([^<]{1,40})</.exec(text)?.[1] ?? 'onbekend';
    if (!bytes)
      return reply(
        res,
        400,
        xmlType,
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
      if (failure.kind === 'unavailable')
        return reply(res, 503, 'text/plain; charset=utf-8', 'Tijdelijk niet beschikbaar');
      return reply(
        res,
        400,
        xmlType,
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
        xmlType,
        fo01('IB001', `Bericht voldoet niet aan XSD. ${error.message}`, referentie, party),
      );
    }
    if (envelope.kind === 'Fo01')
      return reply(
        res,
        400,
        xmlType,
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
    reply(res, 200, 'text/plain; charset=utf-8', 'Ontvangen');
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
    const delivered = await postToPortal(envelope, { referentienummer, functie: input.messageCode });
    return { referentienummer, identificatie, xml, delivered };
  }

  async function scenario(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    let input: Partial<Record<keyof ChainSendInput, unknown>>;
    try {
      input = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array())) as typeof input;
    } catch {
      return reply(res, 400, 'application/json', JSON.stringify({ fout: 'De inhoud is geen geldige JSON.' }));
    }
    const problems: string[] = [];
    if (!(CHAIN_SEND_CODES as readonly unknown[]).includes(input.messageCode))
      problems.push(`messageCode moet een van ${CHAIN_SEND_CODES.join(', ')} zijn.`);
    if (typeof input.gemeentecode !== 'string' || !/^[0-9]{4}$/.test(input.gemeentecode))
      problems.push('gemeentecode moet uit 4 cijfers bestaan.');
    if (typeof input.agbCode !== 'string' || !/^[0-9]{8}$/.test(input.agbCode))
      problems.push('agbCode moet uit 8 cijfers bestaan.');
    if (
      input.identificatie !== undefined &&
      (typeof input.identificatie !== 'string' || !/^[A-Za-z0-9-]{1,12}$/.test(input.identificatie))
    )
      problems.push('identificatie moet 1 tot 12 letters of cijfers zijn.');
    if (
      input.referentieAanbieder !== undefined &&
      (typeof input.referentieAanbieder !== 'string' || !/^\S.{0,35}$/.test(input.referentieAanbieder))
    )
      problems.push('referentieAanbieder moet 1 tot 36 tekens zijn.');
    if (problems.length > 0) return reply(res, 400, 'application/json', JSON.stringify({ fout: problems.join(' ') }));
    const result = await send(input as ChainSendInput);
    reply(
      res,
      200,
      'application/json',
      JSON.stringify({
        referentienummer: result.referentienummer,
        identificatie: result.identificatie,
        afgeleverd: result.delivered,
      }),
    );
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const party = PARTY_BY_PATH[path];
    let handled: Promise<void> | void;
    if (req.method === 'POST' && party) handled = receive(party, req, res);
    else if (req.method === 'POST' && path === '/scenario/send') handled = scenario(req, res);
    else if (req.method === 'GET' && path === '/')
      handled = reply(res, 200, 'text/html; charset=utf-8', renderPage([...received.values()], sent, errors));
    else handled = reply(res, 404, 'text/plain; charset=utf-8', 'Niet gevonden');
    Promise.resolve(handled).catch(() => {
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'Interne fout in de ketensimulator');
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
    setPortal(value) {
      portal = { ...value };
    },
    failNext(party, count, kind) {
      if (count > 0) failures[party].push({ count, kind });
    },
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
    sentToPortal: () => [...sent],
    portalErrors: () => [...errors],
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
