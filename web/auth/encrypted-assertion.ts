import type { Element } from '@xmldom/xmldom';
import { childrenNamed } from '../../saml/xml-dom.ts';
import { decryptElement, DecryptionFailed } from './xml-decryption.ts';

export type AssertionKey =
  { encrypted: false } | { encrypted: true; keyIndex: number } | { encrypted: true; failed: DecryptionFailed };

/**
 * node-saml decrypts an EncryptedAssertion with one key. With two configured (key rollover) we
 * find out first which one opens this response's EncryptedAssertion, so that the node-saml
 * instance holding that key validates it. Elements are matched by local name, as node-saml does, so
 * both see the same EncryptedAssertion; two or more are left to node-saml, which refuses them.
 */
export async function keyForEncryptedAssertion(
  response: Element | undefined,
  keys: readonly string[],
  recipient: string,
): Promise<AssertionKey> {
  const encrypted = response ? childrenNamed(response, 'EncryptedAssertion') : [];
  if (encrypted.length !== 1) return { encrypted: false };
  if (keys.length === 0) return { encrypted: true, failed: new DecryptionFailed('no decryption key configured') };
  try {
    // node-saml's xml-encryption reads the EncryptedKey from KeyInfo only: so do we, for this choice.
    const { keyIndex } = await decryptElement(encrypted[0]!, keys, recipient, 'key-info');
    return { encrypted: true, keyIndex };
  } catch (err) {
    return { encrypted: true, failed: err instanceof DecryptionFailed ? err : new DecryptionFailed('unreadable') };
  }
}
