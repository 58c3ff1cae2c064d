import { readFileSync } from 'node:fs';
import { DEV_IDP_CERT_PATH, DEV_IDP_KEY_PATH } from '../../gateways/simulators/eherkenning-idp/app.ts';
import { inflateRedirectMessage, readAuthnRequest } from '../../gateways/simulators/eherkenning-idp/saml-messages.ts';
import {
  buildSamlResponse,
  signSamlResponse,
  type SamlResponseOptions,
  type SignOptions,
} from '../../gateways/simulators/eherkenning-idp/sign-response.ts';
import { codeInSms, type SmsMessage } from '../../gateways/simulators/eherkenning-idp/sms-outbox.ts';
import type { DevIdpUser } from '../../gateways/simulators/eherkenning-idp/users.ts';
import { formAction, HttpClient, inputValue, type HttpResult } from './http-client.ts';
import type { TestWeb } from './web.ts';

export const DEV_IDP_KEY = readFileSync(DEV_IDP_KEY_PATH, 'utf8');
export const DEV_IDP_CERT = readFileSync(DEV_IDP_CERT_PATH, 'utf8');

/** What the portal sent to the broker: the AuthnRequest (inflated) and the RelayState. */
export type StartedLogin = { location: string; requestId: string; acsUrl: string; relayState?: string; xml: string };

/** GET /login (optionally with ?terug=) and read the redirect-binding AuthnRequest it sends. */
export async function startLogin(client: HttpClient, terug?: string): Promise<StartedLogin> {
  const res = await client.get(terug === undefined ? '/login' : `/login?terug=${encodeURIComponent(terug)}`);
  if (res.status !== 302 || !res.location)
    throw new Error(`GET /login gave ${res.status}, expected a redirect to the broker`);
  const url = new URL(res.location);
  const xml = inflateRedirectMessage(url.searchParams.get('SAMLRequest') ?? '');
  const request = readAuthnRequest(xml);
  if (!request) throw new Error('no AuthnRequest in the redirect');
  const relayState = url.searchParams.get('RelayState') ?? undefined;
  return {
    location: res.location,
    requestId: request.id,
    acsUrl: request.acsUrl,
    xml,
    ...(relayState ? { relayState } : {}),
  };
}

function expectPage(res: HttpResult, step: string): HttpResult {
  if (res.status !== 200)
    throw new Error(`${step}: status ${res.status} ${res.location ?? ''} ${res.body.slice(0, 300)}`);
  return res;
}

/**
 * A full login as a person would do it, over HTTP: /login → broker → choose the makelaar →
 * username and password → the SMS code from the broker's outbox → the auto-posted SAMLResponse to
 * the ACS. Returns the ACS's answer (a 303 into the portal, or a refusal page).
 */
export async function loginThroughDevIdp(
  client: HttpClient,
  web: { idp: { baseUrl: string } },
  user: DevIdpUser,
  options: { terug?: string; onSamlResponse?: (xml: string) => void; onArtifact?: (location: string) => void } = {},
): Promise<HttpResult> {
  const started = await startLogin(client, options.terug);
  const idp = web.idp.baseUrl;
  const choose = expectPage(await client.follow(await client.get(started.location)), 'makelaar page');
  const flow = inputValue(choose.body, 'flow') ?? '';
  expectPage(
    await client.follow(await client.post(`${idp}/makelaar`, { flow, makelaar: user.makelaar })),
    'login page',
  );
  expectPage(
    await client.follow(
      await client.post(`${idp}/inloggen`, { flow, username: user.username, password: user.password }),
    ),
    'sms page',
  );
  const outbox = JSON.parse((await client.get(`${idp}/sms.json`)).body) as SmsMessage[];
  const sms = [...outbox].reverse().find((m) => m.to === user.phone);
  const code = sms ? codeInSms(sms.text) : undefined;
  if (!code) throw new Error(`no SMS code for ${user.username}`);
  return returnToSp(client, await client.post(`${idp}/sms-code`, { flow, code }), options);
}

