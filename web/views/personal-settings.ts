import { AANHEF_LABELS, AANHEF_OPTIONS, type UserStatus } from '../../domain/user.ts';
import { SETTINGS_MAX_LENGTH } from '../../domain/user-validation.ts';
import { checkbox, csrfField, errorSummary, radioGroup, textField } from './form.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

/** The form's values as strings (what was typed), plus the checkbox. */
export type SettingsFormValues = Partial<
  Record<
    'aanhef' | 'voorletters' | 'voornaam' | 'tussenvoegsel' | 'achternaam' | 'afdeling' | 'telefoonnummer' | 'email',
    string
  >
> & {
  nieuwsbrief?: boolean;
};

function intro(status: UserStatus | undefined, gemeenteName: string): Html {
  if (status === 'instellingen_invullen' || status === undefined) {
    return html`<p>Welkom bij Portaal Zorg. U logt voor het eerst in namens gemeente ${gemeenteName}. Vul hieronder uw gegevens in.
      Daarna krijgt de gebruikersbeheerder van uw gemeente bericht van uw aanmelding; van hem of haar krijgt u een verificatiecode.</p>`;
  }
  if (status === 'wacht_op_verificatie') {
    return html`<p>Uw aanmelding wacht op verificatie. U kunt uw gegevens hier nog aanpassen. <a href="/verificatie">Naar de verificatie</a></p>`;
  }
  return html`<p>Houd uw gegevens actueel: de gebruikersbeheerder van uw gemeente gebruikt ze om contact met u op te nemen.</p>`;
}

export function personalSettingsPage(o: {
  values: SettingsFormValues;
  errors: FieldErrors;
  /** A refusal that names no field (e.g. the registration ended meanwhile). */
  formError?: string;
  csrfToken: string | undefined;
  status: UserStatus | undefined;
  gemeenteName: string;
}): Html {
  const { values: v, errors: e } = o;
  const first = o.status === 'instellingen_invullen' || o.status === undefined;
  return html`<h1>Persoonlijke instellingen</h1>
  ${intro(o.status, o.gemeenteName)}
  ${o.formError ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${o.formError}</p></div>` : ''}
  ${errorSummary(e)}
  <form method="post" action="/persoonlijke-instellingen" class="pz-form" novalidate>
    ${csrfField(o.csrfToken)}
    ${radioGroup({ name: 'aanhef', legend: 'Aanhef', options: AANHEF_OPTIONS.map((a) => [a, AANHEF_LABELS[a]] as const), value: v.aanhef, error: e.aanhef })}
    ${textField({ name: 'voorletters', label: 'Voorletters', value: v.voorletters, error: e.voorletters, required: true, autocomplete: 'off', maxlength: SETTINGS_MAX_LENGTH.voorletters, hint: 'Bijvoorbeeld J.A.' })}
    ${textField({ name: 'voornaam', label: 'Voornaam', value: v.voornaam, error: e.voornaam, autocomplete: 'given-name', maxlength: SETTINGS_MAX_LENGTH.voornaam })}
    ${textField({ name: 'tussenvoegsel', label: 'Tussenvoegsel', value: v.tussenvoegsel, error: e.tussenvoegsel, autocomplete: 'additional-name', maxlength: SETTINGS_MAX_LENGTH.tussenvoegsel })}
    ${textField({ name: 'achternaam', label: 'Achternaam', value: v.achternaam, error: e.achternaam, required: true, autocomplete: 'family-name', maxlength: SETTINGS_MAX_LENGTH.achternaam })}
    ${textField({ name: 'afdeling', label: 'Afdeling', value: v.afdeling, error: e.afdeling, autocomplete: 'organization-title', maxlength: SETTINGS_MAX_LENGTH.afdeling })}
    ${textField({ name: 'telefoonnummer', label: 'Telefoonnummer', type: 'tel', value: v.telefoonnummer, error: e.telefoonnummer, autocomplete: 'tel', maxlength: SETTINGS_MAX_LENGTH.telefoonnummer, hint: 'Bijvoorbeeld 06-12345678 of 020-1234567.' })}
    ${textField({ name: 'email', label: 'E-mailadres', type: 'email', value: v.email, error: e.email, required: true, autocomplete: 'email', maxlength: SETTINGS_MAX_LENGTH.email })}
    ${checkbox({ name: 'nieuwsbrief', label: 'Ik wil de nieuwsbrief van Portaal Zorg ontvangen', checked: v.nieuwsbrief === true, error: e.nieuwsbrief })}
    <button type="submit" class="pz-button pz-button--primary">${first ? 'Opslaan en aanmelden' : 'Opslaan'}</button>
  </form>`;
}
