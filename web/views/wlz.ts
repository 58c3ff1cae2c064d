import type { WlzHistoryRow } from '../../db/queries/wlz.ts';
import {
  PURPOSE_OTHER_MAX,
  WLZ_OUTCOME_LABELS,
  WLZ_PURPOSES,
  type WlzFieldErrors,
  type WlzOutcome,
} from '../../domain/wlz.ts';
import { formatDate, formatDateTime } from './dates.ts';
import { csrfField, errorSummary, textField } from './form.ts';
import { html, type Html } from '../../html.ts';

export type WlzFormValues = { purpose?: string; purposeOther?: string };
/** The answer as shown: the BSN masked, never in full. */
export type WlzAnswerView = { outcome: WlzOutcome; registerDate: string | null; maskedBsn: string };

function purposeSelect(value: string | undefined, error: string | undefined): Html {
  const id = 'veld-purpose';
  return html`<div class="pz-field${error ? ' pz-field--invalid' : ''}">
    <label class="pz-label" for="${id}">Doel van de raadpleging</label>
    ${error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${error}</p>` : ''}
    <select class="pz-input" id="${id}" name="purpose" required aria-required="true" ${error ? html`aria-invalid="true" aria-describedby="${id}-fout"` : ''}>
      <option value="">Kies een doel</option>
      ${WLZ_PURPOSES.map(([v, label]) => html`<option value="${v}" ${value === v ? html`selected` : ''}>${label}</option>`)}
    </select>
  </div>`;
}

function answer(a: WlzAnswerView): Html {
  if (a.outcome === 'fout') {
    return html`<div class="pz-alert pz-alert--error" role="alert"><h2 class="pz-alert__title">Geen antwoord van het Wlz-register</h2>
      <p>Het CIZ kon de vraag over BSN ${a.maskedBsn} nu niet beantwoorden. De raadpleging is vastgelegd. Probeer het later opnieuw.</p></div>`;
  }
  return html`<section class="pz-alert pz-alert--ok" role="status" aria-labelledby="wlz-antwoord"><h2 class="pz-alert__title" id="wlz-antwoord">${WLZ_OUTCOME_LABELS[a.outcome]}</h2>
    <p>BSN: ${a.maskedBsn}</p><p>Stand van het Wlz-register: ${formatDate(a.registerDate)}</p></section>`;
}

function history(rows: WlzHistoryRow[]): Html {
  if (rows.length === 0) return html`<p>Uw gemeente heeft nog geen raadplegingen gedaan.</p>`;
  return html`<table class="pz-table">
    <caption class="pz-visually-hidden">Raadplegingen van uw gemeente, nieuwste eerst</caption>
    <thead><tr><th scope="col">Moment</th><th scope="col">Door</th><th scope="col">Doel</th><th scope="col">Uitkomst</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td>${formatDateTime(r.requestedAt)}</td><td>${r.who}</td><td>${r.purpose}</td><td>${r.outcome ? WLZ_OUTCOME_LABELS[r.outcome] : 'Bezig'}</td></tr>`)}</tbody>
  </table>`;
}

/**
 * Raadplegen: the form (BSN and purpose), the answer of the last look-up, and the municipality's
 * own history. The BSN field is never filled back in: the page must not echo a BSN.
 */
export function wlzPage(o: {
  values: WlzFormValues;
  errors: WlzFieldErrors;
  csrfToken?: string;
  answer?: WlzAnswerView;
  formError?: string;
  history: WlzHistoryRow[];
}): Html {
  return html`<h1>Wlz-Registertoets</h1>
    <p>Controleer of een inwoner een Wlz-indicatie heeft, bij gerede twijfel bij een Wmo-aanvraag. Alleen voor de Wmo 2015, niet voor de Jeugdwet. Elke raadpleging wordt vastgelegd.</p>
    ${o.answer ? answer(o.answer) : ''}
    ${o.formError ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${o.formError}</p></div>` : ''}
    <section class="pz-section" aria-labelledby="taak-raadplegen"><h2 id="taak-raadplegen">Raadplegen</h2>
    ${errorSummary(o.errors)}
    <form method="post" action="/producten/wlz" novalidate>
      ${csrfField(o.csrfToken)}
      ${textField({ name: 'bsn', label: 'BSN', error: o.errors.bsn, hint: '9 cijfers', required: true, inputmode: 'numeric', autocomplete: 'off', maxlength: 11 })}
      ${purposeSelect(o.values.purpose, o.errors.purpose)}
      ${textField({ name: 'purposeOther', label: 'Ander doel', value: o.values.purposeOther, error: o.errors.purposeOther, hint: 'Alleen bij "Anders". Noem geen BSN.', maxlength: PURPOSE_OTHER_MAX })}
      <button class="pz-button pz-button--primary" type="submit">Raadplegen</button>
    </form></section>
    <section class="pz-section" aria-labelledby="wlz-geschiedenis"><h2 id="wlz-geschiedenis">Eerdere raadplegingen</h2>${history(o.history)}</section>`;
}
