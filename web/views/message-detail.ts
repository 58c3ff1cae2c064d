import type { FirstFetch, MessageRow } from '../../db/queries/messages.ts';
import type { MessageRole } from '../../domain/message-exchange.ts';
import { berichtklasseLabel, retourcodeMeaning } from '../../domain/messages/retourcodes.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';
import { counterpartyLabel, isOverdue, messagePath, messagesPath, messageTitle, stateLabel } from './message-parts.ts';

export type MessageDetailView = { message: MessageRow; conversation: MessageRow[]; fetches: FirstFetch[]; now: Date };

const ROLE_LABELS: Record<MessageRole, string> = {
  heen: 'Heenbericht',
  retour: 'Retourbericht',
  antwoord: 'Antwoordbericht',
};

type DutyView = {
  expected: string[];
  dueAt?: string;
  overdue: boolean;
  fulfilledBy?: MessageRow;
  fulfilledAt?: string;
  fulfilled?: boolean;
};

/**
 * What must follow this message, and what did, each with its own deadline, as the exchange
 * recorded them (the `duties` of the read model), with the answering message where it is listed.
 */
function dutiesOf(m: MessageRow, conversation: MessageRow[]): DutyView[] {
  const byId = new Map(conversation.map((c) => [c.id, c]));
  return m.duties.map((d) => {
    const fulfilledBy = d.fulfilledBy ? byId.get(d.fulfilledBy) : undefined;
    return {
      expected: d.expected,
      overdue: d.overdue,
      fulfilled: Boolean(d.fulfilledBy),
      ...(d.dueAt ? { dueAt: d.dueAt } : {}),
      ...(fulfilledBy ? { fulfilledBy } : {}),
      ...(d.fulfilledAt ? { fulfilledAt: d.fulfilledAt } : {}),
    };
  });
}

function dutiesSection(m: MessageRow, duties: DutyView[], now: Date): Html {
  if (duties.length === 0) return html``;
  const who = m.direction === 'uit' ? counterpartyLabel(m.counterparty) : 'Uw gemeente';
  // Outgoing, the answer is received; incoming, it is the municipality's own answer, sent.
  const done = m.direction === 'uit' ? 'Ontvangen' : 'Verstuurd';
  return html`<section class="pz-section" aria-labelledby="verplichtingen"><h2 id="verplichtingen">Wat moet volgen</h2>
    <table class="pz-table"><caption class="pz-visually-hidden">Berichten die op dit bericht moeten volgen</caption>
      <thead><tr><th scope="col">Verwacht bericht</th><th scope="col">Door</th><th scope="col">Stand</th></tr></thead>
      <tbody>${duties.map((d) => {
        const dueAt = d.dueAt ? new Date(d.dueAt) : m.dueAt;
        const overdue = d.overdue || (dueAt ? dueAt.getTime() < now.getTime() : isOverdue(m, now));
        const late = d.fulfilledBy && d.overdue ? html` <strong>(na de termijn)</strong>` : '';
        return html`<tr><td>${d.expected.map(messageTitle).join(' of ')}</td><td>${who}</td><td>${
          d.fulfilledBy
            ? html`${done}: <a href="${messagePath(d.fulfilledBy.id)}">${messageTitle(d.fulfilledBy.messageCode)}</a> op ${formatDateTime(d.fulfilledAt ? new Date(d.fulfilledAt) : d.fulfilledBy.receivedAt)}${late}`
            : d.fulfilled
              ? html`${done}${d.fulfilledAt ? html` op ${formatDateTime(new Date(d.fulfilledAt))}` : ''}`
              : dueAt
                ? html`<span class="${overdue ? 'pz-overdue' : ''}">Open, uiterlijk ${formatDateTime(dueAt)}${overdue ? html` <strong>(termijn verstreken)</strong>` : ''}</span>`
                : 'Open'
        }</td></tr>`;
      })}</tbody></table></section>`;
}

/** For an incoming heen-bericht the municipality still has to answer: how to answer it. */
function answerHint(m: MessageRow, duties: DutyView[]): Html {
  const open = duties.filter((d) => !d.fulfilledBy && !d.fulfilled);
  if (m.direction !== 'in' || open.length === 0) return html``;
  return html`<div class="pz-alert" role="note"><p>Beantwoord dit bericht met een ${open.map((d) => d.expected.join(' of ')).join(' en een ')} via
    <a href="${messagesPath(m.product, 'aanleveren')}">Aanleveren</a>.</p></div>`;
}

