import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * A first look at a posted SAMLResponse before node-saml validates it: only to choose how to
 * validate it (which key, which refusal page), never to trust anything in it.
 */

/** The Response element, or undefined for something that is not XML or not a Response (node-saml then gives the precise refusal). */
export function unverifiedResponse(samlResponseBase64: string): Element | undefined {
  try {
    const root = new DOMParser({ onError: () => {} }).parseFromString(Buffer.from(samlResponseBase64, 'base64').toString('utf8'), 'text/xml').documentElement;
    return root && root.localName === 'Response' ? root : undefined;
  } catch {
    return undefined;
  }
}

/** The children of an element with this local name (matched as node-saml matches them). */
export function childrenNamed(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === localName) found.push(node as Element);
  }
  return found;
}

/** The broker the Response says it comes from; undefined when it names none (the Issuer is optional there). */
export function unverifiedIssuer(response: Element): string | undefined {
  const issuer = childrenNamed(response, 'Issuer')[0];
  return issuer ? (issuer.textContent ?? '').trim() : undefined;
}
