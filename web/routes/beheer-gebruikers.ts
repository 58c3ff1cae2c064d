import { Router, type Request, type Response } from 'express';
import { findUserInGemeente, listUsers, toRoles, type UserFilters, type UserRow } from '../../db/queries/users.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { PRODUCTS, USER_STATUSES, type Roles } from '../../domain/user.ts';
import { authorize } from '../authorize.ts';
import { deprovisionUser, reactivateUser, setRoles, suspendUser } from '../../usecases/users.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import type { WebDeps } from '../deps.ts';
import { queryText } from '../form-input.ts';
import { isHtmx } from '../htmx.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import { html } from '../../html.ts';
import { PAGE_NUMBER_PARAMETER, parsePageNumber } from '../paging.ts';
import { buttonForm, confirmPage } from '../views/registrations-admin.ts';
import { rolesForm, type RolesFormState } from '../views/roles-form.ts';
import { userFacts, userList } from '../views/users.ts';
import { historySection, ownGemeente, refOf, rolesFromForm, subjectSegment } from './user-admin.ts';
import { notFound } from './not-found.ts';

const ROLE_FILTERS = ['gebruiker', 'productbeheerder', 'gebruikersbeheerder'] as const;

function filtersOf(req: Request): UserFilters {
  const status = USER_STATUSES.find((s) => s === queryText(req, 'status'));
  const role = ROLE_FILTERS.find((r) => r === queryText(req, 'rol'));
  const product = PRODUCTS.find((p) => p === queryText(req, 'product'));
  return { ...(status ? { status } : {}), ...(role ? { role } : {}), ...(product ? { product } : {}) };
}

type Lifecycle = 'schorsen' | 'heractiveren' | 'verwijderen';
const LIFECYCLE: Record<
  Lifecycle,
  {
    allowedFrom: UserRow['status'][];
    action: 'users.suspend' | 'users.reactivate' | 'users.deprovision';
    title: string;
    text: string;
    button: string;
    done: string;
    run: typeof suspendUser;
  }
> = {
  schorsen: {
    allowedFrom: ['actief'],
    action: 'users.suspend',
    title: 'Gebruiker schorsen',
    text: 'De gebruiker kan niet meer inloggen en een open sessie eindigt bij de volgende klik. De rollen blijven bewaard: na heractiveren heeft de gebruiker ze weer.',
    button: 'Schorsen',
    done: 'De gebruiker is geschorst.',
    run: suspendUser,
  },
  heractiveren: {
    allowedFrom: ['geschorst'],
    action: 'users.reactivate',
    title: 'Gebruiker heractiveren',
    text: 'De gebruiker kan weer inloggen en krijgt de rollen terug die hij of zij voor de schorsing had.',
    button: 'Heractiveren',
    done: 'De gebruiker is weer actief.',
    run: reactivateUser,
  },
  verwijderen: {
    allowedFrom: ['instellingen_invullen', 'wacht_op_verificatie', 'actief', 'geschorst', 'afgewezen', 'verlopen'],
    action: 'users.deprovision',
    title: 'Gebruiker verwijderen',
    text: 'De gebruiker kan niet meer inloggen en verliest alle rollen. Dit kan niet ongedaan worden gemaakt. De gegevens blijven bewaard voor de verantwoording (audit).',
    button: 'Definitief verwijderen',
    done: 'De gebruiker is verwijderd.',
    run: deprovisionUser,
  },
};

/**
 * The gebruikersbeheerder's users of their OWN municipality: every lookup is by the actor's
 * gemeentecode and the subject, so a user of another municipality is simply not found (404) and
 * its existence is not revealed.
 */
