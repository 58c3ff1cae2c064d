import type { notifications } from '../../db/schema.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from './html.ts';

type NotificationRow = typeof notifications.$inferSelect;

/** In-app notifications, newest first; the link (a path inside the portal) when there is one. */
export function notificationList(rows: NotificationRow[]): Html {
  return html`<h1>Meldingen</h1>
    ${rows.length === 0
      ? html`<p>Er zijn geen meldingen.</p>`
      : html`<ul class="pz-notifications">${rows.map(
          (n) => html`<li class="pz-notification"><h2 class="pz-notification__title">${n.link ? html`<a href="${n.link}">${n.title}</a>` : n.title}</h2>
            <p class="pz-notification__meta">${formatDateTime(n.createdAt)}</p><p class="pz-notification__body">${n.body}</p></li>`,
        )}</ul>`}`;
}
