import express, { Router, type Request } from 'express';
import type { Payload } from '@temporalio/common';
import type { Config } from '../../config.ts';
import { AesGcmPayloadCodec } from '../../temporal/codec.ts';

type JsonPayload = { metadata?: Record<string, string>; data?: string };

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
});

function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * Codec server for Temporal UI (POST /codec/decode and /codec/encode): ops see decrypted workflow
 * payloads only through this endpoint. With CODEC_AUTH_TOKEN set the UI must send it as a bearer
 * token; without, only callers on this machine are served.
 */
export function codecRouter(
  config: Pick<Config, 'PAYLOAD_CODEC_KEY' | 'CODEC_CORS_ORIGIN' | 'CODEC_AUTH_TOKEN'>,
): Router {
  const codec = AesGcmPayloadCodec.fromBase64(config.PAYLOAD_CODEC_KEY);
  const router = Router();
  router.use((req, res, next) => {
    res.set('Access-Control-Allow-Origin', config.CODEC_CORS_ORIGIN);
    res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Cache-Control', 'no-store');
    res.vary('Origin');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    const authorized = config.CODEC_AUTH_TOKEN
      ? req.get('authorization') === `Bearer ${config.CODEC_AUTH_TOKEN}`
      : isLoopback(req);
    if (!authorized) return void res.status(401).json({ error: 'unauthorized' });
    next();
  });
  router.use(express.json({ limit: '4mb' }));
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (req, res) => {
      const payloads = (req.body as { payloads?: JsonPayload[] } | undefined)?.payloads;
      if (!Array.isArray(payloads)) return void res.status(400).json({ error: 'body must be {"payloads": [...]}' });
      try {
        const result = await codec[direction](payloads.map(fromJson));
        res.json({ payloads: result.map(toJson) });
      } catch {
        res.status(400).json({ error: `payloads could not be ${direction}d` });
      }
    });
  }
  return router;
}
