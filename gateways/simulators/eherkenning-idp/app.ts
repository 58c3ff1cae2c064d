import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler, type Response } from 'express';
import {
  buildLogoutResponse,
  inflateRedirectMessage,
  readAuthnRequest,
  readLogoutRequest,
  redirectBindingUrl,
  redirectSignatureHolds,
  type AuthnRequestInfo,
} from './saml-messages.ts';
import { buildSamlResponse, newSamlId, signSamlResponse } from './sign-response.ts';
import type { SmsOutbox } from './sms-outbox.ts';
import { spMetadataCertificates, type SpCertificates } from './sp-metadata.ts';
import type { ArtifactStore } from './artifact-service.ts';
import { MAKELAARS, type DevIdpUser } from './users.ts';
import * as views from './views.ts';

export const DEV_IDP_KEY_PATH = fileURLToPath(new URL('./keys/dev-idp.key', import.meta.url));
export const DEV_IDP_CERT_PATH = fileURLToPath(new URL('./keys/dev-idp.crt', import.meta.url));
/** Entity id of the dev broker (the same value test/helpers/config.ts uses). */
export const DEV_IDP_ISSUER = 'urn:etoegang:HM:00000000000000000000:entities:0001';

export type DevIdpOptions = {
  /** Where this IdP is reachable (shown on its start page; its own links are relative). */
  publicUrl: string;
  /** The only SP this broker serves: AuthnRequests from another issuer are refused. */
  spEntityId: string;
  issuer: string;
  users: DevIdpUser[];
  smsOutbox: SmsOutbox;
  /** Where LogoutResponses go; default `<origin of spEntityId>/saml/slo`. */
  spSingleLogoutUrl?: string;
  key?: string;
  cert?: string;
  /** Where the SP's certificates come from (default: its metadata at spEntityId). */
  spCertificates?: () => Promise<SpCertificates>;
  /** Holds Responses for the artifact binding; without it every response is posted. */
  artifactStore?: ArtifactStore;
};

type Flow = {
  request: AuthnRequestInfo;
  relayState?: string;
  makelaar?: string;
  user?: DevIdpUser;
  code?: string;
  codeAttempts: number;
  createdAt: number;
};

const BINDING_ARTIFACT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact';
const STATUS_RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
const STATUS_AUTHN_FAILED = 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed';
const FLOW_TTL_MS = 15 * 60_000;
const MAX_FLOWS = 1000;
const MAX_CODE_ATTEMPTS = 5;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const maskPhone = (phone: string) => `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A strict CSP of its own: scripts and styles only from this origin; forms only to itself and the SP's ACS. */
function send(res: Response, body: string, status = 200, formTarget?: string): void {
  res.set(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'${formTarget ? ` ${new URL(formTarget).origin}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.status(status).type('html').send(body);
}

/**
 * The dev eHerkenning broker: a real SAML IdP (redirect-binding AuthnRequest in, POST-binding
 * signed Response out) with the herkenningsmakelaar dialogue: choose a makelaar, username and
 * password, a one-time SMS code. Pending logins live in memory, keyed by a random flow id carried
 * in the forms (no cookies: in dev the IdP and the portal share the host `localhost`).
 */
