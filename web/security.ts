import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';

/**
 * Strict CSP: scripts and styles only from our own origin, no inline code, no eval (htmx runs with
 * allowEval=false). `form-action` also allows the broker, because Chromium applies it to the
 * redirect that follows POST /uitloggen when that redirect goes to the broker's logout endpoint.
 */
export function securityHeaders(options: { https: boolean; brokerOrigins: string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...options.brokerOrigins],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

/** Pages may hold personal data: never cached by the browser or a proxy (eHerkenning asks the same). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  next();
};

/**
 * Synchronizer-token CSRF protection (the token lives in the server-side session). Forms send it as
 * `_csrf`, htmx sends it as the X-CSRF-Token header (set on <body> in the layout).
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const header = req.get('x-csrf-token');
    if (header) return header;
    const body = req.body as Record<string, unknown> | undefined;
    if (typeof body?._csrf === 'string') return body._csrf;
    // A file upload (multipart) is read by its route after this check, so a form without
    // JavaScript carries the token in its action URL. Only there: paths are logged without query
    // strings and the Referrer-Policy is no-referrer, so the token does not leak from it.
    const query = req.query as Record<string, unknown>;
    return req.is('multipart/form-data') && typeof query._csrf === 'string' ? query._csrf : undefined;
  },
  // The broker posts the SAML response cross-site; its signature and InResponseTo protect it instead.
  skipCsrfProtection: (req) =>
    req.method === 'POST' && (req.path === '/saml/acs' || req.path === '/saml/artifact' || req.path === '/saml/slo'),
  errorConfig: { statusCode: 403, message: 'Ongeldig of verlopen formuliertoken', code: 'EBADCSRFTOKEN' },
});
