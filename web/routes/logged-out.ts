import { Router } from 'express';
import { sendPage } from '../render.ts';
import { html } from '../views/html.ts';

const REASONS: Record<string, { title: string; text: (idleMinutes: number) => string }> = {
  inactief: {
    title: 'U bent automatisch uitgelogd',
    text: (minutes) => `U was ${minutes} minuten of langer niet actief. Om uw gegevens te beschermen bent u automatisch uitgelogd.`,
  },
  'maximale-duur': {
    title: 'U bent automatisch uitgelogd',
    text: () => 'U was de maximale tijd achter elkaar ingelogd. Log opnieuw in om verder te werken.',
  },
};

/** Where a session ends up after logout or a timeout; offers to log in again. */
export function loggedOutRouter(options: { idleMinutes: number }): Router {
  const router = Router();
  router.get('/uitgelogd', (req, res) => {
    const reason = REASONS[String(req.query.reden ?? '')];
    const title = reason?.title ?? 'U bent uitgelogd';
    const text = reason ? reason.text(options.idleMinutes) : 'U bent veilig uitgelogd.';
    sendPage(req, res, {
      title,
      main: html`<h1>${title}</h1><p>${text}</p><p><a class="pz-button pz-button--primary" href="/login">Opnieuw inloggen</a></p>`,
    });
  });
  return router;
}
