import { randomBytes } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { escapeXml } from '../../../saml/xml-dom.ts';
import { signAfterIssuer } from '../../../saml/xml-signature.ts';
import { encryptElementXml, type EncryptOptions } from './encrypt.ts';

/**
 * Builds and signs eHerkenning-style SAML 2.0 login responses. Used by the dev broker and by the
 * tests, which craft broken and malicious variants with the same code: every part that a check on
 * the SP side depends on (times, audience, issuer, level, InResponseTo, attributes, which parts
 * are signed and with which key) is an option.
 */

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const LOA_PREFIX = 'urn:etoegang:core:assurance-class:';
const KVK_QUALIFIER = 'urn:etoegang:1.9:EntityConcernedID:KvKnr';

/**
 * How the identity attributes are encoded: a plain string; a plaintext NameID inside the
 * AttributeValue (what a broker sends once it decrypted the value for us); or an EncryptedID
 * holding that NameID, encrypted for `encryptIds`, as real eHerkenning does.
 */
export type AttributeStyle = 'string' | 'nameid' | 'encrypted-id';

export type SamlResponseOptions = {
  /** Broker entity id, in the Assertion's Issuer (and the Response's unless responseIssuer is set). */
  issuer: string;
  responseIssuer?: string;
  /** ACS URL: Response/@Destination and SubjectConfirmationData/@Recipient. */
  destination: string;
  audience: string;
  /** The AuthnRequest's ID; leave out for an unsolicited response. */
  inResponseTo?: string;
  nameId: string;
  nameIdFormat?: string;
  /** 'loa3' or a full AuthnContextClassRef URN; null leaves the AuthnStatement out. */
  loa: string | null;
  /** Represented organisation (KvK/OIN); null leaves the attribute out. */
  legalSubjectId: string | null;
  /** Pseudonym of the acting person; null leaves the attribute out. */
  actingSubjectId: string | null;
  attributeStyle?: AttributeStyle;
  /** For attributeStyle 'encrypted-id': for whom and how the identifiers are encrypted. */
  encryptIds?: EncryptOptions;
  sessionIndex?: string;
  responseId?: string;
  assertionId?: string;
  now?: Date;
  issueInstant?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** SubjectConfirmationData/@NotOnOrAfter; defaults to notOnOrAfter. */
  subjectNotOnOrAfter?: Date;
  /** A non-success status leaves the assertion out (as brokers do on a failed login). */
  status?: { code: string; subCode?: string; message?: string };
};

export function newSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

const iso = (d: Date) => d.toISOString();

function nameIdXml(name: string, value: string, namespaceDeclaration = ''): string {
  const qualifier = name.endsWith('LegalSubjectID') && /^\d{8}$/.test(value) ? ` NameQualifier="${KVK_QUALIFIER}"` : '';
  return `<saml:NameID${namespaceDeclaration} Format="${NAMEID_PERSISTENT}"${qualifier}>${escapeXml(value)}</saml:NameID>`;
}

function attributeValue(name: string, value: string, o: SamlResponseOptions): string {
  const style = o.attributeStyle ?? 'string';
  if (style === 'string') return `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`;
  if (style === 'encrypted-id') {
    if (!o.encryptIds) throw new Error("attributeStyle 'encrypted-id' needs encryptIds");
    // The encrypted NameID carries its own namespace declaration: it is decrypted out of context.
    return `<saml:AttributeValue>${encryptElementXml(nameIdXml(name, value, ` xmlns:saml="${NS_ASSERTION}"`), 'EncryptedID', o.encryptIds)}</saml:AttributeValue>`;
  }
  return `<saml:AttributeValue>${nameIdXml(name, value)}</saml:AttributeValue>`;
}

