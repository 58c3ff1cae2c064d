import type { NumberedPage } from '../../db/queries/paging.ts';
import { displayName, settingsOf, toRoles, type UserFilters, type UserRow } from '../../db/queries/users.ts';
import {
  AANHEF_LABELS,
  PRODUCT_LABELS,
  PRODUCT_ROLE_LABELS,
  PRODUCTS,
  USER_STATUS_LABELS,
  USER_STATUSES,
  type Roles,
} from '../../domain/user.ts';
import { formatDate, formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';
import { numberedPageLinks } from './paging.ts';

/** "Gebruiker iWmo, Productbeheerder iEb, Gebruikersbeheerder", or a dash. */
export function rolesSummary(roles: Roles): string {
  const parts = roles.products.map((r) => `${PRODUCT_ROLE_LABELS[r.role]} ${PRODUCT_LABELS[r.product]}`);
  if (roles.gebruikersbeheerder) parts.push('Gebruikersbeheerder');
  return parts.length ? parts.join(', ') : '–';
}

export function statusBadge(status: UserRow['status']): Html {
  return html`<span class="pz-status pz-status--${status}">${USER_STATUS_LABELS[status]}</span>`;
}

const ROLE_FILTERS = [
  ['gebruiker', 'Gebruiker'],
  ['productbeheerder', 'Productbeheerder'],
  ['gebruikersbeheerder', 'Gebruikersbeheerder'],
] as const;

function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  value: string | undefined,
): Html {
  return html`<div class="pz-field pz-field--inline"><label class="pz-label" for="filter-${name}">${label}</label>
    <select class="pz-select" id="filter-${name}" name="${name}">
      <option value="">Alle</option>
      ${options.map(([v, l]) => html`<option value="${v}" ${value === v ? html`selected` : ''}>${l}</option>`)}
    </select></div>`;
}

/** The users of a municipality with filters (a GET form, so the filtered list has its own URL), a page at a time. */
export function userList(o: {
  page: NumberedPage<UserRow>;
  filters: UserFilters;
  action: string;
  detailHref: (row: UserRow) => string;
  title: string;
}): Html {
  return html`<h1>${o.title}</h1>
  <form method="get" action="${o.action}" class="pz-filters" role="search" aria-label="Gebruikers filteren">
    ${select(
      'status',
      'Status',
      USER_STATUSES.map((s) => [s, USER_STATUS_LABELS[s]] as const),
      o.filters.status,
    )}
    ${select('rol', 'Rol', ROLE_FILTERS, o.filters.role)}
    ${select(
      'product',
      'Product',
      PRODUCTS.map((p) => [p, PRODUCT_LABELS[p]] as const),
      o.filters.product,
    )}
    <button type="submit" class="pz-button pz-button--secondary">Filteren</button>
  </form>
  ${
    o.page.rows.length === 0
      ? html`<p>Geen gebruikers gevonden.</p>`
      : html`<table class="pz-table">
      <caption class="pz-visually-hidden">Gebruikers (${o.page.rows.length})</caption>
      <thead><tr><th scope="col">Naam</th><th scope="col">Afdeling</th><th scope="col">Status</th><th scope="col">Rollen</th><th scope="col">Aangemeld</th></tr></thead>
      <tbody>${o.page.rows.map(
        (
          r,
        ) => html`<tr><td><a href="${o.detailHref(r)}">${displayName(r)}</a></td><td>${r.afdeling ?? ''}</td><td>${statusBadge(r.status)}</td>
          <td>${r.status === 'actief' ? rolesSummary(toRoles(r.roles)) : '–'}</td><td>${formatDate(r.registeredAt)}</td></tr>`,
      )}</tbody></table>`
  }
  ${numberedPageLinks(o.action, { status: o.filters.status, rol: o.filters.role, product: o.filters.product }, o.page, 'gebruikers')}`;
}

/** The personal settings and registration facts of one user. */
export function userFacts(row: UserRow): Html {
  const settings = settingsOf(row);
  return html`<dl class="pz-dl">
    <dt>Status</dt><dd>${statusBadge(row.status)}</dd>
    ${
      settings
        ? html`<dt>Aanhef</dt><dd>${AANHEF_LABELS[settings.aanhef]}</dd>
        <dt>Voorletters</dt><dd>${settings.voorletters}</dd>
        <dt>Voornaam</dt><dd>${settings.voornaam || '–'}</dd>
        <dt>Tussenvoegsel</dt><dd>${settings.tussenvoegsel || '–'}</dd>
        <dt>Achternaam</dt><dd>${settings.achternaam}</dd>
        <dt>Afdeling</dt><dd>${settings.afdeling || '–'}</dd>
        <dt>Telefoonnummer</dt><dd>${settings.telefoonnummer || '–'}</dd>
        <dt>E-mailadres</dt><dd>${settings.email}</dd>
        <dt>Nieuwsbrief</dt><dd>${settings.nieuwsbrief ? 'Ja' : 'Nee'}</dd>`
        : html`<dt>Persoonlijke instellingen</dt><dd>Nog niet ingevuld</dd>`
    }
    <dt>Eerste aanmelding</dt><dd>${formatDateTime(row.registeredAt)}</dd>
    ${row.settingsSavedAt ? html`<dt>Gegevens ingevuld</dt><dd>${formatDateTime(row.settingsSavedAt)}</dd>` : ''}
    ${row.codeIssuedAt ? html`<dt>Laatste code uitgegeven</dt><dd>${formatDateTime(row.codeIssuedAt)}${row.codeExpiresAt ? html`, geldig tot ${formatDateTime(row.codeExpiresAt)}` : ''}</dd>` : ''}
    ${row.verifiedAt ? html`<dt>Geverifieerd</dt><dd>${formatDateTime(row.verifiedAt)}</dd>` : ''}
    ${row.rejectionReason ? html`<dt>Reden van afwijzing</dt><dd>${row.rejectionReason}</dd>` : ''}
    ${row.suspendedAt ? html`<dt>Geschorst sinds</dt><dd>${formatDateTime(row.suspendedAt)}</dd>` : ''}
    ${row.deprovisionedAt ? html`<dt>Verwijderd op</dt><dd>${formatDateTime(row.deprovisionedAt)}</dd>` : ''}
  </dl>`;
}
