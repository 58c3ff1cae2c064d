import { SignedXml } from 'xml-crypto';

/**
 * An enveloped XML signature as the eHerkenning afsprakenstelsel asks for it (RSA-SHA256,
 * exclusive c14n, SHA-256 digest) over the element at `target` (an XPath), placed at `location`:
 * after the Issuer for SAML protocol messages and assertions, first child for metadata.
 */
export function signEnveloped(
  xml: string,
  target: string,
  location: { reference: string; action: 'after' | 'prepend' },
  signing: { key: string; cert?: string | undefined },
): string {
  const sig = new SignedXml({
    privateKey: signing.key,
    ...(signing.cert ? { publicCert: signing.cert } : {}),
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: target,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: 'ds', location });
  return sig.getSignedXml();
}

/** The usual place in SAML: right after the element's own Issuer. */
export function signAfterIssuer(
  xml: string,
  target: string,
  signing: { key: string; cert?: string | undefined },
): string {
  return signEnveloped(xml, target, { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' }, signing);
}
