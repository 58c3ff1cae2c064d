import type { Element } from '@xmldom/xmldom';
import { childrenNamed, parseElement } from '../../saml/xml-dom.ts';

/**
 * A first look at a posted SAMLResponse before node-saml validates it: only to choose how to
 * validate it (which key, which refusal page), never to trust anything in it.
 */

/**
 * The Response element, or undefined for something that is not XML or not a Response (node-saml then gives the precise
 * refusal).
 */
export function unverifiedResponse(samlResponseBase64: string): Element | undefined {
  const root = parseElement(Buffer.from(samlResponseBase64, 'base64').toString('utf8'));
  return root?.localName === 'Response' ? root : undefined;
}

/** The broker the Response says it comes from; undefined when it names none (the Issuer is optional there). */
export function unverifiedIssuer(response: Element): string | undefined {
  const issuer = childrenNamed(response, 'Issuer')[0];
  return issuer ? (issuer.textContent ?? '').trim() : undefined;
}
