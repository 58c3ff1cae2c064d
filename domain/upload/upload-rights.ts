import type { Product } from '../user.ts';
import { MESSAGE_TYPES, type MessageProduct } from '../message-types.ts';

/**
 * What a municipality may upload, per product: the types it sends itself. iWmo: WMO301, 306, 308,
 * 316, 318, 319, 325; iJw the JW equivalents; iEb: WMO405 and WMO407; the Wlz-Registertoets has no files.
 */
export const UPLOADABLE_CODES: Record<Product, readonly string[]> = {
  iwmo: MESSAGE_TYPES.filter((t) => t.product === 'iwmo' && t.sentBy === 'gemeente').map((t) => t.code),
  ijw: MESSAGE_TYPES.filter((t) => t.product === 'ijw' && t.sentBy === 'gemeente').map((t) => t.code),
  ieb: MESSAGE_TYPES.filter((t) => t.product === 'ieb' && t.sentBy === 'gemeente').map((t) => t.code),
  wlz: [],
};

/**
 * Which Gebruiker roles let a user upload a product's messages. iEb has no Gebruiker role of its
 * own: the portal exchanges it for iWmo users (domain/user.ts ROLES_PER_PRODUCT), as the GGk adds
 * iEb traffic to an existing Wmo connection. 'ieb' is still accepted, so a caller
 * that lists it explicitly is not refused.
 */
export const UPLOAD_ROLES: Record<MessageProduct, readonly Product[]> = {
  iwmo: ['iwmo'],
  ijw: ['ijw'],
  ieb: ['iwmo', 'ieb'],
};

/** The message codes a user holding Gebruiker in `products` may upload. */
export function uploadableCodes(products: readonly Product[]): ReadonlySet<string> {
  const codes = new Set<string>();
  for (const [product, roles] of Object.entries(UPLOAD_ROLES) as Array<[MessageProduct, readonly Product[]]>) {
    if (roles.some((role) => products.includes(role))) for (const code of UPLOADABLE_CODES[product]) codes.add(code);
  }
  return codes;
}
