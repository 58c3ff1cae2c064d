import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { logInInBrowser } from '../helpers/browser-login.ts';
import { expectAccessible, watchPageErrors } from '../helpers/browser.ts';
import { startE2eSystem, type E2eSystem } from '../helpers/app-system.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import {
  activeMunicipality,
  activeUser,
  firstGebruikersbeheerder,
  settingsFor,
  type Person,
} from '../helpers/users.ts';

// A working staff member of 0363 with two roles runs a Wlz-Registertoets (Gebruiker of Wlz) and
// sets the iWmo delivery settings (Productbeheerder of iWmo), through the broker and the pages.
describe('Wlz-Registertoets and product settings, end to end in Chromium', () => {
  let system: E2eSystem;
  const pageErrors: string[] = [];
  const beheerderUser = devIdpUser('beheerder.amsterdam');
  const staffUser = devIdpUser('medewerker2.amsterdam');

  beforeAll(async () => {
    // 0363 is onboarded by other e2e files on the same Temporal server: a namespace of our own.
    system = await startE2eSystem({ TEMPORAL_NAMESPACE: await isolatedNamespace('pz-e2e-wlz') });
    const { web } = system;
    const person = (subject: string): Person => ({
      organisationId: beheerderUser.organisationId,
      gemeentecode: '0363',
      subject,
    });
    await activeMunicipality(web, {
      gemeentecode: '0363',
      name: 'Amsterdam',
      organisationId: beheerderUser.organisationId,
    });
    const beheerder = person(beheerderUser.actingSubjectId);
    await firstGebruikersbeheerder(web, beheerder, settingsFor('Jansen', { email: 'beheerder@amsterdam.example' }));
    await activeUser(
      web,
      person(staffUser.actingSubjectId),
      settingsFor('Visser', { email: 'visser@amsterdam.example' }),
      beheerder,
      {
        products: [
          { product: 'wlz', role: 'gebruiker' },
          { product: 'iwmo', role: 'productbeheerder' },
        ],
        gebruikersbeheerder: false,
      },
    );
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  it('runs a registertoets and saves the iWmo settings, accessible on every page', { timeout: 180_000 }, async () => {
    const { web } = system;
    const page = await (await system.chromium.browser.newContext({ locale: 'nl-NL' })).newPage();
    pageErrors.push(...watchPageErrors(page));
    await logInInBrowser(page, web.baseUrl, web.idp.baseUrl, staffUser);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page);

    await page.goto(`${web.baseUrl}/producten/wlz`);
    expect(await heading(page)).toBe('Wlz-Registertoets');
    await expectAccessible(page);
    await page.getByLabel('BSN').fill('123456789');
    await page.getByRole('button', { name: 'Raadplegen' }).click();
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByRole('alert').first().innerText()).toContain('11-proef');
    await expectAccessible(page);

    await page.getByLabel('BSN').fill('999900006');
    await page.getByLabel('Doel van de raadpleging').selectOption('aanvraag');
    await page.getByRole('button', { name: 'Raadplegen' }).click();
    await page.getByRole('heading', { name: 'Ja, er is een Wlz-indicatie' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Stand van het Wlz-register');
    expect(await page.locator('main').innerText()).not.toContain('999900006');
    await expectAccessible(page);

    await page.goto(`${web.baseUrl}/producten/iwmo/instellingen`);
    expect(await heading(page)).toBe('Instellingen iWmo');
    await expectAccessible(page);
    await page.getByLabel('Via een webservice (Digikoppeling)').check();
    await page.getByLabel('URL van de webservice').fill('https://ggk.amsterdam.example/stuf');
    await page.getByLabel('SHA-256-vingerafdruk van het PKIoverheid-certificaat').fill('ab'.repeat(32));
    await page.getByLabel('E-mailadressen voor meldingen').fill('wmo@amsterdam.example');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByLabel('SHA-256-vingerafdruk van het PKIoverheid-certificaat').inputValue()).toBe(
      Array(32).fill('AB').join(':'),
    );
    await expectAccessible(page);

    expect(pageErrors, 'no CSP violations or script errors').toEqual([]);
  });
});
