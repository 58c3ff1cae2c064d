import type { Request } from 'express';
import type { SessionIdentity } from './types.ts';

function promisify(fn: (cb: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

/**
 * Starts the authenticated session: a NEW session id (no fixation), the identity, a fresh CSRF
 * token. Called by the SAML ACS after every check passed.
 */
export async function startAuthenticatedSession(req: Request, identity: SessionIdentity): Promise<void> {
  await promisify((cb) => req.session.regenerate(cb));
  req.session.identity = identity;
  req.csrfToken?.(true);
  await promisify((cb) => req.session.save(cb));
}

/**
 * Stores the session now. Needed before a redirect: express-session flushes the response headers
 * (the Location) before its own save at the end of the request has finished, and a browser that
 * follows the redirect at once would load the session without the change (e.g. a lost flash).
 */
export function saveSession(req: Request): Promise<void> {
  return promisify((cb) => req.session.save(cb));
}

/** Ends the session server-side (the row is deleted) and gives the browser a fresh, empty one. */
export async function endSession(req: Request): Promise<void> {
  await promisify((cb) => req.session.regenerate(cb));
}
