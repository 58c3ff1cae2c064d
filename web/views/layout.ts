import type { Actor } from '../../domain/actor.ts';
import { html, type Html } from './html.ts';

export type EnvironmentName = 'ontwikkeling' | 'test' | 'kto' | 'productie';

const ENVIRONMENT_BANNERS: Record<EnvironmentName, string | undefined> = {
  ontwikkeling: 'Ontwikkelomgeving: alleen fictieve gegevens',
  test: 'Testomgeving: alleen fictieve gegevens',
  kto: 'Ketentestomgeving (KTO): uitsluitend fictieve persoonsgegevens',
  productie: undefined,
};

export type PageContext = {
  actor?: Actor;
  csrfToken?: string;
  environment: EnvironmentName;
};

export type Page = { title: string; main: Html; flash?: string };

function navigation(actor: Actor | undefined): Html {
  if (!actor) return html``;
  const links =
    actor.kind === 'servicedesk'
      ? [['/servicedesk/gemeenten', 'Gemeenten'], ['/servicedesk/meldingen', 'Meldingen']]
      : [['/', 'Home']];
  return html`<nav class="pz-nav" aria-label="Hoofdmenu"><ul>${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></nav>`;
}

function userBar(ctx: PageContext): Html {
  if (!ctx.actor) return html``;
  const who = ctx.actor.kind === 'servicedesk' ? 'Servicedesk Inlichtingenbureau' : `Gemeente ${ctx.actor.gemeenteName}`;
  return html`<div class="pz-userbar"><span>${who}</span>
    <form method="post" action="/uitloggen" class="pz-inline-form">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}">
      <button type="submit" class="pz-button pz-button--link">Uitloggen</button>
    </form></div>`;
}

/** The one layout: banner, header, navigation, main content. No inline script or style (strict CSP). */
export function layout(ctx: PageContext, page: Page): Html {
  const banner = ENVIRONMENT_BANNERS[ctx.environment];
  return html`<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="htmx-config" content='{"allowEval":false,"includeIndicatorStyles":false,"selfRequestsOnly":true,"historyCacheSize":0,"allowScriptTags":false}'>
  <title>${page.title} - Portaal Zorg</title>
  <link rel="stylesheet" href="/static/portaal.css">
  <script src="/static/htmx.min.js" defer></script>
  <script src="/static/portaal.js" defer></script>
</head>
<body hx-headers='${JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken ?? '' })}'>
  <a class="pz-skiplink" href="#inhoud">Direct naar de inhoud</a>
  ${banner ? html`<div class="pz-environment-banner" role="note">${banner}</div>` : ''}
  <header class="pz-header">
    <div class="pz-header__inner">
      <a class="pz-logo" href="/">Portaal Zorg</a>
      ${userBar(ctx)}
    </div>
    ${navigation(ctx.actor)}
  </header>
  <main id="inhoud" class="pz-main" tabindex="-1">
    ${page.flash ? html`<div class="pz-alert pz-alert--ok" role="status">${page.flash}</div>` : ''}
    ${page.main}
  </main>
  <footer class="pz-footer"><p>Portaal Zorg van het Gemeentelijk Gegevensknooppunt (GGk), beheerd door BIDN (voorheen Inlichtingenbureau).</p></footer>
</body>
</html>`;
}
