import { Router, type Request, type Response } from 'express';
import { findOrganisation } from '../../db/queries/organisations.ts';
import {
  findUserInGemeente,
  listPendingRegistrations,
  listUsers,
  toRoles,
  type UserRow,
} from '../../db/queries/users.ts';
import { authorize } from '../authorize.ts';
import { issueVerificationCode, setGebruikersbeheerder } from '../../usecases/users.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import type { WebDeps } from '../deps.ts';
import { formText } from '../form-input.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import { html } from '../../html.ts';
import { numberedPageLinks } from '../views/paging.ts';
import { PAGE_NUMBER_PARAMETER, parsePageNumber } from '../paging.ts';
import { buttonForm, issuedCodePage, pendingRegistrations } from '../views/registrations-admin.ts';
import { rolesSummary, userFacts, userList } from '../views/users.ts';
import { notFound } from './not-found.ts';
import { historySection, refOf, subjectSegment } from './user-admin.ts';

const userPath = (row: Pick<UserRow, 'gemeentecode' | 'subject'>) =>
  `/servicedesk/gemeenten/${row.gemeentecode}/gebruikers/${subjectSegment(row)}`;

/**
 * The servicedesk's part of user administration: pending registrations of every municipality,
 * the code that makes a municipality's (first) gebruikersbeheerder, and granting or revoking that
 * role anywhere. Product roles, suspension and removal stay with the municipality.
 */
export function servicedeskUsersRouter(deps: WebDeps): Router {
  const { db, temporal, config } = deps;
  const router = Router();
  const inPath = (req: Request) => ({ gemeentecode: String(req.params.gemeentecode) });
  const deskKey = (req: Request) => req.session.identity!.userKey;

  async function target(req: Request, res: Response): Promise<UserRow | undefined> {
    const row = await findUserInGemeente(db, String(req.params.gemeentecode), String(req.params.subject));
    if (!row) notFound(req, res);
    return row;
  }

  router.get('/gebruikers', authorize(db, 'users.listAllPending'), async (req, res) => {
    const page = await listPendingRegistrations(db, undefined, parsePageNumber(req.query[PAGE_NUMBER_PARAMETER]));
    sendPage(req, res, {
      title: 'Aanmeldingen',
      main: pendingRegistrations({
        title: 'Aanmeldingen van alle gemeenten',
        intro: html`<p>Medewerkers van alle gemeenten die op een verificatiecode wachten. De servicedesk geeft de code uit voor de eerste
          gebruikersbeheerder van een gemeente; andere aanmeldingen handelt de gebruikersbeheerder van de gemeente zelf af.</p>`,
        rows: page.rows,
        paging: numberedPageLinks('/servicedesk/gebruikers', {}, page, 'aanmeldingen'),
        showGemeente: true,
        actions: (row) => html`<a class="pz-button pz-button--secondary" href="${userPath(row)}">Bekijken</a>`,
      }),
    });
  });

  router.get('/gemeenten/:gemeentecode/gebruikers', authorize(db, 'users.list', inPath), async (req, res) => {
    const organisation = await findOrganisation(db, String(req.params.gemeentecode));
    if (!organisation) return notFound(req, res);
    const page = await listUsers(db, organisation.gemeentecode, {}, parsePageNumber(req.query[PAGE_NUMBER_PARAMETER]));
    sendPage(req, res, {
      title: `Gebruikers van ${organisation.name}`,
      main: userList({
        page,
        filters: {},
        action: `/servicedesk/gemeenten/${organisation.gemeentecode}/gebruikers`,
        detailHref: userPath,
        title: `Gebruikers van gemeente ${organisation.name}`,
      }),
    });
  });

  async function renderDetail(req: Request, res: Response, row: UserRow, error?: string): Promise<void> {
    const history = await historySection(db, req, row, userPath(row));
    const token = req.csrfToken?.();
    const roles = toRoles(row.roles);
    sendPage(
      req,
      res,
      {
        title: 'Gebruiker',
        main: html`<p><a href="/servicedesk/gemeenten/${row.gemeentecode}/gebruikers">Terug naar de gebruikers van deze gemeente</a></p>
        <h1>Gebruiker van gemeente ${row.gemeentecode}</h1>
        ${error ? html`<div class="pz-alert pz-alert--error" role="alert"><p>${error}</p></div>` : ''}
        ${userFacts(row)}
        ${
          row.status === 'wacht_op_verificatie'
            ? html`<h2>Verificatiecode</h2>
            <p>Een code van de servicedesk maakt deze persoon na verificatie gebruikersbeheerder van de gemeente. Een nieuwe code vervangt een eerder uitgegeven code.</p>
            ${buttonForm(`${userPath(row)}/code`, 'Code uitgeven (wordt gebruikersbeheerder)', token)}`
            : ''
        }
        ${
          row.status === 'actief'
            ? html`<h2>Rollen</h2><p>${rolesSummary(roles)}</p>
            <form method="post" action="${userPath(row)}/gebruikersbeheerder" class="pz-inline-form">
              <input type="hidden" name="_csrf" value="${token ?? ''}">
              <input type="hidden" name="rol" value="${roles.gebruikersbeheerder ? 'intrekken' : 'toekennen'}">
              <button type="submit" class="pz-button pz-button--primary">${roles.gebruikersbeheerder ? 'Rol gebruikersbeheerder intrekken' : 'Rol gebruikersbeheerder toekennen'}</button>
            </form>`
            : ''
        }
        <h2>Geschiedenis</h2>
        ${history}`,
      },
      error ? 422 : 200,
    );
  }

  router.get('/gemeenten/:gemeentecode/gebruikers/:subject', authorize(db, 'users.view', inPath), async (req, res) => {
    const row = await target(req, res);
    if (row) await renderDetail(req, res, row);
  });

  router.post(
    '/gemeenten/:gemeentecode/gebruikers/:subject/code',
    authorize(db, 'users.issueCode', inPath),
    async (req, res) => {
      const row = await target(req, res);
      if (!row) return;
      try {
        const issued = await issueVerificationCode(
          temporal,
          config,
          refOf(row),
          { actor: deskKey(req), kind: 'servicedesk' },
          { grantsGebruikersbeheerder: true },
        );
        sendPage(req, res, {
          title: 'Verificatiecode',
          main: issuedCodePage({
            row,
            code: issued.code,
            expiresAt: issued.expiresAt,
            back: userPath(row),
            grantsGebruikersbeheerder: true,
          }),
        });
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        await renderDetail(req, res, row, `Er is geen code uitgegeven: ${err.message}`);
      }
    },
  );

  router.post(
    '/gemeenten/:gemeentecode/gebruikers/:subject/gebruikersbeheerder',
    authorize(db, 'users.setGebruikersbeheerder', inPath),
    async (req, res) => {
      const row = await target(req, res);
      if (!row) return;
      const grant = formText(req, 'rol') === 'toekennen';
      try {
        await setGebruikersbeheerder(temporal, refOf(row), grant, deskKey(req));
        await redirectWithFlash(
          req,
          res,
          userPath(row),
          grant ? 'De rol gebruikersbeheerder is toegekend.' : 'De rol gebruikersbeheerder is ingetrokken.',
        );
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        await renderDetail(req, res, row, `De rol is niet gewijzigd: ${err.message}`);
      }
    },
  );

  return router;
}
