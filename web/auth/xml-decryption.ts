import { XMLSerializer, type Element } from '@xmldom/xmldom';
import xmlenc from 'xml-encryption';
import { childrenNamed } from '../../saml/xml-dom.ts';

/**
 * XML Encryption as eHerkenning brokers use it (afsprakenstelsel "SAML encryption"): an
 * EncryptedElementType (EncryptedID, EncryptedAssertion) holds one EncryptedData and one or more
 * EncryptedKeys, either inside EncryptedData/KeyInfo or beside it, one per recipient. xml-encryption
 * does the cryptography; this module picks which EncryptedKey is ours and which of our keys opens
 * it, and refuses the algorithms that are not safe to decrypt on request (RSA PKCS#1 v1.5 key
 * transport, Triple DES).
 */

export const NS_XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const NS_XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';

export const CONTENT_ALGORITHMS = {
  aes128cbc: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  aes256cbc: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  aes128gcm: 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  aes256gcm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
} as const;
export const KEY_TRANSPORT_RSA_OAEP = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';

const ALLOWED_CONTENT: ReadonlySet<string> = new Set(Object.values(CONTENT_ALGORITHMS));

/** Why an encrypted element could not be opened; the message names no key and no content. */
export class DecryptionFailed extends Error {
  constructor(message: string) {
    super(`decryption failed: ${message}`);
    this.name = 'DecryptionFailed';
  }
}

export type Decrypted = { xml: string; keyIndex: number };

/** Where EncryptedKeys may be: node-saml's EncryptedAssertion decryption only finds them inside KeyInfo. */
export type KeyPlacement = 'key-info' | 'key-info-or-sibling';

const algorithmOf = (el: Element) =>
  childrenNamed(el, 'EncryptionMethod', NS_XMLENC)[0]?.getAttribute('Algorithm') ?? '';

function decryptString(xml: string, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    xmlenc.decrypt(
      xml,
      { key, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/**
 * The EncryptedKeys addressed to `recipient` (or to nobody in particular), in document order.
 * Another recipient's key is never tried: it cannot be ours, and trying it would only cost time.
 */
function ourEncryptedKeys(
  encrypted: Element,
  encryptedData: Element,
  recipient: string,
  placement: KeyPlacement,
): Element[] {
  const inKeyInfo = childrenNamed(encryptedData, 'KeyInfo', NS_XMLDSIG).flatMap((info) =>
    childrenNamed(info, 'EncryptedKey', NS_XMLENC),
  );
  const beside = placement === 'key-info-or-sibling' ? childrenNamed(encrypted, 'EncryptedKey', NS_XMLENC) : [];
  return [...inKeyInfo, ...beside].filter(
    (k) => !k.hasAttribute('Recipient') || k.getAttribute('Recipient') === recipient,
  );
}

/**
 * Opens an EncryptedElementType with the first of `keys` (PEM private keys, current first) that
 * fits one of the EncryptedKeys meant for `recipient`. Each attempt gets one EncryptedData with one
 * EncryptedKey in its KeyInfo, the shape xml-encryption reads, so a sibling key of another
 * recipient can never be picked up by its document-wide search.
 */
export async function decryptElement(
  encrypted: Element,
  keys: readonly string[],
  recipient: string,
  placement: KeyPlacement = 'key-info-or-sibling',
): Promise<Decrypted> {
  const data = childrenNamed(encrypted, 'EncryptedData', NS_XMLENC);
  if (data.length !== 1) throw new DecryptionFailed(`expected one EncryptedData, found ${data.length}`);
  const encryptedData = data[0]!;
  const contentAlgorithm = algorithmOf(encryptedData);
  if (!ALLOWED_CONTENT.has(contentAlgorithm))
    throw new DecryptionFailed(`content algorithm not accepted: ${contentAlgorithm || '(none)'}`);
  const cipherValue = childrenNamed(
    childrenNamed(encryptedData, 'CipherData', NS_XMLENC)[0] ?? encryptedData,
    'CipherValue',
    NS_XMLENC,
  )[0];
  if (!cipherValue?.textContent) throw new DecryptionFailed('no CipherValue');

  const candidates = ourEncryptedKeys(encrypted, encryptedData, recipient, placement);
  if (candidates.length === 0) throw new DecryptionFailed('no EncryptedKey for this recipient');
  const transports = candidates.filter((k) => algorithmOf(k) === KEY_TRANSPORT_RSA_OAEP);
  if (transports.length === 0)
    throw new DecryptionFailed(`key transport not accepted: ${algorithmOf(candidates[0]!) || '(none)'}`);

  const serializer = new XMLSerializer();
  for (const [keyIndex, key] of keys.entries()) {
    for (const encryptedKey of transports) {
      const single =
        `<xenc:EncryptedData xmlns:xenc="${NS_XMLENC}" xmlns:ds="${NS_XMLDSIG}">` +
        `<xenc:EncryptionMethod Algorithm="${contentAlgorithm}"/>` +
        `<ds:KeyInfo>${serializer.serializeToString(encryptedKey)}</ds:KeyInfo>` +
        `<xenc:CipherData><xenc:CipherValue>${cipherValue.textContent.replace(/\s+/g, '')}</xenc:CipherValue></xenc:CipherData>` +
        `</xenc:EncryptedData>`;
      try {
        return { xml: await decryptString(single, key), keyIndex };
      } catch {
        // Not this key, or not this EncryptedKey: try the next pair. Which one failed is no one's business.
      }
    }
  }
  throw new DecryptionFailed(`none of the ${keys.length} configured keys opens it`);
}
