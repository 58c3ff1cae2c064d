import { PRODUCT_LABELS, PRODUCT_ROLE_LABELS, PRODUCTS, ROLES_PER_PRODUCT, type Roles } from '../../domain/user.ts';
import { csrfField } from './form.ts';
import { html, type Html } from '../../html.ts';

/** Checkbox value of a product role, e.g. `iwmo:gebruiker`. */
export const roleValue = (product: string, role: string): string => `${product}:${role}`;

export type RolesFormState = { message?: { kind: 'ok' | 'error'; text: string } };

/**
 * The roles of one user, per product (only the roles ROLES_PER_PRODUCT knows) plus
 * gebruikersbeheerder. A plain form that posts and redirects; with htmx it swaps itself (the
 * answer is this same fragment, with a status or error message), 422 included.
 */
export function rolesForm(o: { action: string; roles: Roles; csrfToken: string | undefined } & RolesFormState): Html {
  const has = (product: string, role: string) => o.roles.products.some((r) => r.product === product && r.role === role);
  return html`<form method="post" action="${o.action}" class="pz-form pz-roles" id="rollen"
      hx-post="${o.action}" hx-target="this" hx-swap="outerHTML" aria-labelledby="rollen-titel">
    <h2 id="rollen-titel">Rollen</h2>
    ${
      o.message
        ? html`<div class="pz-alert pz-alert--${o.message.kind}" role="${o.message.kind === 'error' ? 'alert' : 'status'}"><p>${o.message.text}</p></div>`
        : ''
    }
    ${csrfField(o.csrfToken)}
    <table class="pz-table pz-roles__table">
      <caption class="pz-visually-hidden">Rollen per product</caption>
      <thead><tr><th scope="col">Product</th><th scope="col">Rollen</th></tr></thead>
      <tbody>${PRODUCTS.map(
        (product) =>
          html`<tr><th scope="row">${PRODUCT_LABELS[product]}</th><td>${ROLES_PER_PRODUCT[product].map(
            (
              role,
            ) => html`<div class="pz-checkbox"><input type="checkbox" id="rol-${product}-${role}" name="rollen" value="${roleValue(product, role)}" ${has(product, role) ? html`checked` : ''}>
            <label for="rol-${product}-${role}">${PRODUCT_ROLE_LABELS[role]}<span class="pz-visually-hidden"> ${PRODUCT_LABELS[product]}</span></label></div>`,
          )}</td></tr>`,
      )}</tbody>
    </table>
    <div class="pz-checkbox"><input type="checkbox" id="rol-gebruikersbeheerder" name="gebruikersbeheerder" value="ja" ${o.roles.gebruikersbeheerder ? html`checked` : ''}>
      <label for="rol-gebruikersbeheerder">Gebruikersbeheerder (beheert de gebruikers van de gemeente)</label></div>
    <button type="submit" class="pz-button pz-button--primary">Rollen opslaan</button>
  </form>`;
}
