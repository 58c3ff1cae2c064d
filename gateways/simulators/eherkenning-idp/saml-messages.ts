import { createVerify, sign as rsaSign } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { escapeXml } from '../../../saml/xml-dom.ts';
import { newSamlId, STATUS_SUCCESS } from './sign-response.ts';

/** HTTP-Redirect binding messages (AuthnRequest, LogoutRequest, LogoutResponse) for the dev broker and tests. */

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** base64 + raw DEFLATE, as in the query of a redirect-binding message, back to XML. */
export function inflateRedirectMessage(value: string): string {
  return inflateRawSync(Buffer.from(value, 'base64'), { maxOutputLength: 256 * 1024 }).toString('utf8');
}

export function parseXml(xml: string): Document | undefined {
  try {
    const doc = new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml');
    return doc.documentElement ? doc : undefined;
  } catch {
    return undefined;
  }
}

function child(parent: Element | Document, ns: string, name: string): Element | undefined {
  return parent.getElementsByTagNameNS(ns, name)[0] ?? undefined;
}

const text = (el: Element | undefined) => el?.textContent?.trim() || undefined;

export type AuthnRequestInfo = {
  id: string;
  issuer: string;
  acsUrl: string;
  /** The requested AuthnContextClassRef and comparison, if any. */
  requestedLoa?: string;
  comparison?: string;
  /** The binding the SP wants the Response by (HTTP-POST or HTTP-Artifact). */
  protocolBinding?: string;
};

export function readAuthnRequest(xml: string): AuthnRequestInfo | undefined {
  const root = parseXml(xml)?.documentElement;
  if (!root || root.localName !== 'AuthnRequest' || root.namespaceURI !== NS_PROTOCOL) return undefined;
  const id = root.getAttribute('ID');
  const issuer = text(child(root, NS_ASSERTION, 'Issuer'));
  const acsUrl = root.getAttribute('AssertionConsumerServiceURL');
  if (!id || !issuer || !acsUrl) return undefined;
  const context = child(root, NS_PROTOCOL, 'RequestedAuthnContext');
  const requestedLoa = context ? text(child(context, NS_ASSERTION, 'AuthnContextClassRef')) : undefined;
  const comparison = context?.getAttribute('Comparison') ?? undefined;
  const protocolBinding = root.getAttribute('ProtocolBinding') || undefined;
  return {
    id,
    issuer,
    acsUrl,
    ...(requestedLoa ? { requestedLoa } : {}),
    ...(comparison ? { comparison } : {}),
    ...(protocolBinding ? { protocolBinding } : {}),
  };
}

export type LogoutRequestInfo = { id: string; issuer: string; nameId: string; sessionIndex?: string };

export function readLogoutRequest(xml: string): LogoutRequestInfo | undefined {
  const root = parseXml(xml)?.documentElement;
  if (!root || root.localName !== 'LogoutRequest' || root.namespaceURI !== NS_PROTOCOL) return undefined;
  const id = root.getAttribute('ID');
  const issuer = text(child(root, NS_ASSERTION, 'Issuer'));
  const nameId = text(child(root, NS_ASSERTION, 'NameID'));
  const sessionIndex = text(child(root, NS_PROTOCOL, 'SessionIndex'));
  if (!id || !issuer || !nameId) return undefined;
  return { id, issuer, nameId, ...(sessionIndex ? { sessionIndex } : {}) };
}

export function buildLogoutResponse(o: {
  issuer: string;
  destination: string;
  inResponseTo: string;
  now?: Date;
}): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${newSamlId()}" Version="2.0"` +
    ` IssueInstant="${(o.now ?? new Date()).toISOString()}" Destination="${escapeXml(o.destination)}" InResponseTo="${escapeXml(o.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${STATUS_SUCCESS}"/></samlp:Status></samlp:LogoutResponse>`
  );
}

/** An IdP-initiated LogoutRequest (the broker ends the person's sessions at every SP). */
export function buildLogoutRequest(o: {
  issuer: string;
  destination: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  now?: Date;
  notOnOrAfter?: Date;
}): string {
  const now = o.now ?? new Date();
  const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const format = escapeXml(o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${newSamlId()}" Version="2.0"` +
    ` IssueInstant="${now.toISOString()}" NotOnOrAfter="${notOnOrAfter.toISOString()}" Destination="${escapeXml(o.destination)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer><saml:NameID Format="${format}">${escapeXml(o.nameId)}</saml:NameID>` +
    (o.sessionIndex ? `<samlp:SessionIndex>${escapeXml(o.sessionIndex)}</samlp:SessionIndex>` : '') +
    `</samlp:LogoutRequest>`
  );
}

/**
 * The URL of a redirect-binding message. With a key, the query is signed as SAML bindings §3.4.4.1
 * prescribes: RSA-SHA256 over `SAMLxxx=…&RelayState=…&SigAlg=…` exactly as URL-encoded in the URL.
 */
export function redirectBindingUrl(
  target: string,
  param: 'SAMLRequest' | 'SAMLResponse',
  xml: string,
  options: { relayState?: string; key?: string } = {},
): string {
  const parts = [`${param}=${encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`];
  if (options.relayState) parts.push(`RelayState=${encodeURIComponent(options.relayState)}`);
  if (options.key) {
    parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
    const signature = rsaSign('sha256', Buffer.from(parts.join('&')), options.key).toString('base64');
    parts.push(`Signature=${encodeURIComponent(signature)}`);
  }
  return `${target}${target.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/**
 * Checks a redirect-binding signature (SAML bindings 3.4.4.1) over the query string exactly as it
 * arrived: SAMLRequest, RelayState and SigAlg in that order, with their original encoding. Only
 * RSA-SHA256, the algorithm the afsprakenstelsel prescribes, is accepted.
 */
export function redirectSignatureHolds(rawQuery: string, cert: string): boolean {
  const raw = new Map(
    rawQuery.split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
  );
  if (decodeURIComponent(raw.get('SigAlg') ?? '') !== RSA_SHA256 || !raw.has('Signature')) return false;
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg']
    .filter((name) => raw.has(name))
    .map((name) => `${name}=${raw.get(name)}`)
    .join('&');
  try {
    return createVerify('RSA-SHA256')
      .update(signed)
      .verify(cert, Buffer.from(decodeURIComponent(raw.get('Signature')!), 'base64'));
  } catch {
    return false;
  }
}
