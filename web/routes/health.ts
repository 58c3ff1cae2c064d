import { sql } from 'drizzle-orm';
import { Router } from 'express';
import type { WebDeps } from '../deps.ts';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../../usecases/outage.ts';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness, for a load balancer or orchestrator. `/healthz/live`: the process runs
 * and answers (restart it when this fails). `/healthz/ready` and `/healthz`: Temporal and
 * PostgreSQL both answer, so requests can be served (take it out of rotation while this fails;
 * restarting would not help).
 */
export function healthRouter(deps: Pick<WebDeps, 'db' | 'temporal'>): Router {
  const router = Router();
  router.get(
    '/healthz/live',
    (_req, res) => void res.status(200).set('Cache-Control', 'no-store').json({ status: 'live' }),
  );
  router.get(['/healthz', '/healthz/ready'], async (_req, res) => {
    const [temporal, database] = await Promise.all([
      probe(() => deps.temporal.connection.workflowService.getSystemInfo({}), 2_000),
      probe(() => deps.db.execute(sql`select 1`), 2_000),
    ]);
    const healthy = temporal === 'ok' && database === 'ok';
    res.set('Cache-Control', 'no-store');
    if (!healthy) res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', temporal, database });
  });
  return router;
}
