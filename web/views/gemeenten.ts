import { agreementSignedOn, missingAgreementsOf, type OrganisationRow } from '../../db/queries/organisations.ts';
import {
  AGREEMENT_KINDS,
  AGREEMENT_LABELS,
  ORGANISATION_STATUS_LABELS,
  type AgreementKind,
} from '../../domain/organisation.ts';
import { formatDate, formatDateTime } from './dates.ts';
import { csrfField, errorSummary, textField } from './form.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

export function organisationList(rows: OrganisationRow[]): Html {
  return html`<h1>Gemeenten</h1>
  <p><a class="pz-button pz-button--primary" href="/servicedesk/gemeenten/nieuw">Gemeente registreren</a></p>
  ${
    rows.length === 0
      ? html`<p>Er zijn nog geen gemeenten geregistreerd.</p>`
      : html`<table class="pz-table">
      <caption class="pz-visually-hidden">Geregistreerde gemeenten en hun status</caption>
      <thead><tr><th scope="col">Code</th><th scope="col">Gemeente</th><th scope="col">Status</th><th scope="col">Geregistreerd</th></tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr>
          <td>${r.gemeentecode}</td>
          <td><a href="/servicedesk/gemeenten/${r.gemeentecode}">${r.name}</a></td>
          <td><span class="pz-status pz-status--${r.status}">${ORGANISATION_STATUS_LABELS[r.status]}</span></td>
          <td>${formatDate(r.registeredAt)}</td>
        </tr>`,
      )}</tbody></table>`
  }`;
}

export function registrationForm(
  values: Record<string, string>,
  errors: FieldErrors,
  csrfToken: string | undefined,
): Html {
  return html`<h1>Gemeente registreren</h1>
  ${errorSummary(errors)}
  <form method="post" action="/servicedesk/gemeenten" class="pz-form" novalidate>
    ${csrfField(csrfToken)}
    ${textField({ name: 'gemeentecode', label: 'CBS-gemeentecode', value: values.gemeentecode, error: errors.gemeentecode, hint: 'Vier cijfers, bijvoorbeeld 0363 voor Amsterdam.', required: true, inputmode: 'numeric', maxlength: 4 })}
    ${textField({ name: 'name', label: 'Naam van de gemeente', value: values.name, error: errors.name, required: true, maxlength: 100 })}
    ${textField({ name: 'organisationId', label: 'KvK-nummer of OIN', value: values.organisationId, error: errors.organisationId, hint: 'Het nummer waarmee eHerkenning de gemeente aanduidt: KvK-nummer (8 cijfers) of OIN (20 cijfers).', required: true, inputmode: 'numeric', maxlength: 20 })}
    <button type="submit" class="pz-button pz-button--primary">Registreren</button>
    <a href="/servicedesk/gemeenten" class="pz-button pz-button--secondary">Annuleren</a>
  </form>`;
}

function agreementRow(row: OrganisationRow, kind: AgreementKind): Html {
  const signedOn = agreementSignedOn(row, kind);
  const recordedAt = kind === 'ib' ? row.ibAgreementRecordedAt : row.vecozoAgreementRecordedAt;
  return html`<tr><th scope="row">${AGREEMENT_LABELS[kind]}</th>
    <td>${signedOn ? html`Ondertekend op ${formatDate(signedOn)}; vastgelegd ${formatDateTime(recordedAt)}` : html`<strong>Ontbreekt</strong>`}</td></tr>`;
}

export function organisationDetail(
  row: OrganisationRow,
  form: { values: Record<string, string>; errors: FieldErrors },
  csrfToken: string | undefined,
): Html {
  const missing = missingAgreementsOf(row);
  return html`<h1>Gemeente ${row.name} (${row.gemeentecode})</h1>
  <dl class="pz-dl">
    <dt>Status</dt><dd><span class="pz-status pz-status--${row.status}">${ORGANISATION_STATUS_LABELS[row.status]}</span></dd>
    <dt>KvK-nummer of OIN</dt><dd>${row.organisationId}</dd>
    <dt>Geregistreerd</dt><dd>${formatDateTime(row.registeredAt)}</dd>
    ${row.activatedAt ? html`<dt>Actief sinds</dt><dd>${formatDateTime(row.activatedAt)}</dd>` : ''}
  </dl>
  <p><a href="/servicedesk/gemeenten/${row.gemeentecode}/gebruikers">Gebruikers van deze gemeente</a></p>
  <h2>Overeenkomsten</h2>
  <table class="pz-table"><caption class="pz-visually-hidden">Ondertekende overeenkomsten</caption><tbody>
    ${AGREEMENT_KINDS.map((k) => agreementRow(row, k))}
  </tbody></table>
  <h2>Ontvangst van een ondertekende overeenkomst vastleggen</h2>
  ${errorSummary(form.errors)}
  <form method="post" action="/servicedesk/gemeenten/${row.gemeentecode}/overeenkomsten" class="pz-form" novalidate>
    ${csrfField(csrfToken)}
    <fieldset class="pz-fieldset${form.errors.kind ? ' pz-field--invalid' : ''}" id="veld-kind">
      <legend>Overeenkomst</legend>
      ${form.errors.kind ? html`<p class="pz-field-error">${form.errors.kind}</p>` : ''}
      ${AGREEMENT_KINDS.map(
        (
          k,
        ) => html`<div class="pz-radio"><input type="radio" id="kind-${k}" name="kind" value="${k}" ${(form.values.kind ?? missing[0]) === k ? html`checked` : ''}>
          <label for="kind-${k}">${AGREEMENT_LABELS[k]}</label></div>`,
      )}
    </fieldset>
    ${textField({ name: 'signedOn', label: 'Datum van ondertekening', type: 'date', value: form.values.signedOn, error: form.errors.signedOn, required: true })}
    <button type="submit" class="pz-button pz-button--primary">Vastleggen</button>
  </form>`;
}
