import { DOMParser, type Element } from '@xmldom/xmldom';

const NS_METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const NS_XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const CACHE_MS = 60_000;

/** The PEM certificates an SP's metadata offers for encryption (KeyDescriptor use="encryption"), in order. */
export function encryptionCertificatesIn(metadataXml: string): string[] {
  const doc = new DOMParser({ onError: () => {} }).parseFromString(metadataXml, 'text/xml');
  const descriptors = Array.from(doc.getElementsByTagNameNS(NS_METADATA, 'KeyDescriptor')) as Element[];
  return descriptors
    .filter((d) => d.getAttribute('use') === 'encryption')
    .flatMap((d) => Array.from(d.getElementsByTagNameNS(NS_XMLDSIG, 'X509Certificate')) as Element[])
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean)
    .map((b64) => `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
}

/**
 * Reads the SP's encryption certificate from its metadata, as a broker does when the SP is
 * registered (here: whenever a login completes, cached for a minute, so a key rollover shows up
 * soon). The SP's entity id is its metadata URL. No metadata or no encryption key: undefined,
 * and this broker sends the identity unencrypted.
 */
export function spEncryptionCertificate(metadataUrl: string): () => Promise<string | undefined> {
  let cached: { at: number; cert: string | undefined } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.cert;
    if (!URL.canParse(metadataUrl)) return undefined;
    try {
      const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(5_000) });
      const cert = res.ok ? encryptionCertificatesIn(await res.text())[0] : undefined;
      cached = { at: Date.now(), cert };
      return cert;
    } catch {
      return undefined;
    }
  };
}
