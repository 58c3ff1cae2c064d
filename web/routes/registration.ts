import { Router, type Request, type Response } from 'express';
import { appendAudit } from '../../db/audit.ts';
import { findUserByKey, listActiveGebruikersbeheerders } from '../../db/queries/users.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import type { CodeCheckOutcome } from '../../domain/user.ts';
import { isWellFormedCode, normalizeCode } from '../../domain/verification-code.ts';
import { endSession } from '../session/lifecycle.ts';
import { USER_PAGES } from '../auth/user-pages.ts';
import { authorize } from '../authorize.ts';
import { firstLogin, submitVerificationCode } from '../../usecases/users.ts';
import type { WebDeps } from '../deps.ts';
import { formText } from '../form-input.ts';
import { hitEachRateLimit, ipRateLimitKey, verifyRateLimitKeys, waitText } from '../rate-limit.ts';
import { sendPage } from '../render.ts';
import { registrationEndedPage, verificationPage, waitingForRolesPage } from '../views/registration.ts';

const MALFORMED =
  'Een verificatiecode bestaat uit 10 letters en cijfers, bijvoorbeeld ABCDE-12345. Controleer wat u heeft ingevuld.';

/** What the user reads after an attempt that did not verify them. */
function outcomeMessage(outcome: Exclude<CodeCheckOutcome, { outcome: 'verified' }>): string {
  switch (outcome.outcome) {
    case 'wrong':
      return `Deze code is niet juist. U kunt het nog ${outcome.remainingAttempts} keer proberen.`;
    case 'revoked':
      return 'Deze code is ingetrokken, omdat er te vaak een onjuiste code is ingevoerd. Wie de code heeft uitgegeven, heeft daarvan bericht gekregen. Vraag om een nieuwe code.';
    case 'expired':
      return 'Deze code is verlopen. Vraag om een nieuwe code.';
    case 'no_code':
      return 'Er is op dit moment geen geldige code voor u. Vraag om een (nieuwe) code.';
  }
}

/**
 * The registration pages of a user who is not (yet) working: verification, waiting for roles, and
 * a rejected or expired registration. The user gate sends each user to the page of their status.
 */
export function registrationRouter(deps: WebDeps): Router {
  const { db, temporal, config } = deps;
  const router = Router();
  const self = authorize(db, 'user.selfService');
  const actorOf = (res: Response) => res.locals.actor as MunicipalActor;
  const limit = {
    attempts: config.VERIFY_RATE_LIMIT_ATTEMPTS,
    windowMs: config.VERIFY_RATE_LIMIT_WINDOW_MINUTES * 60_000,
  };
  const perAddress = { attempts: config.VERIFY_RATE_LIMIT_PER_IP_ATTEMPTS, windowMs: limit.windowMs };

  async function renderVerification(
    req: Request,
    res: Response,
    form: { value?: string; error?: string },
    status = 200,
  ): Promise<void> {
    const actor = actorOf(res);
    const [row, beheerders] = await Promise.all([
      findUserByKey(db, actor.userKey),
      listActiveGebruikersbeheerders(db, actor.gemeentecode),
    ]);
    sendPage(
      req,
      res,
      {
        title: 'Verificatie',
        main: verificationPage({
          codeIssuedAt: row?.codeIssuedAt ?? null,
          codeExpiresAt: row?.codeExpiresAt ?? null,
          beheerders,
          ...form,
          csrfToken: req.csrfToken?.(),
        }),
      },
      status,
    );
  }

  router.get(USER_PAGES.verification, self, (req, res) => renderVerification(req, res, {}));

  router.post(USER_PAGES.verification, self, async (req, res) => {
    const actor = actorOf(res);
    const entered = formText(req, 'code');
    // Every attempt counts, also a malformed one: per user (any session) and per session.
    const hit = await hitEachRateLimit(db, [
      { keys: verifyRateLimitKeys(actor.userKey, req.sessionID), limit },
      { keys: [ipRateLimitKey('verify', req.ip)], limit: perAddress },
    ]);
    if (!hit.allowed) {
      await appendAudit(db, {
        event: 'verification_rate_limited',
        actor: actor.userKey,
        organisation: actor.gemeentecode,
        subject: actor.userKey,
        details: { attempts: hit.count },
      });
      res.set('Retry-After', String(Math.ceil(hit.retryAfterMs / 1000)));
      return renderVerification(
        req,
        res,
        { error: `U heeft te vaak een code ingevoerd. Probeer het over ${waitText(hit.retryAfterMs)} opnieuw.` },
        429,
      );
    }
    if (!isWellFormedCode(normalizeCode(entered)))
      return renderVerification(req, res, { value: entered, error: MALFORMED }, 422);

    const result = await submitVerificationCode(
      temporal,
      { gemeentecode: actor.gemeentecode, subject: actor.subject },
      entered,
      actor.userKey,
    );
    if (result.outcome !== 'verified') return renderVerification(req, res, { error: outcomeMessage(result) }, 422);
    // Verified: this session was opened before the user had any right; they log in again.
    req.log.info({ user: actor.userKey }, 'user verified, session ended');
    await endSession(req);
    res.redirect(303, '/uitgelogd?reden=geverifieerd');
  });

  router.get(USER_PAGES.waitingForRoles, self, async (req, res) => {
    const actor = actorOf(res);
    sendPage(req, res, {
      title: 'Wachten op rollen',
      main: waitingForRolesPage(await listActiveGebruikersbeheerders(db, actor.gemeentecode), actor.gemeenteName),
    });
  });

  router.get(USER_PAGES.registrationEnded, self, async (req, res) => {
    const actor = actorOf(res);
    const row = await findUserByKey(db, actor.userKey);
    const status = row?.status === 'verlopen' ? 'verlopen' : 'afgewezen';
    sendPage(req, res, {
      title: status === 'afgewezen' ? 'Aanmelding afgewezen' : 'Aanmelding verlopen',
      main: registrationEndedPage({ status, reason: row?.rejectionReason ?? null, csrfToken: req.csrfToken?.() }),
    });
  });

  // Registering again is what a new login does: the same firstLogin command starts a fresh registration.
  router.post(USER_PAGES.registrationEnded, self, async (_req, res) => {
    const actor = actorOf(res);
    await firstLogin(
      temporal,
      config,
      { gemeentecode: actor.gemeentecode, subject: actor.subject, organisationId: actor.organisationId },
      actor.userKey,
    );
    res.redirect(303, USER_PAGES.settings);
  });

  return router;
}
