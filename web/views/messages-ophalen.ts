import type { IncomingFilters, IncomingRow } from '../../db/queries/messages.ts';
import type { Page } from '../../db/queries/paging.ts';
import { INCOMING_STATE_FILTERS } from '../../db/queries/messages.ts';
import { MESSAGE_TYPES, type MessageProduct } from '../../domain/message-types.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';
import { pageLinks } from './paging.ts';
import {
  counterpartyLabel,
  dueCell,
  messagePath,
  messagesPath,
  messageTabs,
  messageTitle,
  productNotifications,
  stateLabel,
  type LatestNotifications,
} from './message-parts.ts';

export type OphalenView = {
  product: MessageProduct;
  filters: IncomingFilters;
  incoming: Page<IncomingRow>;
  notifications: LatestNotifications;
  now: Date;
  /** A page after the first (the list was opened from a "vanaf" link). */
  laterPage: boolean;
};

/** The codes a municipality receives for a product: heen-berichten, retours and answers of the other side. */
export function incomingCodes(product: MessageProduct): string[] {
  return MESSAGE_TYPES.filter((t) => t.product === product && t.sentBy !== 'gemeente').map((t) => t.code);
}

function select(
  name: string,
  label: string,
  value: string | undefined,
  options: readonly (readonly [string, string])[],
): Html {
  const id = `filter-${name}`;
  return html`<div class="pz-field pz-field--inline"><label class="pz-label" for="${id}">${label}</label>
    <select class="pz-select" id="${id}" name="${name}"><option value="">Alle</option>${options.map(
      ([v, text]) => html`<option value="${v}" ${value === v ? html`selected` : ''}>${text}</option>`,
    )}</select></div>`;
}

function filterForm(o: OphalenView): Html {
  return html`<form class="pz-filters" method="get" action="${messagesPath(o.product, 'ophalen')}" role="search" aria-label="Berichten filteren">
    ${select(
      'code',
      'Soort bericht',
      o.filters.code,
      incomingCodes(o.product).map((c) => [c, messageTitle(c)] as const),
    )}
    ${select(
      'status',
      'Status',
      o.filters.status,
      INCOMING_STATE_FILTERS.map((s) => [s, stateLabel(s)] as const),
    )}
    ${select('opgehaald', 'Opgehaald', o.filters.opgehaald, [
      ['ja', 'Opgehaald'],
      ['nee', 'Nog niet opgehaald'],
    ])}
    <button class="pz-button pz-button--secondary" type="submit">Filteren</button>
  </form>`;
}

function incomingTable(o: OphalenView): Html {
  const filtered = Boolean(o.filters.code || o.filters.status || o.filters.opgehaald);
  if (o.incoming.rows.length === 0) {
    return html`<p>${filtered ? 'Er zijn geen berichten die aan de filters voldoen.' : `Uw gemeente heeft nog geen ${PRODUCT_LABELS[o.product]}-berichten ontvangen.`}</p>`;
  }
  return html`<table class="pz-table">
    <caption class="pz-visually-hidden">Ontvangen berichten, nieuwste eerst</caption>
    <thead><tr><th scope="col">Bericht</th><th scope="col">Van</th><th scope="col">Identificatie</th><th scope="col">Ontvangen</th><th scope="col">Status</th>
      <th scope="col">Termijn</th><th scope="col">Eerst opgehaald</th><th scope="col">Bestand</th></tr></thead>
    <tbody>${o.incoming.rows.map(
      (
        m,
      ) => html`<tr><td><a href="${messagePath(m.id)}">${messageTitle(m.messageCode)}</a></td><td>${counterpartyLabel(m.counterparty)}</td>
        <td>${m.identificatie}</td><td>${formatDateTime(m.receivedAt)}</td><td>${stateLabel(m.state)}</td>${dueCell(m, o.now)}
        <td>${m.firstFetch ? html`${m.firstFetch.who}, ${formatDateTime(m.firstFetch.at)}` : 'Nog niet opgehaald'}</td>
        <td><a href="${messagePath(m.id)}/download" download>Downloaden<span class="pz-visually-hidden"> ${m.messageCode} ${m.identificatie}</span></a></td></tr>`,
    )}</tbody>
  </table>${pageLinks(messagesPath(o.product, 'ophalen'), { ...o.filters }, o.incoming.next, o.laterPage, 'berichten')}`;
}

/** Tab Ophalen: notifications, filters and the received messages with download links. */
export function ophalenPage(o: OphalenView): Html {
  return html`<h1>${PRODUCT_LABELS[o.product]}: berichten ophalen</h1>
    ${messageTabs(o.product, 'ophalen')}
    ${productNotifications(o.product, o.notifications)}
    <section class="pz-section" aria-labelledby="ontvangen"><h2 id="ontvangen">Ontvangen berichten</h2>
      ${filterForm(o)}
      <div id="ontvangen-lijst">${incomingTable(o)}</div>
    </section>`;
}
