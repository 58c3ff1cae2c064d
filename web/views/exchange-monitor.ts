import type { GemeenteTrouble } from '../../db/queries/exchange-monitor.ts';
import type { MessageRow } from '../../db/queries/messages.ts';
import type { Page } from '../../db/queries/paging.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';
import { counterpartyLabel, dueCell, messageTitle, stateLabel } from './message-parts.ts';
import { pageLinks } from './paging.ts';

export const MONITOR_PATH = '/servicedesk/berichten';

export type MonitorView = {
  summary: GemeenteTrouble[];
  gemeentecode: string | undefined;
  exchanges: Page<MessageRow>;
  laterPage: boolean;
  now: Date;
};

function summaryTable(rows: GemeenteTrouble[], selected: string | undefined): Html {
  if (rows.length === 0)
    return html`<p>Er zijn geen berichten met een verstreken termijn of die niet zijn afgeleverd.</p>`;
  return html`<table class="pz-table">
    <caption>Per gemeente</caption>
    <thead><tr><th scope="col">Gemeente</th><th scope="col">Termijn verstreken</th><th scope="col">Verlopen</th><th scope="col">Niet afgeleverd</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr>
        <td><a href="${MONITOR_PATH}?gemeente=${r.gemeentecode}" ${r.gemeentecode === selected ? html`aria-current="true"` : ''}>${r.name ?? r.gemeentecode} (${r.gemeentecode})</a></td>
        <td>${String(r.counts.te_laat)}</td><td>${String(r.counts.verlopen)}</td><td>${String(r.counts.niet_afgeleverd)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function exchangeTable(o: MonitorView): Html {
  if (o.exchanges.rows.length === 0) return html``;
  return html`<table class="pz-table">
    <caption>${o.gemeentecode ? `Berichten van gemeente ${o.gemeentecode}` : 'Alle berichten'}, nieuwste eerst</caption>
    <thead><tr><th scope="col">Gemeente</th><th scope="col">Bericht</th><th scope="col">Richting</th><th scope="col">Andere partij</th><th scope="col">Identificatie</th>
      <th scope="col">Aangeleverd of ontvangen</th><th scope="col">Termijn</th><th scope="col">Status</th></tr></thead>
    <tbody>${o.exchanges.rows.map(
      (
        m,
      ) => html`<tr><td>${m.gemeentecode}</td><td>${messageTitle(m.messageCode)}</td><td>${m.direction === 'uit' ? 'Verzonden' : 'Ontvangen'}</td>
        <td>${counterpartyLabel(m.counterparty)}</td><td>${m.identificatie}</td><td>${formatDateTime(m.receivedAt)}</td>${dueCell(m, o.now)}<td>${stateLabel(m.state)}</td></tr>`,
    )}</tbody>
  </table>
  ${pageLinks(MONITOR_PATH, { gemeente: o.gemeentecode }, o.exchanges.next, o.laterPage, 'berichten')}`;
}

/** Overdue, expired and undelivered exchanges per municipality, and the exchanges themselves. */
export function exchangeMonitorPage(o: MonitorView): Html {
  return html`<h1>Berichten die aandacht vragen</h1>
    <p>Berichten waarvan de termijn is verstreken, die zijn verlopen zonder antwoord, of die de keten niet heeft afgeleverd.</p>
    ${summaryTable(o.summary, o.gemeentecode)}
    ${o.gemeentecode ? html`<p><a href="${MONITOR_PATH}">Alle gemeenten tonen</a></p>` : ''}
    ${exchangeTable(o)}`;
}
