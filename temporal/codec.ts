import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

// @temporalio/proto is CommonJS without static named exports: plain Node ESM (tsx, production)
// only sees its default export; a named import works under vitest alone.
const { temporal } = proto;

const ENCODING = 'binary/encrypted';
const ALGORITHM = 'aes-256-gcm';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encrypts every workflow payload (inputs, results, Update arguments, memo) with AES-256-GCM, so
 * personal data in workflows is unreadable in Temporal's store and in Temporal UI unless the UI
 * goes through our codec endpoint. Each payload is serialised whole (metadata included) and
 * encrypted with a fresh IV; the key id lets a later key rotation decrypt old histories.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly keyId: string;
  /**
   * A private field, not a property: the SDK logs the worker's options (this codec among them) at
   * debug level, and a property would put the key that guards every payload into that log line.
   */
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('payload codec key must be 32 bytes');
    this.#key = key;
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  static fromBase64(key: string): AesGcmPayloadCodec {
    return new AesGcmPayloadCodec(Buffer.from(key, 'base64'));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_LENGTH);
      const cipher = createCipheriv(ALGORITHM, this.#key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: encoder.encode(ENCODING), 'encryption-key-id': encoder.encode(this.keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!payload.metadata || decoder.decode(payload.metadata.encoding) !== ENCODING) return payload;
      const keyId = payload.metadata['encryption-key-id'];
      if (keyId && decoder.decode(keyId) !== this.keyId) {
        throw new Error(`payload encrypted with unknown key ${decoder.decode(keyId)}`);
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const iv = data.subarray(0, IV_LENGTH);
      const tag = data.subarray(data.length - TAG_LENGTH);
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
