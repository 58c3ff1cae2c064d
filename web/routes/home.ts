import { Router } from 'express';
import { findOrganisation, missingAgreementsOf } from '../../db/queries/organisations.ts';
import { countOpenMessages } from '../../db/queries/messages.ts';
import { countPendingRegistrations } from '../../db/queries/users.ts';
import { messageProductsFor } from '../../domain/message-access.ts';
import { AGREEMENT_LABELS } from '../../domain/organisation.ts';
import { can } from '../../domain/permissions.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import { homePage } from '../views/home.ts';
import { html } from '../../html.ts';

/**
 * The portal home: the servicedesk goes to its work list; staff of an inactive municipality learn why they must wait.
 */
export function homeRouter(deps: WebDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = res.locals.actor!;
    if (actor.kind === 'servicedesk') return res.redirect(303, '/servicedesk/gemeenten');
    if (!actor.organisationActive) {
      const row = await findOrganisation(deps.db, actor.gemeentecode);
      const missing = row ? missingAgreementsOf(row) : [];
      return sendPage(req, res, {
        title: 'Portaal nog niet beschikbaar',
        main: html`<h1>Het portaal is nog niet beschikbaar voor gemeente ${actor.gemeenteName}</h1>
          <p>Uw gemeente kan Portaal Zorg gebruiken zodra beide ondertekende overeenkomsten door de servicedesk zijn vastgelegd.</p>
          <p>Nog niet ontvangen:</p>
          <ul class="pz-missing-agreements">${missing.map((k) => html`<li>${AGREEMENT_LABELS[k]}</li>`)}</ul>
          <p>Heeft uw gemeente de overeenkomst al ondertekend en verstuurd? Neem dan contact op met de servicedesk van BIDN.</p>`,
      });
    }
    // The user gate has sent everyone who is not working elsewhere; this is a last check.
    if (!can(actor, 'portal.home')) return res.redirect(303, '/uitgelogd');
    const pending = can(actor, 'users.list', { gemeentecode: actor.gemeentecode })
      ? ((await countPendingRegistrations(deps.db, [actor.gemeentecode]))[0]?.count ?? 0)
      : 0;
    // Only for what the actor works with, and only its own municipality.
    const messageCounts =
      messageProductsFor(actor).length > 0 ? await countOpenMessages(deps.db, actor.gemeentecode) : {};
    sendPage(req, res, { title: 'Home', main: homePage(actor, pending, messageCounts) });
  });
  return router;
}
