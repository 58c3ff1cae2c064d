import { createHmac, timingSafeEqual } from 'node:crypto';
import { safeReturnPath } from '../../domain/eherkenning.ts';

/**
 * RelayState carries the page to return to after login through the broker. Nothing is kept in the
 * pre-login session: the ACS POST comes cross-site, so the SameSite=Lax cookie is not sent with it.
 * eHerkenning requires RelayState to be at most 80 bytes and tamper-protected, so it is
 * `<22-char HMAC><path>`: a truncated HMAC-SHA256 (128 bits) over the path, keyed with a key
 * derived from SESSION_SECRET. Paths longer than fit are not carried (the user lands on `/`).
 */

const MAC_LENGTH = 22;
const MAX_RELAY_STATE_BYTES = 80;

function mac(secret: string, path: string): string {
  const key = createHmac('sha256', secret).update('portaal-zorg/relay-state/v1').digest();
  return createHmac('sha256', key).update(path).digest('base64url').slice(0, MAC_LENGTH);
}

/** The RelayState for a return path, or '' when there is nothing (safe) to carry. */
export function encodeRelayState(secret: string, returnPath: unknown): string {
  const path = safeReturnPath(returnPath);
  if (!path || path === '/') return '';
  const value = mac(secret, path) + path;
  return Buffer.byteLength(value) <= MAX_RELAY_STATE_BYTES ? value : '';
}

/** The return path from a RelayState, or undefined when it is missing, altered or unsafe. */
export function decodeRelayState(secret: string, relayState: unknown): string | undefined {
  if (
    typeof relayState !== 'string' ||
    relayState.length <= MAC_LENGTH ||
    Buffer.byteLength(relayState) > MAX_RELAY_STATE_BYTES
  ) {
    return undefined;
  }
  const given = Buffer.from(relayState.slice(0, MAC_LENGTH));
  const path = relayState.slice(MAC_LENGTH);
  const expected = Buffer.from(mac(secret, path));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return safeReturnPath(path);
}
