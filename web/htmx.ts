import type { Request, Response } from 'express';

/**
 * An htmx request: htmx swaps the answer into the page, so it gets a fragment and is sent on by
 * HX-Redirect. A boosted one is a navigation that wants the whole page, like a normal request.
 */
export function isHtmx(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true';
}

/**
 * Sends the browser to `location`: a normal request with a 303, an htmx request with HX-Redirect
 * (htmx would follow a 303 itself and swap the next page into the target) and `htmxStatus`.
 */
export function redirect(req: Request, res: Response, location: string, htmxStatus = 204): void {
  if (isHtmx(req)) {
    res.set('HX-Redirect', location).status(htmxStatus).end();
    return;
  }
  res.redirect(303, location);
}
