import { Router } from 'express';
import { listNotifications } from '../../db/queries/users.ts';
import { authorize } from '../authorize.ts';
import type { WebDeps } from '../deps.ts';
import { CURSOR_PARAMETER, parseCursor } from '../paging.ts';
import { sendPage } from '../render.ts';
import { notificationList } from '../views/notifications.ts';

/** In-app notifications of the servicedesk (missing agreements, escalated registrations). */
export function servicedeskNotificationsRouter(deps: WebDeps): Router {
  const router = Router();
  router.get('/', authorize(deps.db, 'notification.listServicedesk'), async (req, res) => {
    const from = parseCursor(req.query[CURSOR_PARAMETER]);
    const page = await listNotifications(deps.db, 'servicedesk', from);
    sendPage(req, res, {
      title: 'Meldingen',
      main: notificationList(page, { path: '/servicedesk/meldingen', laterPage: from !== undefined }),
    });
  });
  return router;
}
