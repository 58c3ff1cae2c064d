import type { RequestHandler } from 'express';
import { redirect } from '../htmx.ts';

/**
 * Everything after it needs a logged-in person of a known organisation; anyone else goes to the
 * login, and after it back to the page they asked for (GET only: a form post cannot be repeated).
 */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (res.locals.actor) return next();
  const returnTo = req.method === 'GET' ? `?terug=${encodeURIComponent(req.originalUrl)}` : '';
  redirect(req, res, `/login${returnTo}`, 401);
};