export function beheerGebruikersRouter(deps: WebDeps): Router {
  const { db, temporal } = deps;
  const router = Router();
  const actorOf = (res: Response) => res.locals.actor as MunicipalActor;
  // The resource is always the actor's own municipality; the lookups below keep it so.
  const guard = (action: Parameters<typeof authorize>[1]) => authorize(db, action, ownGemeente);
  const detailPath = (row: UserRow) => `/beheer/gebruikers/${subjectSegment(row)}`;

  async function target(req: Request, res: Response): Promise<UserRow | undefined> {
    const row = await findUserInGemeente(db, actorOf(res).gemeentecode, String(req.params.subject));
    if (!row) notFound(req, res);
    return row;
  }

  function rolesFragment(req: Request, row: UserRow, roles: Roles, state: RolesFormState = {}) {
    return rolesForm({ action: `${detailPath(row)}/rollen`, roles, csrfToken: req.csrfToken?.(), ...state });
  }

  async function renderDetail(
    req: Request,
    res: Response,
    row: UserRow,
    roles: RolesFormState & { roles?: Roles } = {},
    status = 200,
  ): Promise<void> {
    const history = await historySection(db, req, row, detailPath(row));
    const lifecycle = (Object.keys(LIFECYCLE) as Lifecycle[]).filter((k) =>
      LIFECYCLE[k].allowedFrom.includes(row.status),
    );
    sendPage(
      req,
      res,
      {
        title: 'Gebruiker',
        main: html`<p><a href="/beheer/gebruikers">Terug naar de gebruikers</a></p>
        <h1>Gebruiker</h1>
        ${userFacts(row)}
        ${
          row.status === 'wacht_op_verificatie'
            ? html`<h2>Aanmelding</h2><p>Deze aanmelding wacht op een verificatiecode.</p>
            ${buttonForm(`/beheer/aanmeldingen/${subjectSegment(row)}/code`, row.codeIssuedAt ? 'Nieuwe code uitgeven' : 'Code uitgeven', req.csrfToken?.())}
            <a class="pz-button pz-button--secondary" href="/beheer/aanmeldingen/${subjectSegment(row)}/afwijzen">Afwijzen</a>`
            : ''
        }
        ${row.status === 'actief' ? rolesFragment(req, row, roles.roles ?? toRoles(row.roles), roles) : html`<h2>Rollen</h2><p>Rollen kunnen alleen worden toegekend aan een actieve gebruiker.</p>`}
        ${lifecycle.length ? html`<h2>Account</h2><ul class="pz-actions">${lifecycle.map((k) => html`<li><a class="pz-button pz-button--secondary" href="${detailPath(row)}/${k}">${LIFECYCLE[k].button}</a></li>`)}</ul>` : ''}
        <h2>Geschiedenis</h2>
        ${history}`,
      },
      status,
    );
  }

  router.get('/', guard('users.list'), async (req, res) => {
    const filters = filtersOf(req);
    const page = await listUsers(
      db,
      actorOf(res).gemeentecode,
      filters,
      parsePageNumber(req.query[PAGE_NUMBER_PARAMETER]),
    );
    sendPage(req, res, {
      title: 'Gebruikers',
      main: userList({ page, filters, action: '/beheer/gebruikers', detailHref: detailPath, title: 'Gebruikers' }),
    });
  });

  router.get('/:subject', guard('users.view'), async (req, res) => {
    const row = await target(req, res);
    if (row) await renderDetail(req, res, row);
  });

  router.post(
    '/:subject/rollen',
    guard('users.setProductRoles'),
    guard('users.setGebruikersbeheerder'),
    async (req, res) => {
      const row = await target(req, res);
      if (!row) return;
      const { roles, unknown } = rolesFromForm(req);
      let message: RolesFormState['message'];
      if (unknown)
        message = {
          kind: 'error',
          text: 'Onbekend product of onbekende rol. Laad de pagina opnieuw en kies de rollen opnieuw.',
        };
      else {
        try {
          const state = await setRoles(temporal, refOf(row), roles, actorOf(res).userKey);
          if (!isHtmx(req)) return redirectWithFlash(req, res, detailPath(row), 'De rollen zijn opgeslagen.');
          res
            .vary('HX-Request')
            .type('html')
            .send(
              rolesFragment(req, row, state.roles, {
                message: { kind: 'ok', text: 'De rollen zijn opgeslagen.' },
              }).toString(),
            );
          return;
        } catch (err) {
          if (!(err instanceof CommandRejected)) throw err;
          message = { kind: 'error', text: err.message };
        }
      }
      if (isHtmx(req)) {
        res
          .status(422)
          .vary('HX-Request')
          .type('html')
          .send(rolesFragment(req, row, roles, { message }).toString());
        return;
      }
      await renderDetail(req, res, row, { roles, message }, 422);
    },
  );

  for (const [path, step] of Object.entries(LIFECYCLE) as [Lifecycle, (typeof LIFECYCLE)[Lifecycle]][]) {
    const page = (req: Request, row: UserRow, error?: string) =>
      confirmPage({
        title: step.title,
        text: step.text,
        action: `${detailPath(row)}/${path}`,
        button: step.button,
        back: detailPath(row),
        csrfToken: req.csrfToken?.(),
        ...(error ? { error } : {}),
      });

    router.get(`/:subject/${path}`, guard(step.action), async (req, res) => {
      const row = await target(req, res);
      if (row) sendPage(req, res, { title: step.title, main: page(req, row) });
    });

    router.post(`/:subject/${path}`, guard(step.action), async (req, res) => {
      const row = await target(req, res);
      if (!row) return;
      try {
        await step.run(temporal, refOf(row), actorOf(res).userKey);
        await redirectWithFlash(req, res, detailPath(row), step.done);
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        sendPage(req, res, { title: step.title, main: page(req, row, err.message) }, 422);
      }
    });
  }

  return router;
}
