import { displayName, type UserRow } from '../../db/queries/users.ts';
import { formatDateTime } from './dates.ts';
import { csrfField } from './form.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html, type Html } from '../../html.ts';

/** The municipality's active gebruikersbeheerders by name and afdeling, or the servicedesk when there is none. */
export function whoToAsk(
  beheerders: Pick<UserRow, 'voorletters' | 'voornaam' | 'tussenvoegsel' | 'achternaam' | 'afdeling'>[],
  what: string,
): Html {
  if (beheerders.length === 0) {
    return html`<p>Uw gemeente heeft nog geen gebruikersbeheerder in Portaal Zorg. Neem voor ${what} contact op met de servicedesk van BIDN (voorheen Inlichtingenbureau).</p>`;
  }
  return html`<p>Neem voor ${what} contact op met een gebruikersbeheerder van uw gemeente:</p>
    <ul class="pz-people">${beheerders.map((b) => html`<li>${displayName(b)}${b.afdeling ? html`, afdeling ${b.afdeling}` : ''}</li>`)}</ul>`;
}

export type VerificationView = {
  codeIssuedAt: Date | null;
  codeExpiresAt: Date | null;
  beheerders: Parameters<typeof whoToAsk>[0];
  value?: string;
  error?: string;
  csrfToken: string | undefined;
};

export function verificationPage(v: VerificationView): Html {
  const errors: FieldErrors = v.error ? { code: v.error } : {};
  const live = v.codeExpiresAt && v.codeExpiresAt.getTime() > Date.now();
  return html`<h1>Verificatie</h1>
  <p>Uw aanmelding is ontvangen. Om Portaal Zorg te kunnen gebruiken, voert u hieronder de verificatiecode in die u persoonlijk heeft gekregen.</p>
  <h2>Hoe krijgt u de code?</h2>
  <ul>
    <li><strong>Nieuwe gebruiker:</strong> u krijgt de code van de gebruikersbeheerder van uw eigen gemeente. Die heeft bericht gekregen van uw aanmelding.</li>
    <li><strong>Nieuwe gebruikersbeheerder:</strong> heeft uw gemeente nog geen gebruikersbeheerder in Portaal Zorg en wordt u dat? Dan krijgt u de code van de servicedesk van BIDN.</li>
  </ul>
  ${whoToAsk(v.beheerders, 'uw code')}
  <p class="pz-code-state">${
    live
      ? html`Er is op ${formatDateTime(v.codeIssuedAt)} een code voor u aangemaakt. Deze is geldig tot ${formatDateTime(v.codeExpiresAt)}.`
      : v.codeIssuedAt
        ? html`Uw laatste code is niet meer geldig. Vraag om een nieuwe code.`
        : html`Er is nog geen code voor u aangemaakt.`
  }</p>
  <h2>Code invoeren</h2>
  ${v.error ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${v.error}</p></div>` : ''}
  <form method="post" action="/verificatie" class="pz-form" novalidate>
    ${csrfField(v.csrfToken)}
    <div class="pz-field${errors.code ? ' pz-field--invalid' : ''}">
      <label class="pz-label" for="veld-code">Verificatiecode</label>
      <p class="pz-hint" id="veld-code-hint">10 letters en cijfers, bijvoorbeeld ABCDE-12345. Hoofdletters en streepjes maken niet uit.</p>
      <input class="pz-input pz-input--code" id="veld-code" name="code" type="text" value="${v.value ?? ''}" required aria-required="true"
        autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="20"
        aria-describedby="veld-code-hint" ${errors.code ? html`aria-invalid="true"` : ''}>
    </div>
    <button type="submit" class="pz-button pz-button--primary">Code controleren</button>
  </form>
  <p><a href="/persoonlijke-instellingen">Uw gegevens bekijken of wijzigen</a></p>`;
}

export function waitingForRolesPage(beheerders: Parameters<typeof whoToAsk>[0], gemeenteName: string): Html {
  return html`<h1>Wachten op rollen</h1>
  <p>Uw account bij gemeente ${gemeenteName} is geverifieerd. U heeft nog geen rollen, dus er is nog niets dat u in Portaal Zorg kunt doen.</p>
  <p>Rollen worden per product toegekend: bijvoorbeeld Gebruiker voor iWmo of iJw (berichten aanleveren en ophalen) of voor de Wlz-Registertoets (raadplegen).</p>
  ${whoToAsk(beheerders, 'het toekennen van rollen')}
  <p>Zodra u een rol heeft, ziet u die bij uw volgende klik of als u deze pagina opnieuw laadt. <a href="/wachten-op-rollen">Opnieuw kijken</a></p>`;
}

export function registrationEndedPage(o: {
  status: 'afgewezen' | 'verlopen';
  reason: string | null;
  csrfToken: string | undefined;
}): Html {
  const rejected = o.status === 'afgewezen';
  return html`<h1>${rejected ? 'Uw aanmelding is afgewezen' : 'Uw aanmelding is verlopen'}</h1>
  ${
    rejected
      ? html`<p>De gebruikersbeheerder van uw gemeente heeft uw aanmelding voor Portaal Zorg afgewezen.</p>
      ${o.reason ? html`<div class="pz-alert" role="note"><h2 class="pz-alert__title">Reden</h2><p>${o.reason}</p></div>` : ''}`
      : html`<p>Uw aanmelding is niet op tijd behandeld en is daarom verlopen.</p>`
  }
  <p>U kunt zich opnieuw aanmelden. Uw eerder ingevulde gegevens staan dan al klaar in het formulier.</p>
  <form method="post" action="/aanmelding-beeindigd" class="pz-inline-form">
    ${csrfField(o.csrfToken)}
    <button type="submit" class="pz-button pz-button--primary">Opnieuw aanmelden</button>
  </form>`;
}

export function previousRegistrationNote(
  previous: { status: 'afgewezen' | 'verlopen'; reason?: string } | undefined,
): string | undefined {
  if (!previous) return undefined;
  if (previous.status === 'verlopen')
    return 'Uw vorige aanmelding is verlopen. Vul het formulier in om u opnieuw aan te melden.';
  return `Uw vorige aanmelding is afgewezen${previous.reason ? ` (reden: ${previous.reason})` : ''}. Vul het formulier in om u opnieuw aan te melden.`;
}
