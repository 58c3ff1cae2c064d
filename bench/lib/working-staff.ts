import type { DevIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { csrfTokenIn, HttpClient } from '../../test/helpers/http-client.ts';
import { loginThroughDevIdp } from '../../test/helpers/saml.ts';

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
}): Promise<HttpClient> {
  const idp = { idp: { baseUrl: o.idpUrl } };
  const browser = new HttpClient(o.baseUrl);
  const form = await browser.follow(await loginThroughDevIdp(browser, idp, o.staff));
  const saved = await browser.post('/persoonlijke-instellingen', {
    _csrf: csrfTokenIn(form.body),
    aanhef: 'anders',
    voorletters: 'B.',
    achternaam: 'Bank',
    email: 'bench@gemeente.example',
  });
  if (saved.status !== 303) throw new Error(`personal settings: ${saved.status}`);
  const userPage = `/servicedesk/gemeenten/${o.gemeentecode}/gebruikers/${encodeURIComponent(o.staff.actingSubjectId)}`;
  const detail = await o.desk.get(userPage);
  const issued = await o.desk.post(`${userPage}/code`, { _csrf: csrfTokenIn(detail.body) });
  const code = /<p class="pz-code"[^>]*>([0-9A-Z-]{11})<\/p>/.exec(issued.body)?.[1];
  if (!code) throw new Error(`no code issued: ${issued.status}`);
  const verification = await browser.get('/verificatie');
  const verified = await browser.post('/verificatie', { _csrf: csrfTokenIn(verification.body), code });
  if (verified.status !== 303) throw new Error(`verification: ${verified.status}`);
  await browser.follow(await loginThroughDevIdp(browser, idp, o.staff));
  return browser;
}
