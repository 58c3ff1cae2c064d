import { createHash, randomBytes } from 'node:crypto';
import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { childrenNamed, escapeXml, parseElement } from './xml-dom.ts';
import { signAfterIssuer } from './xml-signature.ts';

/**
 * The HTTP-Artifact binding (SAML bindings §3.6): the browser brings only a SAMLart, and the SP
 * fetches the Response itself from the broker's artifact resolution service over SOAP. These are
 * the message parts, without I/O: reading an artifact, the signed ArtifactResolve, and the checks
 * on the ArtifactResponse.
 */

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** Type 0x0004 is the only artifact type SAML 2.0 defines: 2 + 2 + 20 + 20 bytes. */
const ARTIFACT_TYPE = 0x0004;
const ARTIFACT_BYTES = 44;

export type Artifact = { endpointIndex: number; sourceId: Buffer; messageHandle: Buffer; value: string };

export class ArtifactInvalid extends Error {
  override name = 'ArtifactInvalid';
}

/** The SourceID of a broker: SHA-1 of its entity id. */
export function artifactSourceId(entityId: string): Buffer {
  return createHash('sha1').update(entityId).digest();
}

export function parseArtifact(samlArt: string): Artifact | undefined {
  if (!/^[A-Za-z0-9+/]{58}==$|^[A-Za-z0-9+/]{59}=$|^[A-Za-z0-9+/]{60}$/.test(samlArt)) return undefined;
  const bytes = Buffer.from(samlArt, 'base64');
  if (bytes.length !== ARTIFACT_BYTES || bytes.readUInt16BE(0) !== ARTIFACT_TYPE) return undefined;
  return {
    endpointIndex: bytes.readUInt16BE(2),
    sourceId: bytes.subarray(4, 24),
    messageHandle: bytes.subarray(24, 44),
    value: samlArt,
  };
}

/** A type 0x0004 artifact for a broker's message (the dev broker issues these). */
export function buildArtifact(issuerEntityId: string, endpointIndex = 0, messageHandle = randomBytes(20)): string {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(ARTIFACT_TYPE, 0);
  header.writeUInt16BE(endpointIndex, 2);
  return Buffer.concat([header, artifactSourceId(issuerEntityId), messageHandle]).toString('base64');
}

export const soapEnvelope = (body: string) =>
  `<soap:Envelope xmlns:soap="${NS_SOAP}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

/**
 * Signs a SAML protocol message (enveloped, RSA-SHA256, exclusive c14n), the signature placed
 * after its Issuer as the schema orders it.
 */
export function signProtocolMessage(xml: string, localName: string, signing: { key: string; cert: string }): string {
  return signAfterIssuer(xml, `//*[local-name(.)='${localName}']`, signing);
}

export function artifactResolveXml(o: {
  id: string;
  issuer: string;
  destination: string;
  artifact: string;
  now: Date;
}): string {
  return (
    `<samlp:ArtifactResolve xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${escapeXml(o.id)}" Version="2.0"` +
    ` IssueInstant="${o.now.toISOString()}" Destination="${escapeXml(o.destination)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer><samlp:Artifact>${escapeXml(o.artifact)}</samlp:Artifact></samlp:ArtifactResolve>`
  );
}

/** The one protocol message in a SOAP Body, by its local name. */
export function soapBodyMessage(soapXml: string, localName: string): Element {
  const envelope = parseElement(soapXml);
  if (!envelope || envelope.namespaceURI !== NS_SOAP || envelope.localName !== 'Envelope')
    throw new ArtifactInvalid('not a SOAP envelope');
  const body = childrenNamed(envelope, 'Body', NS_SOAP);
  const messages = body.length === 1 ? childrenNamed(body[0], localName, NS_PROTOCOL) : [];
  if (messages.length !== 1) throw new ArtifactInvalid(`the SOAP body does not hold exactly one ${localName}`);
  return messages[0]!;
}

/**
 * The element a signature made by `cert` covers, re-read from the bytes that were signed: what
 * follows is read from those bytes only, so an element wrapped around or beside the signed one is
 * never seen (the signature-wrapping defence). Throws unless the message carries exactly one
 * signature, by that certificate, over the message itself.
 */
export function signedMessage(message: Element, cert: string | string[]): Element {
  const signatures = childrenNamed(message, 'Signature', NS_DS);
  const id = message.getAttribute('ID');
  if (signatures.length !== 1 || !id) throw new ArtifactInvalid(`the ${message.localName} is not signed`);
  const xml = new XMLSerializer().serializeToString(message);
  for (const publicCert of Array.isArray(cert) ? cert : [cert]) {
    const verifier = new SignedXml({ publicCert });
    verifier.loadSignature(new XMLSerializer().serializeToString(signatures[0]!));
    let valid: boolean;
    try {
      valid = verifier.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const references = verifier.getSignedReferences();
    const signed = references.length === 1 ? parseElement(references[0]!) : undefined;
    if (!signed || signed.localName !== message.localName || signed.getAttribute('ID') !== id)
      throw new ArtifactInvalid('the signature does not cover the message');
    return signed;
  }
  throw new ArtifactInvalid(`the ${message.localName} signature is not the broker's`);
}

/**
 * The samlp:Response inside a broker's ArtifactResponse, after the checks the binding asks for:
 * signed by the broker, from the broker, in response to our ArtifactResolve, status Success, and
 * exactly one Response (an unknown or already used artifact gives Success with no message).
 */
export function responseFromArtifactResponse(
  soapXml: string,
  expected: { idpCert: string | string[]; idpIssuer: string; inResponseTo: string },
): string {
  const artifactResponse = signedMessage(soapBodyMessage(soapXml, 'ArtifactResponse'), expected.idpCert);
  const issuer = childrenNamed(artifactResponse, 'Issuer')[0]?.textContent?.trim();
  if (issuer !== expected.idpIssuer) throw new ArtifactInvalid('the ArtifactResponse comes from another issuer');
  if (artifactResponse.getAttribute('InResponseTo') !== expected.inResponseTo)
    throw new ArtifactInvalid('the ArtifactResponse answers another ArtifactResolve');
  const status = childrenNamed(artifactResponse, 'Status')[0];
  const code = status && childrenNamed(status, 'StatusCode')[0]?.getAttribute('Value');
  if (code !== STATUS_SUCCESS)
    throw new ArtifactInvalid(`the broker answered the ArtifactResolve with ${code ?? 'no status'}`);
  const responses = childrenNamed(artifactResponse, 'Response', NS_PROTOCOL);
  if (responses.length !== 1)
    throw new ArtifactInvalid('the artifact is unknown or already used (no Response in the ArtifactResponse)');
  return new XMLSerializer().serializeToString(responses[0]!);
}
