import type { MessageRow } from '../../db/queries/messages.ts';
import type { notifications } from '../../db/schema.ts';
import { MESSAGE_STATE_LABELS, type MessageState } from '../../domain/message-exchange.ts';
import { messageName } from '../../domain/message-names.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';

/** Small pieces shared by the message pages (tabs, state, deadline, notifications). */

export type MessageTab = 'aanleveren' | 'ophalen';

const TABS: readonly [MessageTab, string][] = [
  ['aanleveren', 'Aanleveren'],
  ['ophalen', 'Ophalen'],
];

export const messagesPath = (product: MessageProduct, tab: MessageTab): string => `/berichten/${product}/${tab}`;
export const messagePath = (id: string): string => `/berichten/bericht/${encodeURIComponent(id)}`;

/** The two tabs of a product as links; the current one marked with aria-current (not by colour alone). */
export function messageTabs(product: MessageProduct, current: MessageTab): Html {
  return html`<nav class="pz-tabs" aria-label="Berichten ${PRODUCT_LABELS[product]}"><ul>${TABS.map(
    ([tab, label]) =>
      html`<li><a href="${messagesPath(product, tab)}" ${tab === current ? html`aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

/** A state this release has no label for (written by a newer worker during a rolling deploy) shows as stored. */
export function stateLabel(state: MessageState): string {
  return MESSAGE_STATE_LABELS[state] ?? state;
}

/** A deadline is passed when the exchange says so, or when its date is behind us while still open. */
export function isOverdue(row: Pick<MessageRow, 'state' | 'dueAt'>, now: Date): boolean {
  if (row.state === 'te_laat' || row.state === 'verlopen') return true;
  return Boolean(row.dueAt && row.dueAt <= now && (row.state === 'verzonden' || row.state === 'te_beantwoorden'));
}

/** The deadline cell: the date, and in words (not only in colour) when it has passed. */
export function dueCell(row: Pick<MessageRow, 'state' | 'dueAt'>, now: Date): Html {
  if (!row.dueAt) return html`<td>-</td>`;
  return isOverdue(row, now)
    ? html`<td class="pz-overdue">${formatDateTime(row.dueAt)} <strong>(verstreken)</strong></td>`
    : html`<td>${formatDateTime(row.dueAt)}</td>`;
}

export function messageTitle(code: string): string {
  return `${code} ${messageName(code)}`;
}

export function counterpartyLabel(counterparty: string): string {
  return counterparty === 'CAK' ? 'CAK' : `Zorgaanbieder (AGB ${counterparty})`;
}

type NotificationRow = typeof notifications.$inferSelect;

/** What the top of a message page shows: the newest notifications, and whether there are more. */
export type LatestNotifications = { rows: NotificationRow[]; more: boolean };

/** All notifications of the product's users of the municipality, a page at a time. */
export const productNotificationsPath = (product: MessageProduct): string => `/berichten/${product}/meldingen`;

/**
 * The latest notifications of this product of the municipality (e.g. overdue exchanges), and a link to all when there
 * are more.
 */
export function productNotifications(product: MessageProduct, latest: LatestNotifications): Html {
  if (latest.rows.length === 0) return html``;
  return html`<section class="pz-section" aria-labelledby="berichten-meldingen"><h2 id="berichten-meldingen">Meldingen</h2>
    <ul class="pz-notifications">${latest.rows.map(
      (
        n,
      ) => html`<li class="pz-notification"><h3 class="pz-notification__title">${n.link ? html`<a href="${n.link}">${n.title}</a>` : n.title}</h3>
        <p class="pz-notification__meta">${formatDateTime(n.createdAt)}</p><p class="pz-notification__body">${n.body}</p></li>`,
    )}</ul>${latest.more ? html`<p><a href="${productNotificationsPath(product)}">Alle meldingen</a></p>` : ''}</section>`;
}
