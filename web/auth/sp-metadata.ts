import { randomUUID, X509Certificate } from 'node:crypto';
import { escapeXml } from '../../saml/xml-dom.ts';
import { signEnveloped } from '../../saml/xml-signature.ts';
import {
  ATTRIBUTE_ACTING_SUBJECT_ID,
  ATTRIBUTE_LEGAL_SUBJECT_ID,
  ATTRIBUTE_SERVICE_UUID,
  type EherkenningService,
} from '../../domain/eherkenning.ts';

const NS_MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const NS_SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const BINDING_ARTIFACT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact';
const ATTRNAME_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

/** What xml-decryption.ts opens, strongest first: a broker picks from this list. */
const ACCEPTED_ENCRYPTION = [
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
];

export type SpMetadataSettings = {
  entityId: string;
  publicUrl: string;
  /** Signs AuthnRequests; published as the signing key and used to sign this document. */
  signing?: { key: string; cert: string };
  /** Every certificate a broker may encrypt for (current first, then the rollover key). */
  encryptionCerts: string[];
  services: EherkenningService[];
  /** Whether the ACS for the Artifact binding is published (only once we can resolve artifacts). */
  artifactBinding: boolean;
  organisationName: string;
  supportEmail: string;
  validDays: number;
};

/** The base64 DER body of a PEM certificate, as ds:X509Certificate holds it. */
function certificateBody(pem: string): string {
  return new X509Certificate(pem).raw.toString('base64');
}

function keyDescriptor(use: 'signing' | 'encryption', pem: string): string {
  const methods =
    use === 'encryption' ? ACCEPTED_ENCRYPTION.map((alg) => `<md:EncryptionMethod Algorithm="${alg}"/>`).join('') : '';
  return `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>${methods}</md:KeyDescriptor>`;
}

function requestedAttribute(name: string, value?: string): string {
  const values = value === undefined ? '' : `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`;
  return `<md:RequestedAttribute Name="${name}" NameFormat="${ATTRNAME_URI}" isRequired="true">${values}</md:RequestedAttribute>`;
}

/**
 * One AttributeConsumingService per service registered in the dienstencatalogus: the AuthnRequest
 * names it by index, and the ServiceUUID tells the broker which authorisation (machtiging) to check.
 */
function attributeConsumingService(service: EherkenningService, isDefault: boolean, organisationName: string): string {
  return (
    `<md:AttributeConsumingService index="${service.index}"${isDefault ? ' isDefault="true"' : ''}>` +
    `<md:ServiceName xml:lang="nl">${escapeXml(organisationName)}</md:ServiceName>` +
    requestedAttribute(ATTRIBUTE_SERVICE_UUID, service.uuid) +
    requestedAttribute(ATTRIBUTE_LEGAL_SUBJECT_ID) +
    requestedAttribute(ATTRIBUTE_ACTING_SUBJECT_ID) +
    `</md:AttributeConsumingService>`
  );
}

/**
 * The end of the validity: the configured period, but never past the first certificate that
 * expires, so a broker does not keep trusting a key we can no longer use.
 */
export function metadataValidUntil(
  settings: Pick<SpMetadataSettings, 'signing' | 'encryptionCerts' | 'validDays'>,
  now: Date,
): Date {
  const certs = [...(settings.signing ? [settings.signing.cert] : []), ...settings.encryptionCerts];
  const expiries = certs.map((pem) => new Date(new X509Certificate(pem).validTo).getTime());
  return new Date(Math.min(now.getTime() + settings.validDays * 86_400_000, ...expiries));
}

/** The SP's metadata as the SAML 2.0 metadata schema orders it, unsigned. */
export function buildSpMetadata(settings: SpMetadataSettings, now: Date, id = `_${randomUUID()}`): string {
  const url = (path: string) => escapeXml(new URL(path, settings.publicUrl).href);
  const keys = [
    ...(settings.signing ? [keyDescriptor('signing', settings.signing.cert)] : []),
    ...settings.encryptionCerts.map((pem) => keyDescriptor('encryption', pem)),
  ].join('');
  const acs = [
    `<md:AssertionConsumerService index="0" isDefault="true" Binding="${BINDING_POST}" Location="${url('/saml/acs')}"/>`,
    ...(settings.artifactBinding
      ? [`<md:AssertionConsumerService index="1" Binding="${BINDING_ARTIFACT}" Location="${url('/saml/artifact')}"/>`]
      : []),
  ].join('');
  const services = settings.services
    .map((s, i) => attributeConsumingService(s, i === 0, settings.organisationName))
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="${NS_MD}" xmlns:saml="${NS_SAML}" xmlns:ds="${NS_DS}" ID="${id}"` +
    ` entityID="${escapeXml(settings.entityId)}" validUntil="${metadataValidUntil(settings, now).toISOString()}">` +
    `<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"` +
    ` AuthnRequestsSigned="${settings.signing ? 'true' : 'false'}" WantAssertionsSigned="true">` +
    keys +
    `<md:SingleLogoutService Binding="${BINDING_REDIRECT}" Location="${url('/saml/slo')}"/>` +
    `<md:SingleLogoutService Binding="${BINDING_POST}" Location="${url('/saml/slo')}"/>` +
    acs +
    services +
    `</md:SPSSODescriptor>` +
    `<md:Organization><md:OrganizationName xml:lang="nl">${escapeXml(settings.organisationName)}</md:OrganizationName>` +
    `<md:OrganizationDisplayName xml:lang="nl">${escapeXml(settings.organisationName)}</md:OrganizationDisplayName>` +
    `<md:OrganizationURL xml:lang="nl">${url('/')}</md:OrganizationURL></md:Organization>` +
    `<md:ContactPerson contactType="support"><md:EmailAddress>mailto:${escapeXml(settings.supportEmail)}</md:EmailAddress></md:ContactPerson>` +
    `</md:EntityDescriptor>`
  );
}

/**
 * An enveloped signature (RSA-SHA256, exclusive c14n) as the first child of EntityDescriptor, where the schema wants
 * it.
 */
export function signMetadata(xml: string, signing: { key: string; cert: string }): string {
  const root = "/*[local-name()='EntityDescriptor']";
  return signEnveloped(xml, root, { reference: root, action: 'prepend' }, signing);
}

/**
 * The published document, signed when we have a signing key. It is built again once an hour
 * (and never lives past its validUntil), not per request: the endpoint is public and signing costs.
 */
export function spMetadataPublisher(settings: SpMetadataSettings, clock: () => Date = () => new Date()): () => string {
  let cached: { xml: string; builtAt: number } | undefined;
  return () => {
    const now = clock();
    if (!cached || now.getTime() - cached.builtAt > 3_600_000) {
      const unsigned = buildSpMetadata(settings, now);
      cached = { xml: settings.signing ? signMetadata(unsigned, settings.signing) : unsigned, builtAt: now.getTime() };
    }
    return cached.xml;
  };
}
