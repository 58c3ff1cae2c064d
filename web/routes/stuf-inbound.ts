import { OUTAGE_RETRY_AFTER_SECONDS } from '../../usecases/outage.ts';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { buildFo01 } from '../../domain/stuf/build.ts';
import { receiveEnvelope } from '../../usecases/inbound.ts';
import type { WebDeps } from '../deps.ts';

/** 25 MB payload, base64 in the envelope (4/3), plus the envelope itself. */
const MAX_ENVELOPE_BYTES = 36 * 1024 * 1024;

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The one inbound door for the chain: a connector (the chain simulator in dev and
 * tests) posts StUF-GGk Di01/Du01 envelopes, exactly as a real Digikoppeling connector would.
 * Authenticated with a bearer token; no session, no CSRF (no browser comes here). What the
 * envelope means is receiveEnvelope's (usecases/inbound.ts); this door answers 204, or a Fo01
 * that says why it was refused.
 */
export function stufInboundRouter(deps: WebDeps): Router {
  const { config } = deps;
  const router = Router();

  router.post(
    '/stuf/berichten',
    (req, res, next) => {
      const header = req.get('authorization') ?? '';
      const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!sameToken(token, config.STUF_INBOUND_TOKEN))
        return void res.status(401).set('WWW-Authenticate', 'Bearer').end();
      next();
    },
    express.raw({ type: () => true, limit: MAX_ENVELOPE_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await receiveEnvelope(deps, body);
      if (outcome.status === 'accepted') return void res.status(204).end();
      const { refusal, envelope } = outcome;
      if (refusal.status === 503) res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      res
        .status(refusal.status)
        .type('text/xml; charset=utf-8')
        .send(
          buildFo01({
            zender: { organisatie: 'GGk', applicatie: config.STUF_APPLICATIE },
            ontvanger: envelope?.stuurgegevens.zender ?? { applicatie: 'onbekend' },
            referentienummer: randomUUID(),
            tijdstipBericht: new Date(),
            crossRefnummer: envelope?.stuurgegevens.referentienummer ?? 'onbekend',
            code: refusal.code,
            plek: refusal.status >= 500 ? 'server' : 'client',
            omschrijving: refusal.omschrijving.slice(0, 200),
            ...(envelope?.stuurgegevens.functie ? { details: envelope.stuurgegevens.functie } : {}),
          }),
        );
    },
  );

  return router;
}
