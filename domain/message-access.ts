import type { Actor } from './actor.ts';
import type { MessageProduct } from './message-types.ts';
import { can } from './permissions.ts';
import { UPLOAD_ROLES } from './upload/upload-rights.ts';

/** The products whose messages the portal exchanges (tabs Aanleveren and Ophalen). */
export const MESSAGE_PRODUCTS: readonly MessageProduct[] = ['iwmo', 'ijw', 'ieb'];

export function messageProductOf(value: unknown): MessageProduct | undefined {
  return MESSAGE_PRODUCTS.find((p) => p === value);
}

/**
 * May the actor upload, download and consult the messages of `product`? A Gebruiker of one of the
 * product's UPLOAD_ROLES may: iEb has no Gebruiker role of its own, so its messages belong to the
 * Gebruikers of iWmo. A Productbeheerder alone may not (settings are not traffic).
 */
export function mayUseMessages(actor: Actor | undefined, product: MessageProduct): boolean {
  return UPLOAD_ROLES[product].some((role) => can(actor, 'product.use', { product: role }));
}

/** The message products the actor may use, in the order of MESSAGE_PRODUCTS. */
export function messageProductsFor(actor: Actor | undefined): MessageProduct[] {
  return MESSAGE_PRODUCTS.filter((p) => mayUseMessages(actor, p));
}

/** Who sees a notice about a product's messages: the product's users of one municipality. */
export function productAudience(gemeentecode: string, product: MessageProduct): string {
  return `${gemeentecode}:${product}`;
}
