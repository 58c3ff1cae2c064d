import type { RequestHandler } from 'express';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { auditOrganisation } from '../auth/actor.ts';
import { endSession } from '../auth/session-login.ts';
import { isHtmx } from '../render.ts';

/**
 * Server-side idle (rolling) and absolute session lifetimes. The session cookie has no expiry of
 * its own, so after an idle expiry the browser still presents it and we can tell the user they were
 * logged out automatically, instead of silently showing the login page.
 */
const LOGIN_PATHS = new Set(['/login', '/saml/acs', '/saml/artifact', '/saml/slo']);

export function sessionTimeouts(options: { db: Database; idleMs: number; absoluteMs: number }): RequestHandler {
  return async (req, res, next) => {
    const identity = req.session.identity;
    if (!identity) return next();
    const now = Date.now();
    const idle = now - (req.session.lastSeenAt ?? identity.authenticatedAt) > options.idleMs;
    const absolute = now - identity.authenticatedAt > options.absoluteMs;
    // Not assigned here: the store's touch moves lastSeenAt, without rewriting the session data.
    if (!idle && !absolute) return next();
    await appendAudit(options.db, {
      event: idle ? 'session_idle_timeout' : 'session_absolute_timeout',
      actor: identity.userKey,
      organisation: auditOrganisation(res.locals.actor),
    });
    res.locals.actor = undefined;
    await endSession(req);
    // A login in progress (the broker's POST, or /login itself) goes on with the fresh session.
    if (LOGIN_PATHS.has(req.path)) return next();
    const location = `/uitgelogd?reden=${idle ? 'inactief' : 'maximale-duur'}`;
    if (isHtmx(req)) {
      res.set('HX-Redirect', location).status(401).end();
      return;
    }
    res.redirect(303, location);
  };
}
