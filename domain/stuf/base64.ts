import { StufEnvelopeError } from './types.ts';

/** Strict base64 (RFC 4648 alphabet, padded), as xs:base64Binary. Pure, no Buffer/atob. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

const notBase64 = (element: string): StufEnvelopeError =>
  new StufEnvelopeError('STUF-BASE64', `De inhoud van ${element} is geen geldige base64.`);

/** Decodes base64; XML whitespace between the characters is allowed (xs:base64Binary). */
export function decodeBase64(text: string, element: string): Uint8Array {
  const s = text.replace(/[ \t\r\n]+/g, '');
  if (s.length % 4 !== 0) throw notBase64(element);
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const body = s.length - padding;
  const out = new Uint8Array((s.length / 4) * 3 - padding);
  let o = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < body; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw notBase64(element);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  // The bits left over after the last byte must be zero (canonical, as xs:base64Binary requires).
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) throw notBase64(element);
  return out;
}
