import { DOMParser, type Element } from '@xmldom/xmldom';

/** The root element of an XML text, or undefined for anything that is not well-formed XML. */
export function parseElement(xml: string): Element | undefined {
  try {
    return new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml').documentElement ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The child elements of `parent` with this local name, in one namespace or (no `ns`) in any, as
 * node-saml matches them. Children only: a match deeper down is never taken for one.
 */
export function childrenNamed(parent: Element | undefined, localName: string, ns?: string): Element[] {
  const found: Element[] = [];
  for (let node = parent?.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.localName === localName && (ns === undefined || element.namespaceURI === ns))
      found.push(element);
  }
  return found;
}

/** Text or an attribute value made safe for XML. */
export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
