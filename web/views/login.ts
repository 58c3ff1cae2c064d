import type { LoginRefusalReason } from '../../domain/eherkenning.ts';
import type { Page } from './layout.ts';
import { html, type Html } from '../../html.ts';

type Explanation = { title: string; what: string; todo: string };

const TOO_WEAK: Explanation = {
  title: 'Uw eHerkenningsmiddel is niet sterk genoeg',
  what: 'Voor Portaal Zorg heeft u eHerkenning nodig op betrouwbaarheidsniveau EH3 of hoger. U heeft ingelogd met een lager niveau, of uw eHerkenningsmakelaar heeft het niveau niet doorgegeven.',
  todo: 'Log opnieuw in met een eHerkenningsmiddel op niveau EH3 of EH4. Heeft u dat niet? Vraag het aan bij uw eHerkenningsleverancier of bij de beheerder van eHerkenning in uw organisatie.',
};

const UNKNOWN_ORGANISATION: Explanation = {
  title: 'Uw organisatie heeft geen toegang tot Portaal Zorg',
  what: 'U bent ingelogd namens een organisatie die niet is aangesloten op Portaal Zorg.',
  todo: 'Controleer of u bij het inloggen de juiste organisatie heeft gekozen en log opnieuw in. Wil uw gemeente aansluiten, of denkt u dat dit niet klopt? Neem dan contact op met de servicedesk van het Inlichtingenbureau.',
};

const INCOMPLETE: Explanation = {
  title: 'Uw gegevens van eHerkenning zijn onvolledig',
  what: 'Uw eHerkenningsmakelaar heeft niet alle gegevens doorgegeven die Portaal Zorg nodig heeft: de organisatie namens wie u inlogt en uw persoonlijke kenmerk.',
  todo: 'Controleer of u een machtiging heeft voor de dienst Portaal Zorg en log opnieuw in. Blijft dit gebeuren? Neem dan contact op met de servicedesk en noem de referentie hieronder.',
};

const SUSPENDED: Explanation = {
  title: 'Uw account is geschorst',
  what: 'De gebruikersbeheerder van uw gemeente heeft uw account voor Portaal Zorg geschorst. U kunt daarom nu niet inloggen.',
  todo: 'Denkt u dat dit niet klopt, of heeft u weer toegang nodig? Neem dan contact op met de gebruikersbeheerder van uw gemeente.',
};

const DEPROVISIONED: Explanation = {
  title: 'Uw account is verwijderd',
  what: 'Uw account voor Portaal Zorg is verwijderd. U kunt daarom niet meer inloggen.',
  todo: 'Heeft u opnieuw toegang nodig? Neem dan contact op met de gebruikersbeheerder van uw gemeente.',
};

const EXPIRED: Explanation = {
  title: 'Uw inlogpoging is verlopen',
  what: 'Het antwoord van eHerkenning was verlopen, nog niet geldig of al eerder gebruikt. Dat gebeurt bijvoorbeeld als u lang heeft gewacht of met de terugknop van de browser een oude pagina opnieuw heeft verstuurd.',
  todo: 'Start het inloggen opnieuw.',
};

const CANCELLED: Explanation = {
  title: 'Inloggen is afgebroken',
  what: 'U heeft het inloggen bij eHerkenning afgebroken, of eHerkenning kon uw inlogmiddel niet controleren. U bent niet ingelogd.',
  todo: 'Probeer opnieuw in te loggen.',
};

const NOT_AUTHORISED: Explanation = {
  title: 'U heeft geen machtiging voor Portaal Zorg',
  what: 'Uw eHerkenningsmakelaar meldt dat u namens deze organisatie niet bent gemachtigd voor de dienst Portaal Zorg.',
  todo: 'Vraag de beheerder van eHerkenning in uw organisatie om u te machtigen voor Portaal Zorg, en log daarna opnieuw in.',
};

const BROKER_ERROR: Explanation = {
  title: 'eHerkenning kon het inloggen niet afronden',
  what: 'Er ging iets mis bij uw eHerkenningsmakelaar. U bent niet ingelogd, en er is niets verloren gegaan.',
  todo: 'Probeer het over enkele minuten opnieuw. Blijft dit gebeuren? Neem dan contact op met uw eHerkenningsleverancier of met de servicedesk en noem de referentie hieronder.',
};

