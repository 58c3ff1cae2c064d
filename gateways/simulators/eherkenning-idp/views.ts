import { html, type Html } from '../../../html.ts';
import type { SmsMessage } from './sms-outbox.ts';
import { MAKELAARS, type DevIdpUser } from './users.ts';

/** Pages of the dev broker: plain HTML, no inline script or style (the IdP has a strict CSP too). */

const LEVEL_LABELS: Record<string, string> = { loa2: 'EH2', loa2plus: 'EH2+', loa3: 'EH3', loa4: 'EH4' };

export function levelLabel(loaUrnOrName: string | undefined): string {
  const name = loaUrnOrName?.split(':').pop() ?? '';
  return LEVEL_LABELS[name] ?? 'onbekend';
}

function page(title: string, main: Html, options: { script?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} - eHerkenning (ontwikkelomgeving)</title>
  <link rel="stylesheet" href="/static/idp.css">
  ${options.script ? html`<script src="/static/autopost.js" defer></script>` : ''}
</head>
<body>
  <header class="idp-header"><p class="idp-brand">eHerkenning</p>
    <p class="idp-warning" role="note">Gesimuleerde makelaar voor ontwikkeling en tests: niet voor productie, alleen fictieve accounts.</p></header>
  <main class="idp-main">${main}</main>
</body>
</html>`.toString();
}

function errorBlock(error: string | undefined): Html {
  return error ? html`<div class="idp-error" role="alert"><p>${error}</p></div>` : html``;
}

const flowField = (flow: string) => html`<input type="hidden" name="flow" value="${flow}">`;

/** Every step can be cancelled: the SP then receives a signed AuthnFailed status, as from a real broker. */
const cancelForm = (flow: string) => html`<form method="post" action="/annuleren">${flowField(flow)}
      <button type="submit" class="idp-button idp-button-secondary">Annuleren</button>
    </form>`;

export function makelaarPage(flow: string, requestedLoa: string | undefined, error?: string): string {
  return page(
    'Kies uw eHerkenningsmakelaar',
    html`<h1>Kies uw eHerkenningsmakelaar</h1>
    <p>Deze dienst vraagt minimaal betrouwbaarheidsniveau <strong>${levelLabel(requestedLoa)}</strong>.</p>
    ${errorBlock(error)}
    <form method="post" action="/makelaar">${flowField(flow)}
      <fieldset><legend>Bij welke leverancier heeft u uw eHerkenningsmiddel?</legend>
        ${MAKELAARS.map(
          (
            m,
            i,
          ) => html`<div class="idp-radio"><input type="radio" id="makelaar-${m.id}" name="makelaar" value="${m.id}" ${i === 0 ? html`checked` : ''}>
          <label for="makelaar-${m.id}">${m.name} (niveau ${m.levels.map((l) => LEVEL_LABELS[l]).join(', ')})</label></div>`,
        )}
      </fieldset>
      <button type="submit" class="idp-button">Verder</button>
    </form>
    ${cancelForm(flow)}`,
  );
}

export function loginPage(flow: string, makelaarName: string, values: { username?: string }, error?: string): string {
  return page(
    'Inloggen',
    html`<h1>Inloggen bij ${makelaarName}</h1>
    ${errorBlock(error)}
    <form method="post" action="/inloggen">${flowField(flow)}
      <div class="idp-field"><label for="username">Gebruikersnaam</label>
        <input id="username" name="username" type="text" autocomplete="username" required value="${values.username ?? ''}"></div>
      <div class="idp-field"><label for="password">Wachtwoord</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required></div>
      <button type="submit" class="idp-button">Inloggen</button>
    </form>
    <p><a href="/makelaar?flow=${flow}">Andere makelaar kiezen</a></p>
    ${cancelForm(flow)}`,
  );
}

export function smsPage(flow: string, maskedPhone: string, error?: string): string {
  return page(
    'Sms-code invoeren',
    html`<h1>Voer de sms-code in</h1>
    <p>We hebben een code van 6 cijfers gestuurd naar ${maskedPhone}. In deze ontwikkelomgeving staat het bericht in de <a href="/sms" target="_blank" rel="noopener">sms-outbox</a>.</p>
    ${errorBlock(error)}
    <form method="post" action="/sms-code">${flowField(flow)}
      <div class="idp-field"><label for="code">Sms-code</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required></div>
      <button type="submit" class="idp-button">Bevestigen</button>
    </form>
    ${cancelForm(flow)}`,
  );
}

/** Posts the signed response to the SP: by a static script, or by the button when JavaScript is off. */
export function autoPostPage(acsUrl: string, samlResponse: string, relayState: string | undefined): string {
  return page(
    'Doorsturen naar de dienst',
    html`<h1>U wordt doorgestuurd</h1>
    <p>U bent ingelogd. Gaat het doorsturen niet vanzelf? Klik dan op Doorgaan.</p>
    <form id="saml-autopost" method="post" action="${acsUrl}">
      <input type="hidden" name="SAMLResponse" value="${samlResponse}">
      ${relayState ? html`<input type="hidden" name="RelayState" value="${relayState}">` : ''}
      <button type="submit" class="idp-button">Doorgaan</button>
    </form>`,
    { script: true },
  );
}

export function errorPage(title: string, message: string): string {
  return page(
    title,
    html`<h1>${title}</h1>${errorBlock(message)}<p>Ga terug naar de dienst en start het inloggen opnieuw.</p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, html`<h1>${title}</h1><p>${message}</p>`);
}

export function outboxPage(messages: SmsMessage[]): string {
  const rows = [...messages].reverse();
  return page(
    'Sms-outbox',
    html`<h1>Sms-outbox</h1>
    <p>Berichten die de gesimuleerde makelaar heeft "verstuurd", nieuwste eerst.</p>
    ${
      rows.length === 0
        ? html`<p>Nog geen berichten.</p>`
        : html`<table class="idp-table"><caption>Verstuurde sms-berichten</caption>
        <thead><tr><th scope="col">Tijd</th><th scope="col">Aan</th><th scope="col">Bericht</th></tr></thead>
        <tbody>${rows.map((m) => html`<tr><td>${m.sentAt}</td><td>${m.to}</td><td>${m.text}</td></tr>`)}</tbody></table>`
    }`,
  );
}

export function indexPage(publicUrl: string, users: DevIdpUser[]): string {
  return page(
    'Ontwikkel-eHerkenning',
    html`<h1>Gesimuleerde eHerkenningsmakelaar</h1>
    <p>Log in via Portaal Zorg; deze makelaar vraagt dan om makelaar, gebruikersnaam, wachtwoord en sms-code.
    De accounts staan in <code>gateways/simulators/eherkenning-idp/users.json</code>.</p>
    <p>SSO: <code>${publicUrl}/sso</code>, uitloggen: <code>${publicUrl}/slo</code>, sms-outbox: <code>${publicUrl}/sms</code>.</p>
    <table class="idp-table"><caption>Fictieve accounts</caption>
      <thead><tr><th scope="col">Gebruikersnaam</th><th scope="col">Wachtwoord</th><th scope="col">Makelaar</th><th scope="col">Niveau</th><th scope="col">Omschrijving</th></tr></thead>
      <tbody>${users.map((u) => html`<tr><td>${u.username}</td><td>${u.password}</td><td>${u.makelaar}</td><td>${LEVEL_LABELS[u.loa]}</td><td>${u.description}</td></tr>`)}</tbody>
    </table>
    <p><a href="/sms">Naar de sms-outbox</a></p>`,
  );
}
