import { Router, type Request, type Response } from 'express';
import {
  findUserInGemeente,
  listNotifications,
  listPendingRegistrations,
  type UserRow,
} from '../../db/queries/users.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { validateReason } from '../../domain/user-lifecycle.ts';
import { authorize } from '../authorize.ts';
import { issueVerificationCode, rejectRegistration } from '../../usecases/users.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import type { WebDeps } from '../deps.ts';
import { formText } from '../form-input.ts';
import { CURSOR_PARAMETER, PAGE_NUMBER_PARAMETER, parseCursor, parsePageNumber } from '../paging.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { html } from '../../html.ts';
import { notificationList } from '../views/notifications.ts';
import { numberedPageLinks } from '../views/paging.ts';
import { buttonForm, issuedCodePage, pendingRegistrations, rejectForm } from '../views/registrations-admin.ts';
import { notFound } from './not-found.ts';
import { ownGemeente, refOf, subjectSegment } from './user-admin.ts';

/**
 * The gebruikersbeheerder's pending registrations of their own municipality: issue a code (shown
 * once, on the answer to the POST) or reject with a reason. And the municipality's notifications.
 */
export function beheerAanmeldingenRouter(deps: WebDeps): Router {
  const { db, temporal, config } = deps;
  const router = Router();
  const actorOf = (res: Response) => res.locals.actor as MunicipalActor;
  const guard = (action: Parameters<typeof authorize>[1]) => authorize(db, action, ownGemeente);
  const base = (row: UserRow) => `/beheer/aanmeldingen/${subjectSegment(row)}`;

  async function pendingTarget(req: Request, res: Response): Promise<UserRow | undefined> {
    const row = await findUserInGemeente(db, actorOf(res).gemeentecode, String(req.params.subject));
    if (!row) notFound(req, res);
    return row;
  }

  async function renderPending(req: Request, res: Response, error?: string): Promise<void> {
    const page = await listPendingRegistrations(
      db,
      actorOf(res).gemeentecode,
      req.method === 'GET' ? parsePageNumber(req.query[PAGE_NUMBER_PARAMETER]) : 1,
    );
    const token = req.csrfToken?.();
    sendPage(
      req,
      res,
      {
        title: 'Aanmeldingen',
        main: pendingRegistrations({
          title: 'Aanmeldingen',
          intro: html`${error ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${error}</p></div>` : ''}<p>Deze medewerkers van uw gemeente hebben zich aangemeld en wachten op een verificatiecode. Controleer of de aanmelding klopt;
            geef dan een code uit en geef die persoonlijk of telefonisch door. Een nieuwe code vervangt een eerder uitgegeven code.</p>`,
          rows: page.rows,
          paging: numberedPageLinks('/beheer/aanmeldingen', {}, page, 'aanmeldingen'),
          actions: (
            row,
          ) => html`${buttonForm(`${base(row)}/code`, row.codeIssuedAt ? 'Nieuwe code uitgeven' : 'Code uitgeven', token)}
            <a class="pz-button pz-button--secondary" href="${base(row)}/afwijzen">Afwijzen</a>`,
        }),
      },
      error ? 422 : 200,
    );
  }

  router.get('/aanmeldingen', guard('users.list'), (req, res) => renderPending(req, res));

  router.post('/aanmeldingen/:subject/code', guard('users.issueCode'), async (req, res) => {
    const row = await pendingTarget(req, res);
    if (!row) return;
    const actor = actorOf(res);
    try {
      const issued = await issueVerificationCode(
        temporal,
        config,
        refOf(row),
        { actor: actor.userKey, kind: 'gebruikersbeheerder' },
        { grantsGebruikersbeheerder: false },
      );
      // Shown on this answer only: never stored, flashed or logged (the response is no-store).
      sendPage(req, res, {
        title: 'Verificatiecode',
        main: issuedCodePage({
          row,
          code: issued.code,
          expiresAt: issued.expiresAt,
          back: '/beheer/aanmeldingen',
          grantsGebruikersbeheerder: false,
        }),
      });
    } catch (err) {
      if (!(err instanceof CommandRejected)) throw err;
      await renderPending(req, res, `Er is geen code uitgegeven: ${err.message}`);
    }
  });

  const renderReject = (
    req: Request,
    res: Response,
    row: UserRow,
    form: { value?: string; errors: FieldErrors; formError?: string },
    status = 200,
  ) =>
    sendPage(
      req,
      res,
      {
        title: 'Aanmelding afwijzen',
        main: rejectForm({
          row,
          action: `${base(row)}/afwijzen`,
          back: '/beheer/aanmeldingen',
          csrfToken: req.csrfToken?.(),
          ...form,
        }),
      },
      status,
    );

  router.get('/aanmeldingen/:subject/afwijzen', guard('users.reject'), async (req, res) => {
    const row = await pendingTarget(req, res);
    if (row) renderReject(req, res, row, { errors: {} });
  });

  router.post('/aanmeldingen/:subject/afwijzen', guard('users.reject'), async (req, res) => {
    const row = await pendingTarget(req, res);
    if (!row) return;
    const reason = formText(req, 'reason');
    const errors = validateReason(reason);
    if (Object.keys(errors).length > 0) return renderReject(req, res, row, { value: reason, errors }, 422);
    try {
      await rejectRegistration(temporal, refOf(row), reason, actorOf(res).userKey);
      await redirectWithFlash(req, res, '/beheer/aanmeldingen', 'De aanmelding is afgewezen.');
    } catch (err) {
      if (!(err instanceof CommandRejected)) throw err;
      const fields = Object.keys(err.fieldErrors).length > 0;
      renderReject(
        req,
        res,
        row,
        { value: reason, errors: err.fieldErrors, ...(fields ? {} : { formError: err.message }) },
        422,
      );
    }
  });

  router.get('/meldingen', guard('notification.listGemeente'), async (req, res) => {
    const from = parseCursor(req.query[CURSOR_PARAMETER]);
    const page = await listNotifications(db, actorOf(res).gemeentecode, from);
    sendPage(req, res, {
      title: 'Meldingen',
      main: notificationList(page, { path: '/beheer/meldingen', laterPage: from !== undefined }),
    });
  });

  return router;
}
