import { sql } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema.ts';
import { MESSAGE_STATES } from '../domain/message-exchange.ts';

/**
 * The web process's Prometheus metrics, one registry per app (tests build several apps in one
 * process). Labels are route patterns, states and codes only: never a path with an id in it, never
 * personal data. Exchange counts are read from the read model when Prometheus scrapes, so every
 * web process reports the same totals (aggregate with max, not sum).
 */
export type WebMetrics = {
  registry: Registry;
  /** Time spent validating the payloads of one upload (XSD and rules), in seconds. */
  observeValidation(seconds: number, files: number): void;
  /** Measures every request by method, route pattern and status class. */
  requestTimer: RequestHandler;
};

export function createWebMetrics(db: Database): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pz_web_' });
  const requests = new Histogram({
    name: 'pz_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const validation = new Histogram({
    name: 'pz_validation_duration_seconds',
    help: 'Payload validation (XSD and single-message rules) per upload',
    labelNames: ['files'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'pz_exchanges',
    help: 'Message exchanges in the read model by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const rows = await db
        .select({ state: messages.state, count: sql<number>`count(*)::int` })
        .from(messages)
        .groupBy(messages.state);
      const counts = new Map(rows.map((r) => [r.state, r.count]));
      for (const state of MESSAGE_STATES) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'pz_exchanges_overdue',
    help: 'Exchanges whose deadline passed without an answer (te_laat)',
    registers: [registry],
    async collect() {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(messages)
        .where(sql`${messages.state} = 'te_laat'`);
      this.set(row?.count ?? 0);
    },
  });

  const requestTimer: RequestHandler = (req, res, next) => {
    const stop = requests.startTimer({ method: req.method });
    res.once('finish', () => {
      // The pattern the request matched (`/berichten/:product/ophalen`), not its path.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      stop({ route, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };

  return {
    registry,
    observeValidation: (seconds, files) => validation.observe({ files: files === 1 ? '1' : 'more' }, seconds),
    requestTimer,
  };
}
