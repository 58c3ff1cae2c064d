import {
  DELIVERY_CHANNELS,
  DELIVERY_CHANNEL_LABELS,
  MAX_NOTIFICATION_EMAILS,
  STUF_VERSIONS,
  STUF_VERSION_LABELS,
} from '../../domain/product-settings.ts';
import { PRODUCT_LABELS, type Product } from '../../domain/user.ts';
import { formatDateTime } from './dates.ts';
import { csrfField, errorSummary, radioGroup, textArea, textField } from './form.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

/** The form as the user typed it (strings), so a 422 shows exactly what was sent. */
export type ProductSettingsFormValues = {
  deliveryChannel: string;
  endpointUrl: string;
  certificateFingerprint: string;
  notificationEmails: string;
  stufVersion: string;
};

export type LastChange = { by: string; at: Date };

function selectField(o: {
  name: string;
  label: string;
  options: readonly (readonly [string, string])[];
  value: string;
  error?: string;
}): Html {
  const id = `veld-${o.name}`;
  return html`<div class="pz-field${o.error ? ' pz-field--invalid' : ''}">
    <label class="pz-label" for="${id}">${o.label}</label>
    ${o.error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${o.error}</p>` : ''}
    <select class="pz-select" id="${id}" name="${o.name}" ${o.error ? html`aria-invalid="true" aria-describedby="${id}-fout"` : ''}>
      ${o.options.map(([v, l]) => html`<option value="${v}" ${o.value === v ? html`selected` : ''}>${l}</option>`)}
    </select></div>`;
}

/** The settings tab of one product (Productbeheerder only); works without JavaScript. */
export function productSettingsForm(o: {
  product: Product;
  gemeenteName: string;
  values: ProductSettingsFormValues;
  errors: FieldErrors;
  csrfToken: string | undefined;
  lastChange?: LastChange;
}): Html {
  const label = PRODUCT_LABELS[o.product];
  return html`<h1>Instellingen ${label}</h1>
  <p>Deze instellingen gelden voor ${label} van ${o.gemeenteName}.</p>
  ${
    o.lastChange
      ? html`<p class="pz-meta">Laatst gewijzigd op ${formatDateTime(o.lastChange.at)} door ${o.lastChange.by}.</p>`
      : html`<p class="pz-meta">Nog niet gewijzigd: de standaardinstellingen gelden.</p>`
  }
  ${errorSummary(o.errors)}
  <form method="post" action="/producten/${o.product}/instellingen" class="pz-form" novalidate>
    ${csrfField(o.csrfToken)}
    ${radioGroup({ name: 'deliveryChannel', legend: 'Aflevering van berichten', options: DELIVERY_CHANNELS.map((c) => [c, DELIVERY_CHANNEL_LABELS[c]] as const), value: o.values.deliveryChannel, error: o.errors.deliveryChannel })}
    <fieldset class="pz-fieldset">
      <legend>Webservice (Digikoppeling)</legend>
      <p class="pz-hint">Alleen nodig bij aflevering via een webservice. Bij aflevering via het portaal worden deze gegevens niet bewaard.</p>
      ${textField({ name: 'endpointUrl', label: 'URL van de webservice', value: o.values.endpointUrl, error: o.errors.endpointUrl, hint: 'Begint met https://, bijvoorbeeld https://ggk.gemeente.nl/stuf.', maxlength: 500, autocomplete: 'off' })}
      ${textField({ name: 'certificateFingerprint', label: 'SHA-256-vingerafdruk van het PKIoverheid-certificaat', value: o.values.certificateFingerprint, error: o.errors.certificateFingerprint, hint: '64 hexadecimale tekens, met of zonder dubbele punten.', maxlength: 120, autocomplete: 'off' })}
    </fieldset>
    ${textArea({ name: 'notificationEmails', label: 'E-mailadressen voor meldingen', value: o.values.notificationEmails, error: o.errors.notificationEmails, hint: `Hoogstens ${MAX_NOTIFICATION_EMAILS} adressen, één per regel of gescheiden door komma's.`, maxlength: 3000 })}
    ${selectField({ name: 'stufVersion', label: 'StUF-versie', options: STUF_VERSIONS.map((v) => [v, STUF_VERSION_LABELS[v]] as const), value: o.values.stufVersion, error: o.errors.stufVersion })}
    <button type="submit" class="pz-button pz-button--primary">Instellingen opslaan</button>
  </form>`;
}
