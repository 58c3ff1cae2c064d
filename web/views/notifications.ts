import type { Page } from '../../db/queries/paging.ts';
import type { NotificationRow } from '../../db/queries/users.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';
import { pageLinks } from './paging.ts';

/** In-app notifications, newest first, a page at a time; the link (a path inside the portal) when there is one. */
export function notificationList(page: Page<NotificationRow>, list: { path: string; laterPage: boolean }): Html {
  const rows = page.rows;
  return html`<h1>Meldingen</h1>
    ${
      rows.length === 0
        ? html`<p>Er zijn geen meldingen.</p>`
        : html`<ul class="pz-notifications">${rows.map(
            (
              n,
            ) => html`<li class="pz-notification"><h2 class="pz-notification__title">${n.link ? html`<a href="${n.link}">${n.title}</a>` : n.title}</h2>
            <p class="pz-notification__meta">${formatDateTime(n.createdAt)}</p><p class="pz-notification__body">${n.body}</p></li>`,
          )}</ul>`
    }
    ${pageLinks(list.path, {}, page.next, list.laterPage, 'meldingen')}`;
}
