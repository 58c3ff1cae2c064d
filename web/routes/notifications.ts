import { desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { notifications } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import { formatDateTime } from '../views/dates.ts';
import { html } from '../views/html.ts';

/** In-app notifications of the servicedesk (reminders of missing agreements). */
export function servicedeskNotificationsRouter(deps: WebDeps): Router {
  const router = Router();
  router.get('/', authorize(deps.db, 'notification.listServicedesk'), async (req, res) => {
    const rows = await deps.db
      .select()
      .from(notifications)
      .where(eq(notifications.audience, 'servicedesk'))
      .orderBy(desc(notifications.createdAt))
      .limit(100);
    sendPage(req, res, {
      title: 'Meldingen',
      main: html`<h1>Meldingen</h1>
        ${rows.length === 0
          ? html`<p>Er zijn geen meldingen.</p>`
          : html`<ul class="pz-notifications">${rows.map(
              (n) => html`<li class="pz-notification"><h2 class="pz-notification__title">${n.link ? html`<a href="${n.link}">${n.title}</a>` : n.title}</h2>
                <p class="pz-notification__meta">${formatDateTime(n.createdAt)}</p><p>${n.body}</p></li>`,
            )}</ul>`}`,
    });
  });
  return router;
}