function retourCodesSection(m: MessageRow): Html {
  if (!m.retourCodes?.length) return html``;
  return html`<section class="pz-section" aria-labelledby="retourcodes"><h2 id="retourcodes">Retourcodes</h2>
    <table class="pz-table"><caption class="pz-visually-hidden">Retourcodes per berichtklasse</caption>
      <thead><tr><th scope="col">Berichtklasse</th><th scope="col">Retourcode</th><th scope="col">Betekenis</th></tr></thead>
      <tbody>${m.retourCodes.flatMap((klasse) =>
        klasse.codes.map(
          (code) =>
            html`<tr><td>${berichtklasseLabel(klasse.berichtklasse)}</td><td>${code}</td><td>${retourcodeMeaning(code)}</td></tr>`,
        ),
      )}</tbody></table></section>`;
}

function conversationSection(m: MessageRow, conversation: MessageRow[]): Html {
  if (conversation.length <= 1) return html``;
  return html`<section class="pz-section" aria-labelledby="gesprek"><h2 id="gesprek">Berichten in dit gesprek</h2>
    <table class="pz-table"><caption class="pz-visually-hidden">Alle berichten van deze uitwisseling, oudste eerst</caption>
      <thead><tr><th scope="col">Bericht</th><th scope="col">Richting</th><th scope="col">Moment</th><th scope="col">Status</th></tr></thead>
      <tbody>${conversation.map(
        (
          c,
        ) => html`<tr><td>${c.id === m.id ? html`<span aria-current="true">${messageTitle(c.messageCode)} (dit bericht)</span>` : html`<a href="${messagePath(c.id)}">${messageTitle(c.messageCode)}</a>`}</td>
          <td>${c.direction === 'uit' ? 'Verzonden' : 'Ontvangen'}</td><td>${formatDateTime(c.receivedAt)}</td><td>${stateLabel(c.state)}</td></tr>`,
      )}</tbody></table></section>`;
}

function fetchesSection(fetches: FirstFetch[]): Html {
  return html`<section class="pz-section" aria-labelledby="opgehaald"><h2 id="opgehaald">Opgehaald</h2>
    ${
      fetches.length === 0
        ? html`<p>Dit bericht is nog niet opgehaald.</p>`
        : html`<ul>${fetches.map((f) => html`<li>${formatDateTime(f.at)} door ${f.who}</li>`)}</ul>`
    }</section>`;
}

/** One message: its facts, state and deadlines, retourcodes, the exchange it belongs to, and its file. */
export function messageDetailPage(o: MessageDetailView): Html {
  const m = o.message;
  const product = m.product;
  const duties = dutiesOf(m, o.conversation);
  const tab = m.direction === 'uit' ? 'aanleveren' : 'ophalen';
  return html`<p><a href="${messagesPath(product, tab)}">Terug naar ${tab === 'aanleveren' ? 'Aanleveren' : 'Ophalen'} ${PRODUCT_LABELS[product]}</a></p>
    <h1>${messageTitle(m.messageCode)}</h1>
    ${answerHint(m, duties)}
    <dl class="pz-dl">
      <dt>Product</dt><dd>${PRODUCT_LABELS[product]}</dd>
      <dt>Soort</dt><dd>${ROLE_LABELS[m.role] ?? m.role}, ${m.direction === 'uit' ? 'verzonden door uw gemeente' : 'ontvangen door uw gemeente'}</dd>
      <dt>${m.direction === 'uit' ? 'Aan' : 'Van'}</dt><dd>${counterpartyLabel(m.counterparty)}</dd>
      <dt>Status</dt><dd>${stateLabel(m.state)}</dd>
      <dt>Identificatie</dt><dd>${m.identificatie}</dd>
      ${m.identificatieRetour ? html`<dt>Identificatie retour</dt><dd>${m.identificatieRetour}</dd>` : ''}
      <dt>Referentienummer</dt><dd>${m.id}</dd>
      <dt>${m.direction === 'uit' ? 'Aangeleverd' : 'Ontvangen'}</dt><dd>${formatDateTime(m.receivedAt)}</dd>
      ${m.deliveredAt ? html`<dt>Afgeleverd</dt><dd>${formatDateTime(m.deliveredAt)}</dd>` : ''}
      ${m.dueAt ? html`<dt>Eerstvolgende termijn</dt><dd>${formatDateTime(m.dueAt)}${isOverdue(m, o.now) ? html` <strong>(verstreken)</strong>` : ''}</dd>` : ''}
      <dt>Bestand</dt><dd>${m.fileName} (${Math.max(1, Math.round(m.sizeBytes / 1000))} kB)</dd>
    </dl>
    <p><a class="pz-button pz-button--secondary" href="${messagePath(m.id)}/download" download>Bestand downloaden</a></p>
    ${dutiesSection(m, duties, o.now)}
    ${retourCodesSection(m)}
    ${conversationSection(m, o.conversation)}
    ${fetchesSection(o.fetches)}`;
}