export function createDevIdpApp(options: DevIdpOptions): Express {
  // Belt and braces next to the DEV_IDP_ENABLED config check: this broker signs anything it is asked to.
  if (process.env.NODE_ENV === 'production') throw new Error('The dev eHerkenning IdP cannot run in production');
  const key = options.key ?? readFileSync(DEV_IDP_KEY_PATH, 'utf8');
  const cert = options.cert ?? readFileSync(DEV_IDP_CERT_PATH, 'utf8');
  const spOrigin = URL.canParse(options.spEntityId) ? new URL(options.spEntityId).origin : undefined;
  const sloUrl = options.spSingleLogoutUrl ?? (spOrigin ? `${spOrigin}/saml/slo` : undefined);
  const flows = new Map<string, Flow>();
  const spCertificates = options.spCertificates ?? spMetadataCertificates(options.spEntityId);

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use('/static', express.static(fileURLToPath(new URL('./static', import.meta.url)), { index: false }));
  app.use(express.urlencoded({ extended: false, limit: '20kb' }));

  /**
   * Sends the signed Response back by the binding the AuthnRequest asked for: an auto-posted form
   * (HTTP-POST), or a redirect with only an artifact that the SP resolves at our ARS (HTTP-Artifact).
   */
  const deliver = (res: Response, flow: Flow, signedResponse: string) => {
    if (flow.request.protocolBinding === BINDING_ARTIFACT && options.artifactStore) {
      const target = new URL(flow.request.acsUrl);
      target.searchParams.set('SAMLart', options.artifactStore.put(signedResponse));
      if (flow.relayState) target.searchParams.set('RelayState', flow.relayState);
      return res.redirect(303, target.href);
    }
    send(
      res,
      views.autoPostPage(flow.request.acsUrl, Buffer.from(signedResponse).toString('base64'), flow.relayState),
      200,
      flow.request.acsUrl,
    );
  };

  const withFlow =
    (handler: (flow: Flow, id: string, ...args: Parameters<RequestHandler>) => void | Promise<void>): RequestHandler =>
    async (req, res, next) => {
      const id = str(req.method === 'GET' ? req.query.flow : (req.body as Record<string, unknown>)?.flow);
      const flow = flows.get(id);
      if (!flow || Date.now() - flow.createdAt > FLOW_TTL_MS) {
        flows.delete(id);
        return send(res, views.errorPage('Inlogsessie verlopen', 'Deze inlogpoging is verlopen of bestaat niet.'), 400);
      }
      await handler(flow, id, req, res, next);
    };

  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.get('/', (_req, res) => send(res, views.indexPage(options.publicUrl, options.users)));
  app.get('/sms', (_req, res) => send(res, views.outboxPage(options.smsOutbox.messages())));
  app.get('/sms.json', (_req, res) => res.json(options.smsOutbox.messages()));

  app.get('/sso', async (req, res) => {
    // Like a real broker: an SP that publishes a signing certificate must sign its AuthnRequest.
    const spSigning = (await spCertificates()).signing;
    const rawQuery = req.originalUrl.slice(req.originalUrl.indexOf('?') + 1);
    if (spSigning && !redirectSignatureHolds(rawQuery, spSigning)) {
      return send(
        res,
        views.errorPage('Ongeldig inlogverzoek', 'De handtekening onder het inlogverzoek van de dienst klopt niet.'),
        400,
      );
    }
    let request: AuthnRequestInfo | undefined;
    try {
      request = readAuthnRequest(inflateRedirectMessage(str(req.query.SAMLRequest)));
    } catch {
      request = undefined;
    }
    const relayState = str(req.query.RelayState);
    if (!request || Buffer.byteLength(relayState) > 80)
      return send(
        res,
        views.errorPage('Ongeldig inlogverzoek', 'Het inlogverzoek van de dienst kon niet worden gelezen.'),
        400,
      );
    const acs = URL.canParse(request.acsUrl) ? new URL(request.acsUrl) : undefined;
    if (
      request.issuer !== options.spEntityId ||
      !acs ||
      !/^https?:$/.test(acs.protocol) ||
      (spOrigin && acs.origin !== spOrigin)
    ) {
      return send(res, views.errorPage('Onbekende dienst', 'Deze dienst is niet bij deze makelaar bekend.'), 400);
    }
    for (const [id, f] of flows)
      if (Date.now() - f.createdAt > FLOW_TTL_MS || flows.size >= MAX_FLOWS) flows.delete(id);
    const id = randomBytes(16).toString('hex');
    flows.set(id, { request, ...(relayState ? { relayState } : {}), codeAttempts: 0, createdAt: Date.now() });
    res.redirect(303, `/makelaar?flow=${id}`);
  });

  app.get(
    '/makelaar',
    withFlow((flow, id, _req, res) => send(res, views.makelaarPage(id, flow.request.requestedLoa))),
  );
  app.post(
    '/makelaar',
    withFlow((flow, id, req, res) => {
      const makelaar = MAKELAARS.find((m) => m.id === str(req.body.makelaar));
      if (!makelaar) return send(res, views.makelaarPage(id, flow.request.requestedLoa, 'Kies een makelaar.'), 422);
      Object.assign(flow, { makelaar: makelaar.id, user: undefined, code: undefined });
      res.redirect(303, `/inloggen?flow=${id}`);
    }),
  );

  app.get(
    '/inloggen',
    withFlow((flow, id, _req, res) => {
      const makelaar = MAKELAARS.find((m) => m.id === flow.makelaar);
      if (!makelaar) return res.redirect(303, `/makelaar?flow=${id}`);
      send(res, views.loginPage(id, makelaar.name, {}));
    }),
  );
  app.post(
    '/inloggen',
    withFlow((flow, id, req, res) => {
      const makelaar = MAKELAARS.find((m) => m.id === flow.makelaar);
      if (!makelaar) return res.redirect(303, `/makelaar?flow=${id}`);
      const username = str(req.body.username).trim();
      const user = options.users.find((u) => u.makelaar === makelaar.id && u.username === username);
      if (!user || !sameSecret(user.password, str(req.body.password))) {
        return send(
          res,
          views.loginPage(
            id,
            makelaar.name,
            { username },
            'Onbekende gebruikersnaam of onjuist wachtwoord. Probeer het opnieuw.',
          ),
          422,
        );
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      Object.assign(flow, { user, code, codeAttempts: 0 });
      options.smsOutbox.send(user.phone, `Uw eenmalige eHerkenning-code is ${code}. Deel deze code met niemand.`);
      res.redirect(303, `/sms-code?flow=${id}`);
    }),
  );

  app.get(
    '/sms-code',
    withFlow((flow, id, _req, res) => {
      if (!flow.user || !flow.code) return res.redirect(303, `/inloggen?flow=${id}`);
      send(res, views.smsPage(id, maskPhone(flow.user.phone)));
    }),
  );
  app.post(
    '/sms-code',
    withFlow(async (flow, id, req, res) => {
      const { user, code } = flow;
      if (!user || !code) return res.redirect(303, `/inloggen?flow=${id}`);
      if (!sameSecret(code, str(req.body.code).replace(/\s/g, ''))) {
        flow.codeAttempts += 1;
        if (flow.codeAttempts >= MAX_CODE_ATTEMPTS) {
          Object.assign(flow, { user: undefined, code: undefined });
          return send(
            res,
            views.errorPage(
              'Te veel pogingen',
              'U heeft te vaak een onjuiste code ingevoerd. Ga terug naar de dienst en log opnieuw in.',
            ),
            422,
          );
        }
        return send(
          res,
          views.smsPage(
            id,
            maskPhone(user.phone),
            'De code is onjuist. Controleer de code in het sms-bericht en probeer het opnieuw.',
          ),
          422,
        );
      }
      flows.delete(id);
      // Like a real broker: the identifiers as EncryptedID and the whole assertion encrypted, for
      // the certificate in the SP's metadata. Without one, the identity goes in plaintext.
      const encryptFor = (await spCertificates()).encryption;
      const encryption = encryptFor ? { recipients: [{ cert: encryptFor, entityId: options.spEntityId }] } : undefined;
      const xml = buildSamlResponse({
        issuer: options.issuer,
        destination: flow.request.acsUrl,
        audience: options.spEntityId,
        inResponseTo: flow.request.id,
        nameId: user.actingSubjectId,
        loa: user.loa,
        legalSubjectId: user.organisationId,
        actingSubjectId: user.actingSubjectId,
        sessionIndex: newSamlId(),
        ...(encryption ? { attributeStyle: 'encrypted-id' as const, encryptIds: encryption } : {}),
      });
      deliver(res, flow, signSamlResponse(xml, { key, cert, ...(encryption ? { encryptAssertion: encryption } : {}) }));
    }),
  );

  app.post(
    '/annuleren',
    withFlow((flow, id, _req, res) => {
      flows.delete(id);
      const xml = buildSamlResponse({
        issuer: options.issuer,
        destination: flow.request.acsUrl,
        audience: options.spEntityId,
        inResponseTo: flow.request.id,
        nameId: '',
        loa: null,
        legalSubjectId: null,
        actingSubjectId: null,
        status: { code: STATUS_RESPONDER, subCode: STATUS_AUTHN_FAILED, message: 'Authentication cancelled' },
      });
      deliver(res, flow, signSamlResponse(xml, { key, cert, signAssertion: false }));
    }),
  );

  // SP-initiated logout: this broker keeps no single sign-on session, so it only answers with a
  // signed LogoutResponse (redirect binding) to the SP's single logout endpoint.
  app.get('/slo', (req, res) => {
    // The SP's answer to a broker-initiated logout: nothing left to do but say so.
    if (typeof req.query.SAMLResponse === 'string')
      return send(res, views.messagePage('Uitgelogd', 'U bent uitgelogd bij de dienst.'));
    let request;
    try {
      request = readLogoutRequest(inflateRedirectMessage(str(req.query.SAMLRequest)));
    } catch {
      request = undefined;
    }
    if (!request || request.issuer !== options.spEntityId || !sloUrl) {
      return send(
        res,
        views.errorPage('Ongeldig uitlogverzoek', 'Het uitlogverzoek van de dienst kon niet worden gelezen.'),
        400,
      );
    }
    const response = buildLogoutResponse({ issuer: options.issuer, destination: sloUrl, inResponseTo: request.id });
    res.redirect(
      303,
      redirectBindingUrl(sloUrl, 'SAMLResponse', response, { relayState: str(req.query.RelayState), key }),
    );
  });

  // Never a stack trace, not even in dev.
  app.use(((_err, _req, res, _next) =>
    send(
      res,
      views.errorPage('Er ging iets mis', 'De gesimuleerde makelaar kon dit verzoek niet verwerken.'),
      500,
    )) as express.ErrorRequestHandler);
  return app;
}
