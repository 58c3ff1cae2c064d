import { displayName, settingsOf, type UserRow } from '../../db/queries/users.ts';
import { AANHEF_LABELS } from '../../domain/user.ts';
import { MAX_REASON_LENGTH } from '../../domain/user-lifecycle.ts';
import { formatCode } from '../../domain/verification-code.ts';
import { formatDateTime } from './dates.ts';
import { csrfField, errorSummary, textArea } from './form.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

type PendingRow = UserRow & { gemeenteName?: string | null };

function settingsSummary(row: UserRow): Html {
  const s = settingsOf(row);
  if (!s) return html`<p>Nog geen gegevens ingevuld.</p>`;
  return html`<dl class="pz-dl pz-dl--compact">
    <dt>Naam</dt><dd>${AANHEF_LABELS[s.aanhef]} ${[s.voorletters, s.voornaam ? `(${s.voornaam})` : '', s.tussenvoegsel, s.achternaam].filter(Boolean).join(' ')}</dd>
    <dt>Afdeling</dt><dd>${s.afdeling || '–'}</dd>
    <dt>Telefoonnummer</dt><dd>${s.telefoonnummer || '–'}</dd>
    <dt>E-mailadres</dt><dd>${s.email}</dd>
  </dl>`;
}

/**
 * Registrations waiting for a code. Each card shows who, since when and what they entered, and
 * the actions the viewer may take (`actions` renders them: GB and servicedesk differ).
 */
export function pendingRegistrations(o: {
  title: string;
  intro: Html;
  rows: PendingRow[];
  actions: (row: PendingRow) => Html;
  showGemeente?: boolean;
  /** Links to the other pages, when there are more registrations than one page holds. */
  paging?: Html;
}): Html {
  return html`<h1>${o.title}</h1>
  ${o.intro}
  ${
    o.rows.length === 0
      ? html`<p>Er zijn geen aanmeldingen die op een verificatiecode wachten.</p>`
      : html`<ul class="pz-cards">${o.rows.map(
          (row) => html`<li class="pz-card">
          <h2 class="pz-card__title">${displayName(row)}${o.showGemeente ? html` <span class="pz-card__meta">gemeente ${row.gemeenteName ?? row.gemeentecode} (${row.gemeentecode})</span>` : ''}</h2>
          <p class="pz-card__meta">Aangemeld op ${formatDateTime(row.settingsSavedAt ?? row.registeredAt)}${row.codeIssuedAt ? html`; laatste code uitgegeven op ${formatDateTime(row.codeIssuedAt)}` : ''}</p>
          ${settingsSummary(row)}
          <div class="pz-card__actions">${o.actions(row)}</div>
        </li>`,
        )}</ul>`
  }
  ${o.paging ?? ''}`;
}

/** A form with only a CSRF field and one button (issue a code, confirm an action). */
export function buttonForm(
  action: string,
  label: string,
  csrfToken: string | undefined,
  variant: 'primary' | 'secondary' = 'primary',
): Html {
  return html`<form method="post" action="${action}" class="pz-inline-form">${csrfField(csrfToken)}<button type="submit" class="pz-button pz-button--${variant}">${label}</button></form>`;
}

/**
 * The code, shown this once (the response is no-store, the code is stored nowhere): how to hand it
 * over, and that asking again replaces it.
 */
export function issuedCodePage(o: {
  row: UserRow;
  code: string;
  expiresAt: string;
  back: string;
  grantsGebruikersbeheerder: boolean;
}): Html {
  return html`<h1>Verificatiecode voor ${displayName(o.row)}</h1>
  <div class="pz-code-box" role="status">
    <p>De verificatiecode is:</p>
    <p class="pz-code">${formatCode(o.code)}</p>
    <p>Geldig tot ${formatDateTime(o.expiresAt)}.</p>
  </div>
  <div class="pz-alert" role="note">
    <h2 class="pz-alert__title">Deze code wordt maar één keer getoond</h2>
    <p>Schrijf de code nu over en geef hem persoonlijk of telefonisch door aan ${displayName(o.row)}. Stuur hem niet per e-mail.
      Portaal Zorg bewaart de code niet en kan hem niet opnieuw laten zien. Maakt u een nieuwe code aan, dan is deze code niet meer geldig.</p>
    ${o.grantsGebruikersbeheerder ? html`<p>Met deze code wordt de gebruiker na verificatie gebruikersbeheerder van de gemeente.</p>` : ''}
  </div>
  <p><a class="pz-button pz-button--secondary" href="${o.back}">Terug naar het overzicht</a></p>`;
}

export function rejectForm(o: {
  row: UserRow;
  action: string;
  back: string;
  value?: string;
  errors: FieldErrors;
  formError?: string;
  csrfToken: string | undefined;
}): Html {
  return html`<h1>Aanmelding afwijzen</h1>
  <p>U wijst de aanmelding van ${displayName(o.row)} af. De reden die u invult, krijgt de aanvrager te zien. Hij of zij kan zich daarna opnieuw aanmelden.</p>
  ${o.formError ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${o.formError}</p></div>` : ''}
  ${errorSummary(o.errors)}
  <form method="post" action="${o.action}" class="pz-form" novalidate>
    ${csrfField(o.csrfToken)}
    ${textArea({ name: 'reason', label: 'Reden', value: o.value, error: o.errors.reason, required: true, maxlength: MAX_REASON_LENGTH })}
    <button type="submit" class="pz-button pz-button--primary">Aanmelding afwijzen</button>
    <a class="pz-button pz-button--secondary" href="${o.back}">Annuleren</a>
  </form>`;
}

/** Confirmation of suspend/reactivate/deprovision: a page of its own, so it works without JavaScript. */
export function confirmPage(o: {
  title: string;
  text: string;
  action: string;
  button: string;
  back: string;
  error?: string;
  csrfToken: string | undefined;
}): Html {
  return html`<h1>${o.title}</h1>
  ${o.error ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${o.error}</p></div>` : ''}
  <p>${o.text}</p>
  <form method="post" action="${o.action}" class="pz-inline-form">${csrfField(o.csrfToken)}
    <button type="submit" class="pz-button pz-button--primary">${o.button}</button></form>
  <a class="pz-button pz-button--secondary" href="${o.back}">Annuleren</a>`;
}
