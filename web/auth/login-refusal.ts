import type { Request, Response } from 'express';
import { SamlStatusError } from '@node-saml/node-saml';
import { appendAudit } from '../../db/audit.ts';
import { refusalStatus, type LoginRefusalReason } from '../../domain/eherkenning.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import { loginRefusedPage } from '../views/login.ts';

export type Refusal = {
  reason: LoginRefusalReason;
  /** The refused level (e.g. 'loa2'): a code, not personal data. */
  loa?: string;
  /** actorKey, only when the response was genuine (pseudonymous, like every audit actor). */
  actor?: string;
  /** The validation error, for the log line only. */
  error?: unknown;
};

/**
 * Our own error texts name the failed check; messages the broker wrote itself (StatusMessage) are
 * left out of the log, because we cannot know what they contain.
 */
function logDetail(refusal: Refusal): string | undefined {
  if (refusal.error instanceof SamlStatusError || !(refusal.error instanceof Error)) return undefined;
  return refusal.error.message.slice(0, 160);
}

/**
 * Refuses a login: an audit row with the reason code, a warning in the log, a Dutch page. No session
 * is started or changed, so a refused response never leaves a cookie or a sessions row behind.
 */
export async function refuseLogin(
  deps: Pick<WebDeps, 'db'>,
  req: Request,
  res: Response,
  refusal: Refusal,
): Promise<void> {
  await appendAudit(deps.db, {
    event: 'login_refused',
    ...(refusal.actor ? { actor: refusal.actor } : {}),
    details: { reason: refusal.reason, ...(refusal.loa ? { loa: refusal.loa } : {}) },
  });
  req.log.warn({ reason: refusal.reason, loa: refusal.loa, samlError: logDetail(refusal) }, 'login refused');
  sendPage(req, res, loginRefusedPage(refusal.reason, res.locals.requestId), refusalStatus(refusal.reason));
}
