import { CommandUnavailable } from './workflow-errors.ts';

/**
 * Whether an error means a dependency is down (PostgreSQL or Temporal unreachable, restarting or
 * failing over) rather than a fault in the request or in our code. Such a request changed nothing
 * and can simply be tried again, so the user gets a 503 with Retry-After, not "er ging iets mis".
 */

/**
 * postgres.js's own connection codes, socket errors, and SQLSTATE classes 08 (connection) and 57P (shutdown, starting
 * up).
 */
const DATABASE_OUTAGE_CODES = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
const SQLSTATE_OUTAGE = /^(08\w{3}|57P0[1-3])$/;

/** gRPC status codes of an unreachable or overloaded Temporal frontend. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;

export function isDependencyOutage(err: unknown): boolean {
  let current: unknown = err;
  // Drizzle, the Temporal client and our commands wrap the driver's error: follow a few causes.
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current instanceof CommandUnavailable) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (DATABASE_OUTAGE_CODES.has(code) || SQLSTATE_OUTAGE.test(code))) return true;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || code === GRPC_RESOURCE_EXHAUSTED) return true;
    current = current.cause;
  }
  return false;
}

/** Seconds a client should wait before it tries again: long enough for a restart, short enough for a user. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;
