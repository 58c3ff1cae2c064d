import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIdpUser, type DevIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { logInInBrowser } from '../helpers/browser-login.ts';
import { expectAccessible, watchPageErrors } from '../helpers/browser.ts';
import { startE2eSystem, type E2eSystem } from '../helpers/app-system.ts';
import type { TestWeb } from '../helpers/web.ts';

// The servicedesk onboards gemeente 0363 in a real Chromium; a staff member of 0363 first sees
// that the portal is not yet available, and reaches the portal home once both agreements are in.
describe('onboarding a municipality, end to end in Chromium', () => {
  let system: E2eSystem;
  let web: TestWeb;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    system = await startE2eSystem();
    web = system.web;
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function newContext(): Promise<BrowserContext> {
    return system.chromium.browser.newContext({ locale: 'nl-NL' });
  }

  /** The whole eHerkenning dialogue as a person does it: makelaar, password, SMS code from the outbox. */
  async function logIn(context: BrowserContext, user: DevIdpUser): Promise<Page> {
    const page = await context.newPage();
    pageErrors.push(...watchPageErrors(page));
    await logInInBrowser(page, web.baseUrl, web.idp.baseUrl, user);
    return page;
  }

  it('registers 0363, records both agreements, and lets its staff in only then', { timeout: 120_000 }, async () => {
    const servicedesk = await logIn(await newContext(), devIdpUser('servicedesk'));
    await expect.poll(() => new URL(servicedesk.url()).pathname).toBe('/servicedesk/gemeenten');
    expect(await servicedesk.getByRole('heading', { level: 1 }).innerText()).toBe('Gemeenten');
    await expectAccessible(servicedesk);

    await servicedesk.getByRole('link', { name: 'Gemeente registreren' }).click();
    await servicedesk.getByRole('button', { name: 'Registreren' }).click();
    await servicedesk.getByRole('alert').waitFor();
    expect(await servicedesk.getByRole('alert').innerText()).toContain('precies 4 cijfers');
    await expectAccessible(servicedesk);

    await servicedesk.getByLabel('CBS-gemeentecode').fill('0363');
    await servicedesk.getByLabel('Naam van de gemeente').fill('Amsterdam');
    await servicedesk.getByLabel('KvK-nummer of OIN').fill(devIdpUser('medewerker1.amsterdam').organisationId);
    await servicedesk.getByRole('button', { name: 'Registreren' }).click();
    await servicedesk.getByRole('heading', { name: 'Gemeente Amsterdam (0363)' }).waitFor();
    expect(await servicedesk.getByRole('status').innerText()).toContain('is geregistreerd');
    expect(await servicedesk.locator('.pz-dl').innerText()).toContain('Wacht op overeenkomsten');
    await expectAccessible(servicedesk);

    await servicedesk.getByLabel('Aansluitings- en verwerkersovereenkomst met het Inlichtingenbureau').check();
    await servicedesk.getByLabel('Datum van ondertekening').fill('2026-11-02');
    await servicedesk.getByRole('button', { name: 'Vastleggen' }).click();
    await servicedesk.getByRole('status').waitFor();
    expect(await servicedesk.locator('.pz-dl').innerText()).toContain('Wacht op overeenkomsten');

    const staff = await logIn(await newContext(), devIdpUser('medewerker1.amsterdam'));
    await staff.getByRole('heading', { level: 1 }).waitFor();
    expect(await staff.getByRole('heading', { level: 1 }).innerText()).toContain('nog niet beschikbaar');
    const missing = await staff.locator('.pz-missing-agreements').innerText();
    expect(missing).toContain('Verwerkersovereenkomst met VECOZO');
    expect(missing).not.toContain('Inlichtingenbureau');
    await expectAccessible(staff);

    await servicedesk.getByLabel('Verwerkersovereenkomst met VECOZO').check();
    await servicedesk.getByLabel('Datum van ondertekening').fill('2026-11-20');
    await servicedesk.getByRole('button', { name: 'Vastleggen' }).click();
    await servicedesk.getByRole('status').waitFor();
    expect(await servicedesk.locator('.pz-dl').innerText()).toContain('Actief');
    await expectAccessible(servicedesk);

    // Active now: the staff member's next page is the first step of their own registration.
    await staff.reload();
    expect(await staff.getByRole('heading', { level: 1 }).innerText()).toBe('Persoonlijke instellingen');
    expect(await staff.locator('main').innerText()).toContain('Welkom bij Portaal Zorg');
    await expectAccessible(staff);

    await servicedesk.getByRole('link', { name: 'Gemeenten' }).click();
    await servicedesk.getByRole('cell', { name: 'Amsterdam' }).waitFor();
    expect(await servicedesk.locator('tbody').innerText()).toContain('Actief');
    await expectAccessible(servicedesk);

    expect(pageErrors, 'no CSP violations or script errors').toEqual([]);
  });
});
