import { Router, type Request } from 'express';
import { findUserByKey, settingsOf } from '../../db/queries/users.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { toPersonalSettings } from '../../domain/user.ts';
import { validatePersonalSettings } from '../../domain/user-validation.ts';
import { authorize } from '../authorize.ts';
import { savePersonalSettings } from '../../usecases/users.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import type { WebDeps } from '../deps.ts';
import { formFlag, formText } from '../form-input.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { personalSettingsPage, type SettingsFormValues } from '../views/personal-settings.ts';
import { USER_PAGES } from '../auth/user-pages.ts';

const TEXT_FIELDS = [
  'voorletters',
  'voornaam',
  'tussenvoegsel',
  'achternaam',
  'afdeling',
  'telefoonnummer',
  'email',
] as const;

function readForm(req: Request): SettingsFormValues {
  const values: SettingsFormValues = { aanhef: formText(req, 'aanhef'), nieuwsbrief: formFlag(req, 'nieuwsbrief') };
  for (const name of TEXT_FIELDS) values[name] = formText(req, name);
  return values;
}

/**
 * A user's own personal settings: the first step of a registration, and later corrections. The
 * rules are the workflow's (validatePersonalSettings, the same pure function its validator runs);
 * checking them here first only saves a round trip. A double submit stores once (the workflow
 * ignores identical settings), and post/redirect/get keeps a reload from posting again.
 */
export function personalSettingsRouter(deps: WebDeps): Router {
  const router = Router();
  const actorOf = (res: { locals: { actor?: unknown } }) => res.locals.actor as MunicipalActor;

  router.get(USER_PAGES.settings, authorize(deps.db, 'user.selfService'), async (req, res) => {
    const actor = actorOf(res);
    const row = await findUserByKey(deps.db, actor.userKey);
    const saved = row ? settingsOf(row) : undefined;
    sendPage(req, res, {
      title: 'Persoonlijke instellingen',
      main: personalSettingsPage({
        values: saved ?? {},
        errors: {},
        csrfToken: req.csrfToken?.(),
        status: actor.userStatus,
        gemeenteName: actor.gemeenteName,
      }),
    });
  });

  router.post(USER_PAGES.settings, authorize(deps.db, 'user.selfService'), async (req, res) => {
    const actor = actorOf(res);
    const values = readForm(req);
    let errors: FieldErrors = validatePersonalSettings({ ...values });
    let formError: string | undefined;
    if (Object.keys(errors).length === 0) {
      try {
        const state = await savePersonalSettings(
          deps.temporal,
          { gemeentecode: actor.gemeentecode, subject: actor.subject },
          toPersonalSettings(values),
          actor.userKey,
        );
        if (actor.userStatus === 'instellingen_invullen') {
          return redirectWithFlash(
            req,
            res,
            USER_PAGES.verification,
            'Uw gegevens zijn opgeslagen. De gebruikersbeheerder van uw gemeente heeft bericht gekregen van uw aanmelding.',
          );
        }
        return redirectWithFlash(
          req,
          res,
          state.status === 'wacht_op_verificatie' ? USER_PAGES.verification : USER_PAGES.settings,
          'Uw gegevens zijn opgeslagen.',
        );
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        errors = err.fieldErrors;
        formError = Object.keys(errors).length > 0 ? undefined : err.message;
      }
    }
    sendPage(
      req,
      res,
      {
        title: 'Persoonlijke instellingen',
        main: personalSettingsPage({
          values,
          errors,
          formError,
          csrfToken: req.csrfToken?.(),
          status: actor.userStatus,
          gemeenteName: actor.gemeenteName,
        }),
      },
      422,
    );
  });

  return router;
}
