import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import session from 'express-session';
import { pinoHttp } from 'pino-http';
import { loadActor } from './auth/actor.ts';
import { requireLogin } from './auth/require-login.ts';
import { authRouter, LOGIN_PATHS } from './auth/routes.ts';
import { userGate } from './auth/user-gate.ts';
import type { WebDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { createWebMetrics } from './metrics.ts';
import { metricsRouter } from './routes/metrics.ts';
import { codecRouter } from './routes/codec.ts';
import { healthRouter } from './routes/health.ts';
import { homeRouter } from './routes/home.ts';
import { loggedOutRouter } from './routes/logged-out.ts';
import { notFound } from './routes/not-found.ts';
import { servicedeskNotificationsRouter } from './routes/notifications.ts';
import { servicedeskMessagesRouter } from './routes/servicedesk-messages.ts';
import { beheerAanmeldingenRouter } from './routes/beheer-aanmeldingen.ts';
import { beheerGebruikersRouter } from './routes/beheer-gebruikers.ts';
import { personalSettingsRouter } from './routes/personal-settings.ts';
import { messagesRouter } from './routes/messages.ts';
import { productsRouter } from './routes/products.ts';
import { wlzRouter } from './routes/wlz.ts';
import { registrationRouter } from './routes/registration.ts';
import { servicedeskGemeentenRouter } from './routes/servicedesk-gemeenten.ts';
import { servicedeskUsersRouter } from './routes/servicedesk-users.ts';
import { stufInboundRouter } from './routes/stuf-inbound.ts';
import { webserviceRouter } from './routes/webservice.ts';
import { csrf, noStore, securityHeaders } from './security.ts';
import { PostgresSessionStore } from './session/store.ts';
import { sessionTimeouts } from './session/timeouts.ts';

const here = dirname(fileURLToPath(import.meta.url));
const htmxFile = join(dirname(createRequire(import.meta.url).resolve('htmx.org/package.json')), 'dist', 'htmx.min.js');

export type WebApp = { app: Express; sessionStore: PostgresSessionStore };

export function createApp(given: WebDeps): WebApp {
  const metrics = given.metrics ?? createWebMetrics(given.db);
  const deps: WebDeps = { ...given, metrics };
  const { config, db, logger } = deps;
  const https = config.PUBLIC_URL.startsWith('https:');
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  const sessionStore = new PostgresSessionStore(db, absoluteMs);
  const brokerOrigins = [
    ...new Set(
      [config.SAML_IDP_ENTRY_POINT, config.SAML_IDP_LOGOUT_URL]
        .filter((u): u is string => Boolean(u))
        .map((u) => new URL(u).origin),
    ),
  ];

  const app = express();
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', 1);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => ({ user: (req as express.Request).session?.identity?.userKey }),
      // Paths only: query strings and headers may carry personal data or tokens.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: {
        ignore: (req) =>
          (req.url ?? '').startsWith('/healthz') || req.url === '/metrics' || (req.url ?? '').startsWith('/static/'),
      },
    }),
  );
  app.use((req, res, next) => {
    res.locals.requestId = String(req.id);
    res.locals.environment = config.ENVIRONMENT_NAME;
    next();
  });
  app.use(metrics.requestTimer);
  app.use(securityHeaders({ https, brokerOrigins }));

  // Before the session: no cookie, no session row, no CSRF.
  app.use(healthRouter(deps));
  app.use(metricsRouter(metrics, config.METRICS_TOKEN));
  app.use('/codec', codecRouter(config));
  // The chain's connector: bearer token, no cookie, no session, no CSRF.
  app.use(stufInboundRouter(deps));
  // Municipal software: a client certificate from the proxy, no cookie, no CSRF.
  app.use(webserviceRouter(deps));
  // Browsers ask for it on every page; answering before the session keeps it out of the session store.
  app.get('/favicon.ico', (_req, res) => void res.status(204).set('Cache-Control', 'max-age=86400').end());
  app.get('/static/htmx.min.js', (_req, res) => res.sendFile(htmxFile, { maxAge: '1h' }));
  app.use('/static', express.static(join(here, 'static'), { maxAge: '1h', index: false }));

  app.use(noStore);
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 }));
  app.use(
    session({
      name: https ? '__Host-pz.sid' : 'pz.sid',
      secret: config.SESSION_SECRET,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      // No maxAge: the browser keeps the cookie until it closes, the server enforces idle and absolute limits.
      cookie: { httpOnly: true, sameSite: 'lax', secure: https, path: '/' },
    }),
  );
  app.use(loadActor(deps));
  app.use(sessionTimeouts({ db, idleMs, absoluteMs, loginPaths: LOGIN_PATHS }));
  app.use(csrf.csrfSynchronisedProtection);

  app.use(authRouter(deps, { sessionStore }));
  app.use(loggedOutRouter({ idleMinutes: config.SESSION_IDLE_MINUTES }));

  app.use(requireLogin);
  app.use(userGate(deps));
  app.use(homeRouter(deps));
  app.use(personalSettingsRouter(deps));
  app.use(registrationRouter(deps));
  // Before the generic product pages: the real Raadplegen page replaces the wlz placeholder.
  app.use('/producten/wlz', wlzRouter(deps));
  app.use('/producten', productsRouter(deps));
  app.use('/berichten', messagesRouter(deps));
  app.use('/beheer/gebruikers', beheerGebruikersRouter(deps));
  app.use('/beheer', beheerAanmeldingenRouter(deps));
  app.use('/servicedesk/gemeenten', servicedeskGemeentenRouter(deps));
  app.use('/servicedesk/meldingen', servicedeskNotificationsRouter(deps));
  app.use('/servicedesk/berichten', servicedeskMessagesRouter(deps));
  app.use('/servicedesk', servicedeskUsersRouter(deps));

  app.use((req, res) => notFound(req, res));
  app.use(errorHandler(logger));
  return { app, sessionStore };
}
