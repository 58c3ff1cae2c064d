import type { Request, Response } from 'express';
import { isHtmx, redirect } from './htmx.ts';
import { saveSession } from './session/lifecycle.ts';
import { layout, type Page } from './views/layout.ts';

/** Full page for a normal request; only the main content for an htmx request. */
export function sendPage(req: Request, res: Response, page: Page, status = 200): void {
  const flash = page.flash ?? takeFlash(req);
  res.status(status).vary('HX-Request').type('html');
  if (isHtmx(req)) {
    res.send(page.main.toString());
    return;
  }
  const csrfToken = req.session?.identity && req.csrfToken ? req.csrfToken() : undefined;
  res.send(
    layout(
      { actor: res.locals.actor, csrfToken, environment: res.locals.environment, path: req.originalUrl.split('?')[0] },
      { ...page, flash },
    ).toString(),
  );
}

/** Post/redirect/get: a message for the next page. */
export async function redirectWithFlash(req: Request, res: Response, location: string, flash: string): Promise<void> {
  if (req.session) {
    req.session.flash = flash;
    await saveSession(req);
  }
  redirect(req, res, location);
}

function takeFlash(req: Request): string | undefined {
  const flash = req.session?.flash;
  if (flash && req.session) delete req.session.flash;
  return flash;
}
