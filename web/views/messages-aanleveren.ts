import type { MessageRow } from '../../db/queries/messages.ts';
import type { Page } from '../../db/queries/paging.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import { MAX_UPLOAD_BYTES, megabytes } from '../../domain/upload/limits.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import type { SubmitOutcome, SubmittedFile } from '../../usecases/upload.ts';
import { formatDateTime } from './dates.ts';
import { checkbox, errorSummary } from './form.ts';
import { findingCount, findingGroups } from './findings.ts';
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

export type AanleverenView = {
  product: MessageProduct;
  csrfToken?: string;
  outgoing: Page<MessageRow>;
  notifications: LatestNotifications;
  now: Date;
  /** The outcome of an upload that was not sent, or not in full (refused, waiting for confirmation, partly sent). */
  outcome?: SubmitOutcome;
  /** A field error of the form itself, e.g. no file chosen. */
  fileError?: string;
  /** A problem of the whole request (timeout, failure): nothing was sent. */
  formError?: string;
  /** A page after the first (the list was opened from a "vanaf" link). */
  laterPage: boolean;
};

function fileResult(file: SubmittedFile, index: number): Html {
  const id = `bestand-${index}`;
  const count = findingCount(file.findings);
  return html`<section class="pz-card" aria-labelledby="${id}">
    <h3 class="pz-card__title" id="${id}">${file.name}${file.messageCode ? html` <span class="pz-card__meta">(${messageTitle(file.messageCode)})</span>` : ''}</h3>
    ${
      file.problems.length
        ? html`<h4>Problemen met het bestand</h4><ul>${file.problems.map(
            (p) =>
              html`<li><strong>${p.code}</strong>: ${p.message}${p.detail ? html` <span class="pz-detail">${p.detail}</span>` : ''}</li>`,
          )}</ul>`
        : ''
    }
    ${count ? html`<p>${count === 1 ? '1 bevinding' : `${count.toLocaleString('nl-NL')} bevindingen`}, per validatieregel:</p>${findingGroups(file.findings, id)}` : ''}
    ${file.referentienummer ? html`<p>Verzonden (referentienummer ${file.referentienummer}).</p>` : !file.problems.length && !file.findings.length ? html`<p>Geen problemen in dit bestand.</p>` : ''}
  </section>`;
}

/**
 * Why nothing was sent: a short alert (announced and focused), then per file each problem and the
 * findings per rule. The lists stay outside the alert, so a screen reader does not read out
 * thousands of findings when the result appears.
 */
function outcomeSection(outcome: SubmitOutcome): Html {
  if (outcome.status === 'partlySent') return partlySentSection(outcome.files, outcome.outage);
  const confirm = outcome.status === 'needsConfirmation';
  const withProblems = outcome.files.filter((f) => f.problems.length || f.findings.length).length;
  const files = outcome.files.length;
  return html`<section class="pz-alert pz-alert--error" role="alert" tabindex="-1" aria-labelledby="uitkomst">
    <h2 class="pz-alert__title" id="uitkomst">${confirm ? 'Er zijn bevindingen: er is nog niets verzonden' : 'Het bestand is geweigerd: er is niets verzonden'}</h2>
    ${
      confirm
        ? html`<p>De berichten voldoen aan het schema, maar er zijn bevindingen op de regels van de iStandaard. Controleer ze. Wilt u toch verzenden, lever het bestand dan opnieuw aan en vink "Ook verzenden als er bevindingen zijn" aan.</p>`
        : html`<p>Herstel de problemen hieronder (of vraag uw softwareleverancier dat te doen) en lever het bestand opnieuw aan.</p>`
    }
    <p><a href="#uitkomst-bestanden">${files === 1 ? 'Bekijk de uitkomst van het bestand' : `Bekijk de uitkomst per bestand (${withProblems} van ${files} met problemen of bevindingen)`}</a></p>
  </section>
  <section class="pz-section" aria-labelledby="uitkomst-bestanden">
    <h2 id="uitkomst-bestanden">${files === 1 ? 'Uitkomst van het bestand' : 'Uitkomst per bestand'}</h2>
    ${outcome.files.map(fileResult)}
  </section>`;
}

/**
 * The hand-over failed part-way: which files went out, which may have (Temporal could not say),
 * and that only the others are to be offered again.
 */
