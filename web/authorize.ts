import type { Request, RequestHandler, Response } from 'express';
import { can, type Action, type Resource } from '../domain/permissions.ts';
import { appendAudit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { auditOrganisation } from '../domain/audit.ts';
import { sendPage } from './render.ts';
import { html } from '../html.ts';

/** Route guard: the actor must be allowed `action` on the resource the request names. */
export function authorize(
  db: Database,
  action: Action,
  resourceOf: (req: Request, res: Response) => Resource = () => ({}),
): RequestHandler {
  return async (req, res, next) => {
    const actor = res.locals.actor;
    if (can(actor, action, resourceOf(req, res))) return next();
    await denyAccess(db, req, res, action);
  };
}

/** The refusal of authorize (audited, 403 "Geen toegang"), for routes whose rule is more than one `can`. */
export async function denyAccess(db: Database, req: Request, res: Response, action: Action): Promise<void> {
  await appendAudit(db, {
    event: 'access_denied',
    actor: req.session.identity?.userKey,
    organisation: auditOrganisation(res.locals.actor),
    details: { action, path: req.path },
  });
  sendPage(
    req,
    res,
    {
      title: 'Geen toegang',
      main: html`<h1>Geen toegang</h1><p>U heeft geen toegang tot deze pagina of handeling.</p><p><a href="/">Naar de startpagina</a></p>`,
    },
    403,
  );
}
