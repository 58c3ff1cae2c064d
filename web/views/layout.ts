import type { Actor } from '../../domain/actor.ts';
import { messageProductsFor } from '../../domain/message-access.ts';
import { can } from '../../domain/permissions.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { html, type Html } from '../../html.ts';

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
  /** The request path, to mark the current menu item. */
  path?: string;
};

export type Page = { title: string; main: Html; flash?: string };

/** The menu: only what the actor may use, read from the same permissions as the routes. */
function menuItems(actor: Actor): [string, string][] {
  if (actor.kind === 'servicedesk') {
    return [
      ['/servicedesk/gemeenten', 'Gemeenten'],
      ['/servicedesk/gebruikers', 'Aanmeldingen'],
      ['/servicedesk/berichten', 'Berichten'],
      ['/servicedesk/meldingen', 'Meldingen'],
    ];
  }
  if (!actor.organisationActive) return [['/', 'Home']];
  if (!can(actor, 'portal.home'))
    return actor.userStatus === 'actief'
      ? [
          ['/wachten-op-rollen', 'Rollen'],
          ['/persoonlijke-instellingen', 'Persoonlijke instellingen'],
        ]
      : [];
  const own = { gemeentecode: actor.gemeentecode };
  return [
    ['/', 'Home'],
    ...messageProductsFor(actor).map((product): [string, string] => [
      `/berichten/${product}`,
      `Berichten ${PRODUCT_LABELS[product]}`,
    ]),
    ...(can(actor, 'product.use', { ...own, product: 'wlz' })
      ? ([['/producten/wlz', 'Wlz-Registertoets']] as [string, string][])
      : []),
    ...(can(actor, 'users.list', own)
      ? ([
          ['/beheer/aanmeldingen', 'Aanmeldingen'],
          ['/beheer/gebruikers', 'Gebruikers'],
          ['/beheer/meldingen', 'Meldingen'],
        ] as [string, string][])
      : []),
    ['/persoonlijke-instellingen', 'Persoonlijke instellingen'],
  ];
}

function navigation(actor: Actor | undefined, path: string | undefined): Html {
  if (!actor) return html``;
  const links = menuItems(actor);
  if (links.length === 0) return html``;
  const current = (href: string) =>
    href === '/' ? path === '/' : path === href || Boolean(path?.startsWith(`${href}/`));
  return html`<nav class="pz-nav" aria-label="Hoofdmenu"><ul>${links.map(
    ([href, label]) => html`<li><a href="${href}" ${current(href) ? html`aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

function userBar(ctx: PageContext): Html {
  if (!ctx.actor) return html``;
  const who =
    ctx.actor.kind === 'servicedesk' ? 'Servicedesk Inlichtingenbureau' : `Gemeente ${ctx.actor.gemeenteName}`;
  return html`<div class="pz-userbar"><span>${who}</span>
    <form method="post" action="/uitloggen" class="pz-inline-form">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}">
      <button type="submit" class="pz-button pz-button--link">Uitloggen</button>
    </form></div>`;
}

/**
 * htmx settings (no eval, no inline styles, no history cache of pages with personal data). A 422
 * is swapped like a 200: a refused form answers with itself and its messages (htmx 2 does not swap
 * 4xx by default).
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  allowScriptTags: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

/** The one layout: banner, header, navigation, main content. No inline script or style (strict CSP). */
export function layout(ctx: PageContext, page: Page): Html {
  const banner = ENVIRONMENT_BANNERS[ctx.environment];
  return html`<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="htmx-config" content='${HTMX_CONFIG}'>
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
    ${navigation(ctx.actor, ctx.path)}
  </header>
  <main id="inhoud" class="pz-main" tabindex="-1">
    ${page.flash ? html`<div class="pz-alert pz-alert--ok" role="status">${page.flash}</div>` : ''}
    ${page.main}
  </main>
  <footer class="pz-footer"><p>Portaal Zorg van het Gemeentelijk Gegevensknooppunt (GGk), beheerd door BIDN (voorheen Inlichtingenbureau).</p></footer>
</body>
</html>`;
}