function partlySentSection(files: SubmittedFile[], outage: boolean): Html {
  const sent = files.filter((f) => f.referentienummer).length;
  const uncertain = files.filter((f) => f.problems.some((p) => p.code === 'PZ-SEND-UNKNOWN')).length;
  const title = uncertain ? 'Niet zeker of alle berichten zijn verzonden' : 'Een deel van de berichten is verzonden';
  const count = files.length === 1 ? '' : `${sent} van de ${files.length} berichten zijn verzonden; `;
  const what = uncertain
    ? `${count}bij het doorgeven trad een storing op, waardoor niet bekend is of ${uncertain === 1 ? 'het bericht met de melding hieronder is verzonden' : `${uncertain} berichten zijn verzonden`}. Kijk over enkele minuten bij de verzonden berichten en lever alleen wat daar niet bij staat opnieuw aan.`
    : `${count}bij het doorgeven van de andere trad een storing op. Lever alleen de berichten die niet zijn verzonden opnieuw aan: een nieuwe aanlevering met de verzonden berichten erin wordt als dubbel geweigerd.`;
  return html`<section class="pz-alert pz-alert--error" role="alert" tabindex="-1" aria-labelledby="uitkomst">
    <h2 class="pz-alert__title" id="uitkomst">${title}</h2>
    ${outage ? html`<p>Portaal Zorg is tijdelijk niet beschikbaar. Uw gegevens zijn niet verloren.</p>` : ''}
    <p>${what}</p>
    <p><a href="#uitkomst-bestanden">Bekijk de uitkomst per bestand</a></p>
  </section>
  <section class="pz-section" aria-labelledby="uitkomst-bestanden">
    <h2 id="uitkomst-bestanden">Uitkomst per bestand</h2>
    ${files.map(fileResult)}
  </section>`;
}

function uploadForm(o: AanleverenView): Html {
  const action = `${messagesPath(o.product, 'aanleveren')}?_csrf=${encodeURIComponent(o.csrfToken ?? '')}`;
  const id = 'veld-bestand';
  const error = o.fileError;
  // The checkbox comes before the file: the browser sends the parts in this order, and the route
  // streams the file onwards as it arrives, so it must know the choice before the file starts.
  // data-pz-upload: web/static/upload-progress.js sends the form itself to show its progress in
  // the status below; without JavaScript the form posts as usual and the status stays empty.
  return html`<form class="pz-form" method="post" action="${action}" enctype="multipart/form-data" novalidate data-pz-upload>
    ${errorSummary({ bestand: error })}
    ${checkbox({ name: 'bevestig', label: 'Ook verzenden als er bevindingen zijn', checked: false })}
    <div class="pz-field${error ? ' pz-field--invalid' : ''}">
      <label class="pz-label" for="${id}">Bestand</label>
      <p class="pz-hint" id="${id}-hint">Eén XML-bestand (.xml) of een ZIP-bestand (.zip) met XML-bestanden, ten hoogste ${megabytes(MAX_UPLOAD_BYTES)}.</p>
      ${error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${error}</p>` : ''}
      <input class="pz-input" type="file" id="${id}" name="bestand" accept=".xml,.zip" required aria-required="true"
        aria-describedby="${id}-hint${error ? ` ${id}-fout` : ''}" ${error ? html`aria-invalid="true"` : ''}>
    </div>
    <button class="pz-button pz-button--primary" type="submit">Aanleveren</button>
    <div class="pz-upload-status" data-pz-upload-status>
      <progress class="pz-progress" max="100" value="0" aria-label="Voortgang van het aanleveren" hidden></progress>
      <p class="pz-upload-status__text" role="status"></p>
    </div>
  </form>
  <script src="/static/upload-progress.js" defer></script>`;
}

function outgoingTable(o: AanleverenView): Html {
  if (o.outgoing.rows.length === 0)
    return html`<p>Uw gemeente heeft nog geen ${PRODUCT_LABELS[o.product]}-berichten aangeleverd.</p>`;
  return html`<table class="pz-table">
    <caption class="pz-visually-hidden">Aangeleverde berichten, nieuwste eerst</caption>
    <thead><tr><th scope="col">Bericht</th><th scope="col">Aan</th><th scope="col">Identificatie</th><th scope="col">Aangeleverd</th><th scope="col">Status</th><th scope="col">Termijn retour</th></tr></thead>
    <tbody>${o.outgoing.rows.map(
      (
        m,
      ) => html`<tr><td><a href="${messagePath(m.id)}">${messageTitle(m.messageCode)}</a></td><td>${counterpartyLabel(m.counterparty)}</td>
        <td>${m.identificatie}</td><td>${formatDateTime(m.receivedAt)}</td><td>${stateLabel(m.state)}</td>${dueCell(m, o.now)}</tr>`,
    )}</tbody>
  </table>${pageLinks(messagesPath(o.product, 'aanleveren'), {}, o.outgoing.next, o.laterPage, 'berichten')}`;
}

/** Tab Aanleveren: notifications, the upload form (with the outcome of a refused upload) and the sent messages. */
export function aanleverenPage(o: AanleverenView): Html {
  return html`<h1>${PRODUCT_LABELS[o.product]}: berichten aanleveren</h1>
    ${messageTabs(o.product, 'aanleveren')}
    ${o.formError ? html`<div class="pz-alert pz-alert--error" role="alert" tabindex="-1"><p>${o.formError}</p></div>` : ''}
    ${o.outcome ? outcomeSection(o.outcome) : ''}
    ${productNotifications(o.product, o.notifications)}
    <section class="pz-section" aria-labelledby="taak-aanleveren"><h2 id="taak-aanleveren">Bestand aanleveren</h2>${uploadForm(o)}</section>
    <section class="pz-section" aria-labelledby="aangeleverd"><h2 id="aangeleverd">Aangeleverde berichten</h2>${outgoingTable(o)}</section>`;
}
