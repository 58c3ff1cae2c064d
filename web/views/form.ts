import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

type FieldOptions = {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'date' | 'email' | 'tel';
  required?: boolean;
  inputmode?: 'numeric' | 'text';
  autocomplete?: string;
  maxlength?: number;
};

/** A labelled input with its hint and error wired to aria-describedby (WCAG 1.3.1, 3.3.1). */
export function textField(o: FieldOptions): Html {
  const id = `veld-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-fout` : ''].filter(Boolean).join(' ');
  return html`<div class="pz-field${o.error ? ' pz-field--invalid' : ''}">
    <label class="pz-label" for="${id}">${o.label}${o.required ? '' : ' (niet verplicht)'}</label>
    ${o.hint ? html`<p class="pz-hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${o.error}</p>` : ''}
    <input class="pz-input" id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"
      ${o.required ? html`required aria-required="true"` : ''} ${o.error ? html`aria-invalid="true"` : ''}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${o.inputmode ? html`inputmode="${o.inputmode}"` : ''}
      ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''} ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}>
  </div>`;
}

/** Error summary at the top of a form, linking to each field. */
export function errorSummary(errors: FieldErrors): Html {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return html``;
  return html`<div class="pz-alert pz-alert--error" role="alert" tabindex="-1">
    <h2 class="pz-alert__title">Controleer het formulier</h2>
    <ul>${entries.map(([field, message]) => html`<li><a href="#veld-${field}">${message}</a></li>`)}</ul>
  </div>`;
}

export function csrfField(token: string | undefined): Html {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;
}

/** A group of radio buttons in a fieldset; the error sits under the legend and names the group. */
export function radioGroup(o: {
  name: string;
  legend: string;
  options: readonly (readonly [string, string])[];
  value?: string;
  error?: string;
  required?: boolean;
}): Html {
  const id = `veld-${o.name}`;
  return html`<fieldset class="pz-fieldset${o.error ? ' pz-field--invalid' : ''}" id="${id}" ${o.error ? html`aria-describedby="${id}-fout"` : ''}>
    <legend>${o.legend}${o.required === false ? ' (niet verplicht)' : ''}</legend>
    ${o.error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${o.error}</p>` : ''}
    ${o.options.map(
      ([
        value,
        label,
      ]) => html`<div class="pz-radio"><input type="radio" id="${id}-${value}" name="${o.name}" value="${value}" ${o.value === value ? html`checked` : ''}>
        <label for="${id}-${value}">${label}</label></div>`,
    )}
  </fieldset>`;
}

/** One checkbox with its label after it. */
export function checkbox(o: {
  name: string;
  label: string;
  value?: string;
  checked: boolean;
  id?: string;
  error?: string;
}): Html {
  const id = o.id ?? `veld-${o.name}`;
  return html`<div class="pz-checkbox${o.error ? ' pz-field--invalid' : ''}">
    ${o.error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${o.error}</p>` : ''}
    <input type="checkbox" id="${id}" name="${o.name}" value="${o.value ?? 'ja'}" ${o.checked ? html`checked` : ''} ${o.error ? html`aria-describedby="${id}-fout"` : ''}>
    <label for="${id}">${o.label}</label>
  </div>`;
}

/** A multi-line text field (e.g. the reason of a rejection). */
export function textArea(o: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  maxlength?: number;
}): Html {
  const id = `veld-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-fout` : ''].filter(Boolean).join(' ');
  return html`<div class="pz-field${o.error ? ' pz-field--invalid' : ''}">
    <label class="pz-label" for="${id}">${o.label}${o.required ? '' : ' (niet verplicht)'}</label>
    ${o.hint ? html`<p class="pz-hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="pz-field-error" id="${id}-fout"><span class="pz-visually-hidden">Fout: </span>${o.error}</p>` : ''}
    <textarea class="pz-input pz-textarea" id="${id}" name="${o.name}" rows="4" ${o.required ? html`required aria-required="true"` : ''}
      ${o.error ? html`aria-invalid="true"` : ''} ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}>${o.value ?? ''}</textarea>
  </div>`;
}
