import { Router } from 'express';
import { troubleByGemeente, troubledExchanges } from '../../db/queries/exchange-monitor.ts';
import { authorize } from '../authorize.ts';
import type { WebDeps } from '../deps.ts';
import { CURSOR_PARAMETER, parseCursor } from '../paging.ts';
import { sendPage } from '../render.ts';
import { exchangeMonitorPage } from '../views/exchange-monitor.ts';

/** GET /servicedesk/berichten: the exchanges that need someone, per municipality (servicedesk only). */
export function servicedeskMessagesRouter(deps: WebDeps): Router {
  const router = Router();
  router.get('/', authorize(deps.db, 'messages.monitor'), async (req, res) => {
    const gemeente =
      typeof req.query.gemeente === 'string' && /^\d{4}$/.test(req.query.gemeente) ? req.query.gemeente : undefined;
    const from = parseCursor(req.query[CURSOR_PARAMETER]);
    const [summary, exchanges] = await Promise.all([
      troubleByGemeente(deps.db),
      troubledExchanges(deps.db, gemeente, from),
    ]);
    sendPage(req, res, {
      title: 'Berichten die aandacht vragen',
      main: exchangeMonitorPage({
        summary,
        gemeentecode: gemeente,
        exchanges,
        laterPage: from !== undefined,
        now: new Date(),
      }),
    });
  });
  return router;
}
