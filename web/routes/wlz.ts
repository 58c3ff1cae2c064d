import { Router, type Request, type Response } from 'express';
import { listWlzLookups } from '../../db/queries/wlz.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { maskBsn, normaliseBsn, purposeText, validateWlzRequest, type WlzFieldErrors } from '../../domain/wlz.ts';
import { authorize } from '../authorize.ts';
import { runRegistertoets } from '../../usecases/wlz.ts';
import type { WebDeps } from '../deps.ts';
import { formText } from '../form-input.ts';
import { hitRateLimits, waitText } from '../rate-limit.ts';
import { sendPage } from '../render.ts';
import { wlzPage, type WlzAnswerView, type WlzFormValues } from '../views/wlz.ts';

/**
 * Against bulk look-ups (a register is not to be trawled): per user and per municipality, every
 * POST counts, also one with a wrong BSN (guessing numbers is bulk too).
 */
const PER_USER = { attempts: 30, windowMs: 60 * 60_000 };
const PER_GEMEENTE = { attempts: 300, windowMs: 60 * 60_000 };

/**
 * Raadplegen of the Wlz-Registertoets, for a Gebruiker of product wlz only. The
 * 11-proef runs here first (422, no workflow), then the `wlz/<uuid>` workflow asks the CIZ and
 * logs. The full BSN is never logged, stored or shown back: the answer shows it masked.
 */
export function wlzRouter(deps: WebDeps): Router {
  const router = Router();
  const guard = authorize(deps.db, 'product.use', () => ({ product: 'wlz' }));
  const actorOf = (res: Response) => res.locals.actor as MunicipalActor;

  async function render(
    req: Request,
    res: Response,
    o: { values?: WlzFormValues; errors?: WlzFieldErrors; answer?: WlzAnswerView; formError?: string },
    status = 200,
  ) {
    const history = await listWlzLookups(deps.db, actorOf(res).gemeentecode);
    sendPage(
      req,
      res,
      {
        title: 'Wlz-Registertoets',
        main: wlzPage({
          values: o.values ?? {},
          errors: o.errors ?? {},
          answer: o.answer,
          formError: o.formError,
          csrfToken: req.csrfToken?.(),
          history,
        }),
      },
      status,
    );
  }

  router.get('/', guard, (req, res) => render(req, res, {}));

  router.post('/', guard, async (req, res) => {
    const actor = actorOf(res);
    const hit = await Promise.all([
      hitRateLimits(deps.db, [`wlz:user:${actor.userKey}`], PER_USER),
      hitRateLimits(deps.db, [`wlz:gemeente:${actor.gemeentecode}`], PER_GEMEENTE),
    ]);
    const refused = hit.find((h) => !h.allowed);
    if (refused) {
      req.log.warn({ user: actor.userKey }, 'wlz look-ups rate limited');
      res.set('Retry-After', String(Math.ceil(refused.retryAfterMs / 1000)));
      return render(
        req,
        res,
        {
          formError: `Er zijn te veel raadplegingen gedaan. Probeer het over ${waitText(refused.retryAfterMs)} opnieuw.`,
        },
        429,
      );
    }

    const form = {
      bsn: formText(req, 'bsn'),
      purpose: formText(req, 'purpose'),
      purposeOther: formText(req, 'purposeOther'),
    };
    const values = { purpose: form.purpose, purposeOther: form.purposeOther };
    const errors = validateWlzRequest(form);
    if (Object.keys(errors).length > 0) return render(req, res, { values, errors }, 422);

    const bsn = normaliseBsn(form.bsn);
    const result = await runRegistertoets(deps.temporal, deps.config, {
      gemeentecode: actor.gemeentecode,
      actor: actor.userKey,
      purpose: purposeText(form.purpose, form.purposeOther)!,
      bsn,
    });
    req.log.info(
      { user: actor.userKey, workflowId: result.workflowId, outcome: result.outcome },
      'wlz registertoets answered',
    );
    // The answer is shown on the POST's own page: there is nothing to redirect to that may hold the BSN.
    await render(req, res, {
      answer: { outcome: result.outcome, registerDate: result.registerDate, maskedBsn: maskBsn(bsn) },
    });
  });

  return router;
}
