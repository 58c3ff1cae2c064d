import { DOMParser, type Element } from '@xmldom/xmldom';

const NS_METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const NS_XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const CACHE_MS = 60_000;

/** The PEM certificates an SP's metadata offers for one use (KeyDescriptor use="encryption" or "signing"), in order. */
export function certificatesIn(metadataXml: string, use: 'encryption' | 'signing'): string[] {
  const doc = new DOMParser({ onError: () => {} }).parseFromString(metadataXml, 'text/xml');
  const descriptors = Array.from(doc.getElementsByTagNameNS(NS_METADATA, 'KeyDescriptor')) as Element[];
  return descriptors
    .filter((d) => d.getAttribute('use') === use)
    .flatMap((d) => Array.from(d.getElementsByTagNameNS(NS_XMLDSIG, 'X509Certificate')) as Element[])
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean)
    .map((b64) => `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
}

export const encryptionCertificatesIn = (metadataXml: string) => certificatesIn(metadataXml, 'encryption');

export type SpCertificates = { encryption?: string; signing?: string };

/**
 * Reads the SP's encryption and signing certificates from its metadata, as a broker does when the
 * SP is registered (here: whenever it needs them, cached for a minute, so a key rollover shows up
 * soon). The SP's entity id is its metadata URL. No encryption key: this broker sends the identity
 * unencrypted; no signing key: it cannot check an ArtifactResolve and resolves none.
 */

export function spMetadataCertificates(metadataUrl: string): () => Promise<SpCertificates> {
  let cached: { at: number; certs: SpCertificates } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.certs;
    if (!URL.canParse(metadataUrl)) return {};
    try {
      const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(5_000) });
      const xml = res.ok ? await res.text() : '';
      const [encryption] = certificatesIn(xml, 'encryption');
      const [signing] = certificatesIn(xml, 'signing');
      cached = { at: Date.now(), certs: { ...(encryption ? { encryption } : {}), ...(signing ? { signing } : {}) } };
      return cached.certs;
    } catch {
      return {};
    }
  };
}
