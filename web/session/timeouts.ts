import type { RequestHandler } from 'express';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { auditOrganisation } from '../../domain/audit.ts';
import { redirect } from '../htmx.ts';
import { endSession } from './lifecycle.ts';

/**
 * Server-side idle (rolling) and absolute session lifetimes. The session cookie has no expiry of
 * its own, so after an idle expiry the browser still presents it and we can tell the user they were
 * logged out automatically, instead of silently showing the login page. A request to one of
 * `loginPaths` (a login in progress: the broker's POST, or /login itself) goes on with the fresh
 * session.
 */
export function sessionTimeouts(options: {
  db: Database;
  idleMs: number;
  absoluteMs: number;
  loginPaths: ReadonlySet<string>;
}): RequestHandler {
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
    if (options.loginPaths.has(req.path)) return next();
    redirect(req, res, `/uitgelogd?reden=${idle ? 'inactief' : 'maximale-duur'}`, 401);
  };
}
