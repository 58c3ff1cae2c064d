import type { DevIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { csrfTokenIn, HttpClient } from './http-client.ts';
import { loginThroughDevIdp } from './saml.ts';

/** The one-time code on the page that issued it. */
export const issuedCodeIn = (body: string): string | undefined =>
  /<p class="pz-code"[^>]*>([0-9A-Z-]{11})<\/p>/.exec(body)?.[1];

/**
 * The servicedesk (logged in as `desk`) registers a municipality and records both agreements
 * through its own forms, as its staff do.
 */
export async function activeMunicipalityThroughPages(
  desk: HttpClient,
  gemeente: { gemeentecode: string; name: string; organisationId: string },
  signedOn = '2026-11-02',
): Promise<void> {
  const form = await desk.get('/servicedesk/gemeenten/nieuw');
  const registered = await desk.post('/servicedesk/gemeenten', { _csrf: csrfTokenIn(form.body), ...gemeente });
  if (registered.status !== 303) throw new Error(`registering ${gemeente.gemeentecode}: ${registered.status}`);
  const detailPath = `/servicedesk/gemeenten/${gemeente.gemeentecode}`;
  for (const kind of ['ib', 'vecozo']) {
    const detail = await desk.get(detailPath);
    const recorded = await desk.post(`${detailPath}/overeenkomsten`, {
      _csrf: csrfTokenIn(detail.body),
      kind,
      signedOn,
    });
    if (recorded.status !== 303) throw new Error(`recording the ${kind} agreement: ${recorded.status}`);
  }
}

/**
 * Makes a dev fixture person of an active municipality a working user through the portal's own
 * pages, as people do: they log in and fill in their settings, the servicedesk issues the code
 * (first gebruikersbeheerder), they enter it and log in again. Returns their logged-in browser.
 */
export async function workingStaffThroughPages(o: {
  baseUrl: string;
  idpUrl: string;
  desk: HttpClient;
  staff: DevIdpUser;
  gemeentecode: string;
  settings?: Record<string, string>;
  /** Told the code the servicedesk issued (it is shown once, on the page that issued it). */
  onCode?: (code: string) => void;
}): Promise<HttpClient> {
  const idp = { idp: { baseUrl: o.idpUrl } };
  const browser = new HttpClient(o.baseUrl);
  const form = await browser.follow(await loginThroughDevIdp(browser, idp, o.staff));
  const saved = await browser.post('/persoonlijke-instellingen', {
    _csrf: csrfTokenIn(form.body),
    ...(o.settings ?? { aanhef: 'anders', voorletters: 'B.', achternaam: 'Bank', email: 'bench@gemeente.example' }),
  });
  if (saved.status !== 303) throw new Error(`personal settings: ${saved.status}`);
  const userPage = `/servicedesk/gemeenten/${o.gemeentecode}/gebruikers/${encodeURIComponent(o.staff.actingSubjectId)}`;
  const detail = await o.desk.get(userPage);
  const issued = await o.desk.post(`${userPage}/code`, { _csrf: csrfTokenIn(detail.body) });
  const code = issuedCodeIn(issued.body);
  if (!code) throw new Error(`no code issued: ${issued.status}`);
  o.onCode?.(code);
  await enterCode(browser, code);
  await browser.follow(await loginThroughDevIdp(browser, idp, o.staff));
  return browser;
}

/** The person enters their code on the verification page; the portal ends the session (they log in again). */
export async function enterCode(browser: HttpClient, code: string): Promise<void> {
  const verification = await browser.get('/verificatie');
  const verified = await browser.post('/verificatie', { _csrf: csrfTokenIn(verification.body), code });
  if (verified.status !== 303) throw new Error(`verification: ${verified.status}`);
}
