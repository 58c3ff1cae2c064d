import type { OpenMessageCounts } from '../../db/queries/messages.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { messageProductOf, messageProductsFor } from '../../domain/message-access.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import { can } from '../../domain/permissions.ts';
import { PRODUCT_LABELS, PRODUCTS, type Product } from '../../domain/user.ts';
import { html, type Html } from '../../html.ts';

/** What a Gebruiker does with each product (the pages behind each task). */
export const PRODUCT_TASKS: Partial<Record<Product, readonly string[]>> = {
  iwmo: ['Aanleveren', 'Ophalen'],
  ijw: ['Aanleveren', 'Ophalen'],
  wlz: ['Raadplegen'],
};

function tile(title: string, body: Html, links: [string, string][]): Html {
  return html`<li class="pz-tile"><h2 class="pz-tile__title">${title}</h2>${body}
    <ul class="pz-tile__links">${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></li>`;
}

/** The portal home: one tile per thing the user's roles allow, nothing else. */
/** "2 berichten te beantwoorden, 1 over de termijn", or that nothing waits. */
function attention(counts: OpenMessageCounts[MessageProduct]): string {
  const parts = [
    ...(counts?.teBeantwoorden
      ? [`${counts.teBeantwoorden} ${counts.teBeantwoorden === 1 ? 'bericht' : 'berichten'} te beantwoorden`]
      : []),
    ...(counts?.teLaat ? [`${counts.teLaat} over de termijn`] : []),
  ];
  return parts.length === 0 ? 'Niets dat op u wacht.' : `${parts.join(', ')}.`;
}

export function homePage(
  actor: MunicipalActor,
  pendingRegistrations: number,
  messageCounts: OpenMessageCounts = {},
): Html {
  const own = { gemeentecode: actor.gemeentecode };
  const productTiles = PRODUCTS.filter(
    (product) => can(actor, 'product.use', { product }) && !messageProductOf(product),
  ).map((product) =>
    tile(PRODUCT_LABELS[product], html`<p>${(PRODUCT_TASKS[product] ?? []).join(' en ')}</p>`, [
      [`/producten/${product}`, `Naar ${PRODUCT_LABELS[product]}`],
    ]),
  );
  // Message products: straight to the tabs. iEb has no Gebruiker role; its tile follows iWmo's
  // (domain/message-access.ts).
  const messageTiles = messageProductsFor(actor).map((product) =>
    tile(PRODUCT_LABELS[product], html`<p>Berichten aanleveren en ophalen. ${attention(messageCounts[product])}</p>`, [
      ...(PRODUCT_TASKS[product]
        ? ([[`/producten/${product}`, `Naar ${PRODUCT_LABELS[product]}`]] as [string, string][])
        : []),
      [`/berichten/${product}/aanleveren`, `Aanleveren ${PRODUCT_LABELS[product]}`],
      [`/berichten/${product}/ophalen`, `Ophalen ${PRODUCT_LABELS[product]}`],
    ]),
  );
  const settingsTiles = PRODUCTS.filter((product) => can(actor, 'product.settings', { product })).map((product) =>
    tile(`Instellingen ${PRODUCT_LABELS[product]}`, html`<p>Productbeheer</p>`, [
      [`/producten/${product}/instellingen`, `Instellingen ${PRODUCT_LABELS[product]}`],
    ]),
  );
  const adminTile = can(actor, 'users.list', own)
    ? [
        tile(
          'Gebruikersbeheer',
          html`<p>${pendingRegistrations === 0 ? 'Geen aanmeldingen die wachten.' : pendingRegistrations === 1 ? '1 aanmelding wacht op een verificatiecode.' : `${pendingRegistrations} aanmeldingen wachten op een verificatiecode.`}</p>`,
          [
            ['/beheer/aanmeldingen', 'Aanmeldingen'],
            ['/beheer/gebruikers', 'Gebruikers'],
            ['/beheer/meldingen', 'Meldingen'],
          ],
        ),
      ]
    : [];
  const tiles = [...messageTiles, ...productTiles, ...settingsTiles, ...adminTile];
  return html`<h1>Welkom bij Portaal Zorg</h1>
    <p>Gemeente ${actor.gemeenteName} (${actor.gemeentecode}).</p>
    ${tiles.length ? html`<ul class="pz-tiles">${tiles}</ul>` : html`<p>U heeft nog geen rollen.</p>`}`;
}

export function productPage(product: Product): Html {
  const tasks = PRODUCT_TASKS[product] ?? [];
  const messages = messageProductOf(product);
  return html`<h1>${PRODUCT_LABELS[product]}</h1>
    ${tasks.map(
      (task) => html`<section class="pz-section" aria-labelledby="taak-${task.toLowerCase()}">
      <h2 id="taak-${task.toLowerCase()}">${task}</h2>${
        messages
          ? html`<p><a href="/berichten/${messages}/${task.toLowerCase()}">${task} ${PRODUCT_LABELS[product]}</a></p>`
          : html`<p>${task} voor ${PRODUCT_LABELS[product]} is binnenkort beschikbaar.</p>`
      }</section>`,
    )}`;
}
