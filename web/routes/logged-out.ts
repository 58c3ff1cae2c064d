import { Router } from 'express';
import { sendPage } from '../render.ts';
import { html } from '../../html.ts';

const REASONS: Record<string, { title: string; text: (idleMinutes: number) => string }> = {
  inactief: {
    title: 'U bent automatisch uitgelogd',
    text: (minutes) =>
      `U was ${minutes} minuten of langer niet actief. Om uw gegevens te beschermen bent u automatisch uitgelogd.`,
  },
  'maximale-duur': {
    title: 'U bent automatisch uitgelogd',
    text: () => 'U was de maximale tijd achter elkaar ingelogd. Log opnieuw in om verder te werken.',
  },
  geschorst: {
    title: 'Uw account is geschorst',
    text: () =>
      'De gebruikersbeheerder van uw gemeente heeft uw account geschorst. U bent daarom uitgelogd. Neem contact op met de gebruikersbeheerder als u denkt dat dit niet klopt.',
  },
  verwijderd: {
    title: 'Uw account is verwijderd',
    text: () =>
      'Uw account voor Portaal Zorg is verwijderd. U bent daarom uitgelogd. Neem contact op met de gebruikersbeheerder van uw gemeente als u opnieuw toegang nodig heeft.',
  },
  geverifieerd: {
    title: 'Uw account is geverifieerd',
    text: () =>
      'De code klopt: uw account is geverifieerd. Om veiligheidsredenen bent u uitgelogd. Log opnieuw in om verder te gaan.',
  },
};

/** Where a session ends up after logout or a timeout; offers to log in again. */
export function loggedOutRouter(options: { idleMinutes: number }): Router {
  const router = Router();
  router.get('/uitgelogd', (req, res) => {
    const reason = Object.hasOwn(REASONS, String(req.query.reden)) ? REASONS[String(req.query.reden)] : undefined;
    const title = reason?.title ?? 'U bent uitgelogd';
    const text = reason ? reason.text(options.idleMinutes) : 'U bent veilig uitgelogd.';
    sendPage(req, res, {
      title,
      main: html`<h1>${title}</h1><p>${text}</p><p><a class="pz-button pz-button--primary" href="/login">Opnieuw inloggen</a></p>`,
    });
  });
  return router;
}