const ARTIFACT_UNRESOLVED: Explanation = {
  title: 'Uw inloggegevens konden niet worden opgehaald',
  what: 'eHerkenning heeft het inloggen afgerond, maar Portaal Zorg kon het resultaat niet ophalen bij uw eHerkenningsmakelaar. U bent niet ingelogd.',
  todo: 'Start het inloggen opnieuw. Blijft dit gebeuren? Neem dan contact op met de servicedesk en noem de referentie hieronder.',
};

const UNKNOWN_BROKER: Explanation = {
  title: 'Deze eHerkenningsmakelaar is niet bekend',
  what: 'Het antwoord komt van een eHerkenningsmakelaar waarmee Portaal Zorg niet is verbonden. Om veiligheidsredenen bent u niet ingelogd.',
  todo: 'Start het inloggen opnieuw met de knop Inloggen op Portaal Zorg. Blijft dit gebeuren? Neem dan contact op met de servicedesk en noem de referentie hieronder.',
};

const UNTRUSTED: Explanation = {
  title: 'Inloggen is niet gelukt',
  what: 'Het antwoord van eHerkenning kon niet worden gecontroleerd. Om veiligheidsredenen bent u niet ingelogd.',
  todo: 'Probeer opnieuw in te loggen. Blijft dit gebeuren? Neem dan contact op met de servicedesk en noem de referentie hieronder.',
};

const EXPLANATIONS: Record<LoginRefusalReason, Explanation> = {
  loa_too_low: TOO_WEAK,
  loa_missing: TOO_WEAK,
  loa_unknown: TOO_WEAK,
  unknown_organisation: UNKNOWN_ORGANISATION,
  missing_attributes: INCOMPLETE,
  invalid_identifier: INCOMPLETE,
  user_suspended: SUSPENDED,
  user_deprovisioned: DEPROVISIONED,
  expired: EXPIRED,
  not_yet_valid: EXPIRED,
  in_response_to_invalid: EXPIRED,
  login_cancelled: CANCELLED,
  not_authorised: NOT_AUTHORISED,
  service_mismatch: NOT_AUTHORISED,
  broker_error: BROKER_ERROR,
  unknown_broker: UNKNOWN_BROKER,
  artifact_invalid: UNTRUSTED,
  artifact_unresolved: ARTIFACT_UNRESOLVED,
  issuer_mismatch: UNTRUSTED,
  invalid_signature: UNTRUSTED,
  audience_mismatch: UNTRUSTED,
  decryption_failed: UNTRUSTED,
  not_encrypted: UNTRUSTED,
  malformed_response: UNTRUSTED,
  invalid_response: UNTRUSTED,
};

function reference(code: string, requestId: string | undefined): Html {
  return html`<p class="pz-hint">Foutcode: <code>${code}</code>${requestId ? html`, referentie: <strong>${requestId}</strong>` : ''}</p>`;
}

/** The page for a refused login: what happened, what the user can do, a code for the servicedesk. */
export function loginRefusedPage(reason: LoginRefusalReason, requestId: string | undefined): Page {
  const e = EXPLANATIONS[reason];
  return {
    title: e.title,
    main: html`<h1>${e.title}</h1>
      <div class="pz-alert pz-alert--error" role="alert"><p>${e.what}</p></div>
      <h2>Wat kunt u doen?</h2>
      <p>${e.todo}</p>
      <p><a class="pz-button pz-button--primary" href="/login">Opnieuw inloggen</a></p>
      ${reference(reason, requestId)}`,
  };
}

/** A logout message from the broker that could not be verified: nothing was changed. */
export function logoutRefusedPage(requestId: string | undefined): Page {
  return {
    title: 'Uitloggen via eHerkenning is niet gelukt',
    main: html`<h1>Uitloggen via eHerkenning is niet gelukt</h1>
      <p>Het uitlogbericht van eHerkenning kon niet worden gecontroleerd en is daarom niet uitgevoerd.</p>
      <h2>Wat kunt u doen?</h2>
      <p>Wilt u uitloggen? Gebruik dan de knop Uitloggen in Portaal Zorg, of sluit uw browser.</p>
      ${reference('slo_invalid', requestId)}`,
  };
}
