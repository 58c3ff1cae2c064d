import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';

/**
 * XML Encryption the way an eHerkenning broker applies it to an EncryptedID or EncryptedAssertion
 * (afsprakenstelsel "SAML encryption"): a fresh symmetric key per element, the content encrypted
 * with AES, and that key encrypted with RSA-OAEP for each recipient. Written here with node:crypto
 * on purpose, apart from the xml-encryption library the portal decrypts with, so that the two
 * sides do not share a mistake. Every choice a test needs to vary is an option.
 */

const NS_XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const NS_XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

const CONTENT = {
  'aes128-cbc': {
    uri: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
    cipher: 'aes-128-cbc',
    keyBytes: 16,
    ivBytes: 16,
  },
  'aes256-cbc': {
    uri: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    cipher: 'aes-256-cbc',
    keyBytes: 32,
    ivBytes: 16,
  },
  'aes128-gcm': { uri: 'http://www.w3.org/2009/xmlenc11#aes128-gcm', cipher: 'aes-128-gcm', keyBytes: 16, ivBytes: 12 },
  'aes256-gcm': { uri: 'http://www.w3.org/2009/xmlenc11#aes256-gcm', cipher: 'aes-256-gcm', keyBytes: 32, ivBytes: 12 },
  /** Triple DES: only for tests that check the SP refuses it. */
  'tripledes-cbc': {
    uri: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc',
    cipher: 'des-ede3-cbc',
    keyBytes: 24,
    ivBytes: 8,
  },
} as const;
export type ContentAlgorithm = keyof typeof CONTENT;

export type Recipient = {
  /** PEM certificate whose public key the symmetric key is encrypted for. */
  cert: string;
  /** EncryptedKey/@Recipient: the recipient's entity id. */
  entityId?: string;
};

export type EncryptOptions = {
  recipients: Recipient[];
  content?: ContentAlgorithm;
  /** RSA PKCS#1 v1.5 instead of OAEP: only for tests that check the SP refuses it. */
  insecureKeyTransport?: boolean;
  /**
   * 'key-info': the (single) EncryptedKey inside EncryptedData/KeyInfo; 'sibling': EncryptedKeys
   * beside the EncryptedData with Recipient and CarriedKeyName, as for several recipients.
   */
  keyPlacement?: 'key-info' | 'sibling';
};

const b64 = (bytes: Buffer) => bytes.toString('base64');

function encryptedKey(
  symmetricKey: Buffer,
  recipient: Recipient,
  o: EncryptOptions,
  keyName: string | undefined,
): string {
  const wrapped = publicEncrypt(
    o.insecureKeyTransport
      ? { key: new X509Certificate(recipient.cert).publicKey, padding: constants.RSA_PKCS1_PADDING }
      : {
          key: new X509Certificate(recipient.cert).publicKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: 'sha1',
        },
    symmetricKey,
  );
  const method = o.insecureKeyTransport
    ? `<xenc:EncryptionMethod Algorithm="${NS_XMLENC}rsa-1_5"/>`
    : // rsa-oaep-mgf1p with its SHA-1 digest: what xml-encryption (and so node-saml) can open.
      `<xenc:EncryptionMethod Algorithm="${NS_XMLENC}rsa-oaep-mgf1p"><ds:DigestMethod xmlns:ds="${NS_XMLDSIG}" Algorithm="${NS_XMLDSIG}sha1"/></xenc:EncryptionMethod>`;
  const recipientAttr = recipient.entityId ? ` Recipient="${recipient.entityId}"` : '';
  return (
    `<xenc:EncryptedKey xmlns:xenc="${NS_XMLENC}"${recipientAttr}>${method}` +
    `<xenc:CipherData><xenc:CipherValue>${b64(wrapped)}</xenc:CipherValue></xenc:CipherData>` +
    (keyName ? `<xenc:CarriedKeyName>${keyName}</xenc:CarriedKeyName>` : '') +
    `</xenc:EncryptedKey>`
  );
}

/**
 * `plaintext` (an element with all its namespace declarations) encrypted into
 * `<saml:{wrapper}>`: an EncryptedID or an EncryptedAssertion.
 */
export function encryptElementXml(
  plaintext: string,
  wrapper: 'EncryptedID' | 'EncryptedAssertion',
  o: EncryptOptions,
): string {
  if (o.recipients.length === 0) throw new Error('encrypting needs at least one recipient');
  const algorithm = CONTENT[o.content ?? 'aes256-gcm'];
  const symmetricKey = randomBytes(algorithm.keyBytes);
  const iv = randomBytes(algorithm.ivBytes);
  const cipher = createCipheriv(algorithm.cipher, symmetricKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = algorithm.cipher.endsWith('gcm')
    ? (cipher as unknown as { getAuthTag(): Buffer }).getAuthTag()
    : Buffer.alloc(0);
  const cipherValue = b64(Buffer.concat([iv, body, tag]));

  const placement = o.keyPlacement ?? (o.recipients.length > 1 ? 'sibling' : 'key-info');
  if (placement === 'key-info' && o.recipients.length > 1)
    throw new Error('several recipients need sibling EncryptedKeys');
  const keyName = placement === 'sibling' ? `key-${randomBytes(8).toString('hex')}` : undefined;
  const keys = o.recipients.map((r) => encryptedKey(symmetricKey, r, o, keyName));
  const keyInfo = placement === 'key-info' ? keys[0] : `<ds:KeyName>${keyName}</ds:KeyName>`;

  return (
    `<saml:${wrapper} xmlns:saml="${NS_ASSERTION}">` +
    `<xenc:EncryptedData xmlns:xenc="${NS_XMLENC}" Type="${NS_XMLENC}Element">` +
    `<xenc:EncryptionMethod Algorithm="${algorithm.uri}"/>` +
    `<ds:KeyInfo xmlns:ds="${NS_XMLDSIG}">${keyInfo}</ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${cipherValue}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData>` +
    (placement === 'sibling' ? keys.join('') : '') +
    `</saml:${wrapper}>`
  );
}