function attributeStatement(o: SamlResponseOptions): string {
  const attributes: [string, string | null][] = [
    ['urn:etoegang:core:LegalSubjectID', o.legalSubjectId],
    ['urn:etoegang:core:ActingSubjectID', o.actingSubjectId],
  ];
  const parts = attributes
    .filter((a): a is [string, string] => a[1] !== null)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${attributeValue(name, value, o)}</saml:Attribute>`,
    );
  return parts.length ? `<saml:AttributeStatement>${parts.join('')}</saml:AttributeStatement>` : '';
}

function statusXml(status: SamlResponseOptions['status']): string {
  const code = status?.code ?? STATUS_SUCCESS;
  const sub = status?.subCode ? `<samlp:StatusCode Value="${escapeXml(status.subCode)}"/>` : '';
  const message = status?.message ? `<samlp:StatusMessage>${escapeXml(status.message)}</samlp:StatusMessage>` : '';
  return `<samlp:Status><samlp:StatusCode Value="${escapeXml(code)}">${sub}</samlp:StatusCode>${message}</samlp:Status>`;
}

/** The unsigned Response XML. */
export function buildSamlResponse(o: SamlResponseOptions): string {
  const now = o.now ?? new Date();
  const issueInstant = o.issueInstant ?? now;
  const notBefore = o.notBefore ?? new Date(now.getTime() - 5_000);
  const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const subjectNotOnOrAfter = o.subjectNotOnOrAfter ?? notOnOrAfter;
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escapeXml(o.inResponseTo)}"` : '';
  const success = (o.status?.code ?? STATUS_SUCCESS) === STATUS_SUCCESS;
  const loaUrn = o.loa === null ? null : o.loa.startsWith('urn:') ? o.loa : `${LOA_PREFIX}${o.loa}`;

  // The Assertion declares its namespace itself, so that it stands alone once encrypted and decrypted.
  const assertion =
    `<saml:Assertion xmlns:saml="${NS_ASSERTION}" ID="${o.assertionId ?? newSamlId()}" Version="2.0" IssueInstant="${iso(issueInstant)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(o.nameIdFormat ?? NAMEID_PERSISTENT)}">${escapeXml(o.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${inResponseTo} Recipient="${escapeXml(o.destination)}" NotOnOrAfter="${iso(subjectNotOnOrAfter)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    (loaUrn === null
      ? ''
      : `<saml:AuthnStatement AuthnInstant="${iso(issueInstant)}" SessionIndex="${escapeXml(o.sessionIndex ?? newSamlId())}">` +
        `<saml:AuthnContext><saml:AuthnContextClassRef>${escapeXml(loaUrn)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`) +
    attributeStatement(o) +
    `</saml:Assertion>`;

  return (
    `<samlp:Response xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${o.responseId ?? newSamlId()}" Version="2.0"` +
    ` IssueInstant="${iso(issueInstant)}" Destination="${escapeXml(o.destination)}"${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(o.responseIssuer ?? o.issuer)}</saml:Issuer>` +
    statusXml(o.status) +
    (success ? assertion : '') +
    `</samlp:Response>`
  );
}

export type SignOptions = {
  /** PEM private key. */
  key: string;
  /** PEM certificate, put in KeyInfo (the SP ignores it and uses its configured certificate). */
  cert?: string;
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Replace the (signed) Assertion by an EncryptedAssertion before the Response is signed. */
  encryptAssertion?: EncryptOptions;
};

const RESPONSE = "/*[local-name(.)='Response']";
const ASSERTION = `${RESPONSE}/*[local-name(.)='Assertion']`;

/**
 * Enveloped signature of the element at `target` (an XPath), placed right after its Issuer as the
 * SAML schema wants. Also signs POST-binding LogoutRequests in the tests.
 */
export function signElement(xml: string, target: string, o: Pick<SignOptions, 'key' | 'cert'>): string {
  return signAfterIssuer(xml, target, o);
}

/**
 * Signs the Assertion first and then the Response, so the Response signature also covers the
 * Assertion's signature (RSA-SHA256, exclusive c14n, SHA-256 digests).
 */
export function signSamlResponse(xml: string, o: SignOptions): string {
  let out = xml;
  if (o.signAssertion ?? true) out = signElement(out, ASSERTION, o);
  if (o.encryptAssertion) out = encryptAssertion(out, o.encryptAssertion);
  if (o.signResponse ?? true) out = signElement(out, RESPONSE, o);
  return out;
}

/** The Response with its Assertion (signature included) replaced by an EncryptedAssertion. */
export function encryptAssertion(xml: string, o: EncryptOptions): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const assertion = doc.getElementsByTagNameNS(NS_ASSERTION, 'Assertion')[0];
  if (!assertion) return xml;
  const serializer = new XMLSerializer();
  const encrypted = new DOMParser().parseFromString(
    encryptElementXml(serializer.serializeToString(assertion), 'EncryptedAssertion', o),
    'text/xml',
  );
  assertion.parentNode!.replaceChild(doc.importNode(encrypted.documentElement!, true), assertion);
  return serializer.serializeToString(doc);
}
