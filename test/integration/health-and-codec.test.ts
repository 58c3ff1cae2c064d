import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/client.ts';
import { createLogger } from '../../logger.ts';
import { AesGcmPayloadCodec } from '../../temporal/codec.ts';
import { createApp } from '../../web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { createServer } from 'node:http';

let db: TestDatabase;
let web: TestWeb;

beforeAll(async () => {
  db = await createTestDatabase();
  web = await startTestWeb({ db });
});

afterAll(async () => {
  await web?.stop();
  await db?.drop();
});

const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

describe('GET /healthz', () => {
  it('answers 200 with both dependencies ok', async () => {
    const res = await fetch(`${web.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers 503 and names the database when PostgreSQL is unreachable', async () => {
    const deadPort = await freePort();
    const broken = connectDatabase(`postgres://nobody:nothing@127.0.0.1:${deadPort}/none`, { max: 1 });
    const { app } = createApp({
      config: web.config,
      db: broken.db,
      temporal: web.temporal,
      logger: createLogger({ level: 'silent', pretty: false }),
      validator: undefined,
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${address.port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', temporal: 'ok', database: 'unreachable' });
    } finally {
      server.close();
      await broken.close();
    }
  });

  it('answers 503 and names Temporal when the Temporal frontend is unreachable', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
    const { app } = createApp({
      config: web.config,
      db: db.db,
      temporal: new Client({ connection }),
      logger: createLogger({ level: 'silent', pretty: false }),
      validator: undefined,
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', temporal: 'unreachable', database: 'ok' });
    } finally {
      server.close();
      await connection.close();
    }
  });
});

describe('codec endpoint for Temporal UI', () => {
  it('decodes what the workers encrypted, with CORS for the UI origin', async () => {
    const codec = AesGcmPayloadCodec.fromBase64(web.config.PAYLOAD_CODEC_KEY);
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ name: 'Gemeente Testdorp' })]);
    const res = await fetch(`${web.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.config.CODEC_CORS_ORIGIN, 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [toJson(encrypted!)] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(web.config.CODEC_CORS_ORIGIN);
    const body = (await res.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(body.payloads[0]!.data, 'base64').toString()).toContain('Gemeente Testdorp');
  });

  it('answers the CORS preflight and refuses a malformed body with 400', async () => {
    const preflight = await fetch(`${web.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: web.config.CODEC_CORS_ORIGIN },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Namespace');
    const bad = await fetch(`${web.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"nope":1}',
    });
    expect(bad.status).toBe(400);
  });
});

describe('codec endpoint with a bearer token configured', () => {
  let guarded: TestWeb;
  beforeAll(async () => {
    guarded = await startTestWeb({ db, configOverrides: { CODEC_AUTH_TOKEN: 'ops-token-for-temporal-ui' } });
  });
  afterAll(async () => guarded?.stop());

  it('refuses callers without the token, even on this machine', async () => {
    const body = JSON.stringify({ payloads: [] });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(`${guarded.baseUrl}/codec/decode`, { method: 'POST', headers, body })).status).toBe(401);
    expect(
      (
        await fetch(`${guarded.baseUrl}/codec/decode`, {
          method: 'POST',
          headers: { ...headers, authorization: 'Bearer wrong-token-wrong-token' },
          body,
        })
      ).status,
    ).toBe(401);
    const ok = await fetch(`${guarded.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer ops-token-for-temporal-ui' },
      body,
    });
    expect(ok.status).toBe(200);
  });
});
