import { randomBytes, randomInt, scrypt } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '../domain/verification-code.ts';

/**
 * Generation and hashing of verification codes. Only web sees a plaintext code: it is shown once to
 * the issuer, and only `hashCode(code, salt)` travels to the user workflow, which compares hashes.
 * Nothing here compares codes, so there is no comparison to get wrong (timing) on this side.
 */

/**
 * scrypt cost: N=2^14, r=8, p=1 (16 MiB, ~35 ms per hash here). Online guessing is stopped by the
 * workflow (5 wrong attempts revoke the code) and the rate limit; the hash only has to make an
 * offline search of the ~50-bit code space (someone reading workflow history or a backup)
 * hopeless: 2^50 × 35 ms is tens of thousands of core-years. OWASP's password minimum (N=2^17)
 * guards low-entropy human passwords and would cost ~300 ms per code entry for no gain here.
 */
export const SCRYPT_PARAMS = { N: 2 ** 14, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/** A new code from the CSPRNG (crypto.randomInt: uniform, no modulo bias), canonical form. */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A fresh per-code salt, hex. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** scrypt(code, salt) as hex. The caller passes the normalised code (normalizeCode). */
export function hashCode(code: string, salt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(code, salt, KEY_LENGTH, SCRYPT_PARAMS, (err, key) => (err ? reject(err) : resolve(key.toString('hex'))));
  });
}
