import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { WebMetrics } from '../metrics.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * GET /metrics for Prometheus, with `Authorization: Bearer <METRICS_TOKEN>`. Without a token
 * configured there is no such page (404): the metrics name routes and volumes, which are nobody
 * else's business.
 */
export function metricsRouter(metrics: WebMetrics, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!token) return void res.status(404).type('text').send('Not found');
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), digest(token)))
      return void res.status(401).set('WWW-Authenticate', 'Bearer').type('text').send('Unauthorized');
    res
      .set('Cache-Control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  return router;
}
