import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFo01 } from '../../domain/stuf/build.ts';
import { DeliveryError } from '../../gateways/chain.ts';
import { createStufHttpGateway } from '../../gateways/stuf-http.ts';

// The HTTP gateway against a tiny local server whose answer each test chooses by path.

const ENVELOPE = '<GGK:envelopHeenbericht-ggk_Di01>BSN 999900006 Jansen</GGK:envelopHeenbericht-ggk_Di01>';
const REFERENTIE = '9c0f7b90-5c69-41e5-a837-0800200c9a66';

const fo01 = (code: string): string =>
  buildFo01({
    zender: { organisatie: 'VECOZO', applicatie: 'VECOZOWebservice' },
    ontvanger: { applicatie: 'GGk' },
    referentienummer: 'e2a3d7c4-1f0b-4c55-9a57-1b3a51f2f4a1',
    tijdstipBericht: new Date(),
    crossRefnummer: REFERENTIE,
    code,
    plek: 'client',
    omschrijving: `Omschrijving van ${code}`,
  });

const received: { path: string; contentType: string | undefined; body: string }[] = [];
const ROUTES: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(200).end(),
  '/accepted': (res) => res.writeHead(202).end('Ontvangen'),
  '/unavailable': (res) => res.writeHead(503).end('Service Unavailable'),
  '/refused': (res) => res.writeHead(400, { 'Content-Type': 'text/xml' }).end(fo01('IB007')),
  '/refused-500': (res) => res.writeHead(500, { 'Content-Type': 'text/xml' }).end(fo01('IB014')),
  '/try-later': (res) => res.writeHead(500, { 'Content-Type': 'text/xml' }).end(fo01('IB103')),
  '/duplicate': (res) => res.writeHead(400, { 'Content-Type': 'text/xml' }).end(fo01('IB016')),
  '/bad-request': (res) => res.writeHead(400).end('Bad request'),
  '/slow': () => undefined,
};

let server: Server;
let base: string;
let closedPort: number;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      (ROUTES[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(path: string, timeoutMs?: number, url = `${base}${path}`): Promise<DeliveryError> {
  const gateway = createStufHttpGateway({ party: 'VECOZO', url, ...(timeoutMs ? { timeoutMs } : {}) });
  try {
    await gateway.deliver({ referentienummer: REFERENTIE, envelope: ENVELOPE });
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    const e = error as DeliveryError;
    expect(e.message, 'no envelope contents in the error').not.toMatch(/999900006|Jansen/);
    return e;
  }
  throw new Error(`delivery to ${path} succeeded`);
}

describe('createStufHttpGateway', () => {
  it('POSTs the envelope as text/xml UTF-8 and treats 2xx as delivered', async () => {
    const gateway = createStufHttpGateway({ party: 'CAK', url: `${base}/ok` });
    expect(gateway.party).toBe('CAK');
    await gateway.deliver({ referentienummer: REFERENTIE, envelope: ENVELOPE });
    await createStufHttpGateway({ party: 'CAK', url: `${base}/accepted` }).deliver({
      referentienummer: REFERENTIE,
      envelope: ENVELOPE,
    });
    const request = received.find((r) => r.path === '/ok')!;
    expect(request.contentType).toBe('text/xml; charset=utf-8');
    expect(request.body).toBe(ENVELOPE);
  });

  it('treats 503 without a Fo01 as transient', async () => {
    const error = await failure('/unavailable');
    expect(error.transient).toBe(true);
    expect(error.fo01Code).toBeUndefined();
    expect(error.message).toContain('503');
  });

  it('treats a Fo01 as a refusal with its code, whatever the status', async () => {
    const refused = await failure('/refused');
    expect(refused).toMatchObject({ transient: false, fo01Code: 'IB007' });
    expect(refused.message).toContain('IB007');
    expect(await failure('/refused-500')).toMatchObject({ transient: false, fo01Code: 'IB014' });
  });

  it('treats a try-later Fo01 as transient, and IB016 (already received) as delivered', async () => {
    expect(await failure('/try-later')).toMatchObject({ transient: true, fo01Code: 'IB103' });
    await createStufHttpGateway({ party: 'VECOZO', url: `${base}/duplicate` }).deliver({
      referentienummer: REFERENTIE,
      envelope: ENVELOPE,
    });
  });

  it('treats another 4xx without Fo01 as permanent', async () => {
    expect(await failure('/bad-request')).toMatchObject({ transient: false });
  });

  it('treats connection refused as transient', async () => {
    const error = await failure('', undefined, `http://127.0.0.1:${closedPort}/vecozo`);
    expect(error.transient).toBe(true);
  });

  it('treats a timeout as transient', async () => {
    const error = await failure('/slow', 300);
    expect(error.transient).toBe(true);
    expect(error.message).toContain('300 ms');
  });
});
