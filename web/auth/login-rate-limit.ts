import type { RequestHandler } from 'express';
import type { WebDeps } from '../deps.ts';
import { hitRateLimits, ipRateLimitKey, waitText } from '../rate-limit.ts';
import { sendPage } from '../render.ts';
import { html } from '../../html.ts';

/**
 * Login starts and broker answers per client address, counted in PostgreSQL so every web process
 * counts the same. Each answer costs a signature check and a decryption; a flood from one address
 * must not take that from everyone else.
 */
export function limitLoginAttempts(deps: Pick<WebDeps, 'db' | 'config'>): RequestHandler {
  const limit = {
    attempts: deps.config.LOGIN_RATE_LIMIT_PER_IP_ATTEMPTS,
    windowMs: deps.config.LOGIN_RATE_LIMIT_WINDOW_MINUTES * 60_000,
  };
  return async (req, res, next) => {
    const hit = await hitRateLimits(deps.db, [ipRateLimitKey('login', req.ip)], limit);
    if (hit.allowed) return next();
    req.log.warn({ attempts: hit.count }, 'login attempts rate limited');
    res.set('Retry-After', String(Math.ceil(hit.retryAfterMs / 1000)));
    sendPage(
      req,
      res,
      {
        title: 'Te veel inlogpogingen',
        main: html`<h1>Te veel inlogpogingen</h1><p>Vanaf dit adres is te vaak geprobeerd in te loggen. Probeer het over ${waitText(hit.retryAfterMs)} opnieuw.</p>`,
      },
      429,
    );
  };
}
