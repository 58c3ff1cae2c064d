import { Router } from 'express';
import { listNotifications } from '../../db/queries/users.ts';
import { authorize } from '../authorize.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import { notificationList } from '../views/notifications.ts';

/** In-app notifications of the servicedesk (missing agreements, escalated registrations). */
export function servicedeskNotificationsRouter(deps: WebDeps): Router {
  const router = Router();
  router.get('/', authorize(deps.db, 'notification.listServicedesk'), async (req, res) => {
    sendPage(req, res, { title: 'Meldingen', main: notificationList(await listNotifications(deps.db, 'servicedesk')) });
  });
  return router;
}
