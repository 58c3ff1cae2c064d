import type { RequestHandler } from 'express';
import { appendAudit } from '../../db/audit.ts';
import { NO_ROLES } from '../../domain/user.ts';
import { firstLogin } from '../../usecases/users.ts';
import type { WebDeps } from '../deps.ts';
import { redirect } from '../htmx.ts';
import { endSession } from '../session/lifecycle.ts';
import { isLockedOut, redirectFor } from './user-pages.ts';

/**
 * Keeps a municipal user where their registration status allows, on every request (the status is
 * read from the users read model with the actor, never from the session):
 * - suspended or deprovisioned: the session ends here, at the first request after the change;
 * - not (yet) working: only the pages of their step (settings, verification, waiting, ended).
 * Staff of an inactive municipality and the servicedesk pass; their routes decide.
 */
export function userGate(deps: WebDeps): RequestHandler {
  return async (req, res, next) => {
    const actor = res.locals.actor;
    if (!actor || actor.kind !== 'municipal' || !actor.organisationActive) return next();

    if (!actor.userStatus) {
      // No read-model row: the municipality became active during this session. The login would
      // have started the user workflow; do it now (idempotent, Update-with-Start).
      const state = await firstLogin(
        deps.temporal,
        deps.config,
        { gemeentecode: actor.gemeentecode, subject: actor.subject, organisationId: actor.organisationId },
        actor.userKey,
      );
      res.locals.actor = {
        ...actor,
        userStatus: state.status,
        roles: state.status === 'actief' ? state.roles : NO_ROLES,
      };
    }
    const current = res.locals.actor;
    if (current?.kind !== 'municipal' || !current.userStatus) return next();

    if (isLockedOut(current.userStatus)) {
      const reason = current.userStatus === 'geschorst' ? 'user_suspended' : 'user_deprovisioned';
      await appendAudit(deps.db, {
        event: 'logout',
        actor: current.userKey,
        organisation: current.gemeentecode,
        details: { reason },
      });
      req.log.info({ user: current.userKey, reason }, 'session ended: user locked out');
      res.locals.actor = undefined;
      await endSession(req);
      return redirect(req, res, `/uitgelogd?reden=${current.userStatus}`, 401);
    }

    const target = redirectFor(current.userStatus, current.roles, req.path);
    if (target) return redirect(req, res, target);
    next();
  };
}
