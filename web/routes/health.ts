import { sql } from 'drizzle-orm';
import { Router } from 'express';
import type { WebDeps } from '../deps.ts';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz: 200 when Temporal and PostgreSQL both answer, 503 otherwise. */
export function healthRouter(deps: Pick<WebDeps, 'db' | 'temporal'>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      probe(() => deps.temporal.connection.workflowService.getSystemInfo({}), 2_000),
      probe(() => deps.db.execute(sql`select 1`), 2_000),
    ]);
    const healthy = temporal === 'ok' && database === 'ok';
    res.status(healthy ? 200 : 503).set('Cache-Control', 'no-store').json({ status: healthy ? 'ok' : 'degraded', temporal, database });
  });
  return router;
}