/** The broker's answer goes back to the SP: by the redirect with an artifact, or by the auto-post form. */
async function returnToSp(
  client: HttpClient,
  answer: HttpResult,
  options: { onSamlResponse?: (xml: string) => void; onArtifact?: (location: string) => void },
): Promise<HttpResult> {
  if (answer.status === 303 && answer.location?.includes('SAMLart=')) {
    options.onArtifact?.(answer.location);
    return client.get(answer.location);
  }
  return postAutoPostForm(client, expectPage(answer, 'auto-post page'), options.onSamlResponse);
}

/** Starts a login, chooses nothing at the dev broker and presses Annuleren there; returns the ACS's answer. */
export async function cancelAtDevIdp(client: HttpClient, web: { idp: { baseUrl: string } }): Promise<HttpResult> {
  const started = await startLogin(client);
  const choose = expectPage(await client.follow(await client.get(started.location)), 'makelaar page');
  const flow = inputValue(choose.body, 'flow') ?? '';
  return returnToSp(client, await client.post(`${web.idp.baseUrl}/annuleren`, { flow }), {});
}

/** Submits the broker's auto-post form to the ACS, as the browser's script does. */
async function postAutoPostForm(
  client: HttpClient,
  autopost: HttpResult,
  onSamlResponse?: (xml: string) => void,
): Promise<HttpResult> {
  const action = formAction(autopost.body, 'saml-autopost');
  const samlResponse = inputValue(autopost.body, 'SAMLResponse');
  if (!action || !samlResponse) throw new Error('no SAML auto-post form');
  onSamlResponse?.(Buffer.from(samlResponse, 'base64').toString('utf8'));
  const relayState = inputValue(autopost.body, 'RelayState');
  return client.post(action, { SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) });
}

export type CraftOptions = Partial<SamlResponseOptions> & { sign?: Partial<SignOptions> };

/**
 * A correctly formed and signed response to `started` for an identity, with anything overridden:
 * the raw material of the negative tests.
 */
export function craftResponse(
  web: TestWeb,
  started: Pick<StartedLogin, 'requestId' | 'acsUrl'>,
  options: CraftOptions = {},
): string {
  const { sign, ...overrides } = options;
  const xml = buildSamlResponse({
    issuer: web.config.SAML_IDP_ISSUER,
    destination: started.acsUrl,
    audience: web.config.SAML_SP_ENTITY_ID,
    inResponseTo: started.requestId,
    nameId: 'test-pseudonym-1',
    actingSubjectId: 'test-pseudonym-1',
    legalSubjectId: web.config.SERVICEDESK_ORGANISATION_ID,
    loa: 'loa3',
    ...overrides,
  });
  return signSamlResponse(xml, { key: DEV_IDP_KEY, cert: DEV_IDP_CERT, ...sign });
}

/** POST a SAMLResponse (XML, base64-encoded here) to the ACS, as the broker's auto-post form would. */
export function postSamlResponse(client: HttpClient, xml: string, relayState?: string): Promise<HttpResult> {
  return client.post('/saml/acs', {
    SAMLResponse: Buffer.from(xml).toString('base64'),
    ...(relayState ? { RelayState: relayState } : {}),
  });
}

/**
 * Logs `client` in as a person of an organisation with a correctly signed response (no broker
 * dialogue): for tests about what a logged-in person may do, not about the login itself.
 */
export async function loginAs(
  client: HttpClient,
  web: TestWeb,
  identity: { organisationId: string; subject: string },
): Promise<void> {
  const started = await startLogin(new HttpClient(web.baseUrl));
  const xml = craftResponse(web, started, {
    legalSubjectId: identity.organisationId,
    actingSubjectId: identity.subject,
    nameId: identity.subject,
  });
  const res = await postSamlResponse(client, xml);
  if (res.status !== 303)
    throw new Error(`login as ${identity.organisationId}/${identity.subject} refused: ${res.status}`);
}

/** A fresh client of `web`, logged in as `identity` (loginAs). */
export async function loggedInClient(
  web: TestWeb,
  identity: { organisationId: string; subject: string },
): Promise<HttpClient> {
  const client = new HttpClient(web.baseUrl);
  await loginAs(client, web, identity);
  return client;
}
