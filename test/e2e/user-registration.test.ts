import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import type { SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { logInInBrowser } from '../helpers/browser-login.ts';
import { expectAccessible, watchPageErrors } from '../helpers/browser.ts';
import { startE2eSystem, type E2eSystem } from '../helpers/app-system.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { activeMunicipality, firstGebruikersbeheerder, settingsFor } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';
import type { TestWeb } from '../helpers/web.ts';

// A new staff member of 0363 registers, is verified by the municipality's gebruikersbeheerder and
// gets a role, in two Chromium contexts through the real pages and the dev broker's dialogue.
// Setup as the product does it: 0363 registered and activated, and the fixture user
// beheerder.amsterdam made its first gebruikersbeheerder the servicedesk's way, all through web's
// command functions.
describe('a new user of 0363, from first login to the iWmo tile, end to end in Chromium', () => {
  let system: E2eSystem;
  let web: TestWeb;
  let sink: SmtpSink;
  const pageErrors: string[] = [];
  const staffUser = devIdpUser('medewerker1.amsterdam');
  const beheerderUser = devIdpUser('beheerder.amsterdam');

  beforeAll(async () => {
    // 0363 is also onboarded by onboarding.test.ts on the same Temporal server: a namespace of our own.
    const namespace = await isolatedNamespace('pz-e2e-users');
    system = await startE2eSystem({ TEMPORAL_NAMESPACE: namespace });
    ({ web, sink } = system);
    await activeMunicipality(web, {
      gemeentecode: '0363',
      name: 'Amsterdam',
      organisationId: beheerderUser.organisationId,
    });
    await firstGebruikersbeheerder(
      web,
      { organisationId: beheerderUser.organisationId, gemeentecode: '0363', subject: beheerderUser.actingSubjectId },
      settingsFor('Jansen', {
        voorletters: 'G.',
        voornaam: 'Greet',
        afdeling: 'Informatievoorziening',
        email: 'beheerder@amsterdam.example',
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  async function newPage(): Promise<Page> {
    const context: BrowserContext = await system.chromium.browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    pageErrors.push(...watchPageErrors(page));
    return page;
  }

  const path = (page: Page) => new URL(page.url()).pathname;
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  it(
    'registers, is verified with a code from the gebruikersbeheerder, logs in again and gets the iWmo tile',
    { timeout: 180_000 },
    async () => {
      // The staff member's first login: the personal settings form.
      const staff = await newPage();
      await logInInBrowser(staff, web.baseUrl, web.idp.baseUrl, staffUser);
      await expect.poll(() => path(staff)).toBe('/persoonlijke-instellingen');
      expect(await heading(staff)).toBe('Persoonlijke instellingen');
      await expectAccessible(staff);

      await staff.getByRole('button', { name: 'Opslaan en aanmelden' }).click();
      await staff.getByRole('alert').first().waitFor();
      expect(await staff.getByRole('alert').first().innerText()).toContain('Vul uw e-mailadres in.');
      await expectAccessible(staff);

      await staff.getByLabel('De heer').check();
      await staff.getByLabel('Voorletters').fill('P.');
      await staff.getByLabel('Voornaam (niet verplicht)').fill('Piet');
      await staff.getByLabel('Tussenvoegsel (niet verplicht)').fill('de');
      await staff.getByLabel('Achternaam').fill('Vries');
      await staff.getByLabel('Afdeling (niet verplicht)').fill('Wmo');
      await staff.getByLabel('Telefoonnummer (niet verplicht)').fill('020-5551234');
      await staff.getByLabel('E-mailadres').fill('piet.devries@amsterdam.example');
      await staff.getByLabel('Ik wil de nieuwsbrief van Portaal Zorg ontvangen').check();
      await staff.getByRole('button', { name: 'Opslaan en aanmelden' }).click();
      await expect.poll(() => path(staff)).toBe('/verificatie');
      expect(await staff.getByRole('status').innerText()).toContain('Uw gegevens zijn opgeslagen');
      expect(await staff.locator('main').innerText()).toContain('G. Jansen, afdeling Informatievoorziening');
      await expectAccessible(staff);

      // The gebruikersbeheerder: the e-mail arrives, the pending item is there.
      const mail = await waitFor('the e-mail to the gebruikersbeheerder', () =>
        sink.messages().find((m) => m.to.includes('beheerder@amsterdam.example') && m.text.includes('P. de Vries')),
      );
      expect(mail.subject).toContain('Nieuwe aanmelding');
      const beheerder = await newPage();
      await logInInBrowser(beheerder, web.baseUrl, web.idp.baseUrl, beheerderUser);
      await expect.poll(() => path(beheerder)).toBe('/');
      expect(await beheerder.locator('.pz-tiles').innerText()).toContain('1 aanmelding wacht op een verificatiecode.');
      await expectAccessible(beheerder);
      await beheerder
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Aanmeldingen' })
        .click();
      const card = beheerder.locator('.pz-card', { hasText: 'P. de Vries' });
      await card.waitFor();
      expect(await card.innerText()).toContain('piet.devries@amsterdam.example');
      await expectAccessible(beheerder);

      await card.getByRole('button', { name: 'Code uitgeven' }).click();
      await beheerder.getByRole('heading', { name: /Verificatiecode voor/ }).waitFor();
      const code = (await beheerder.locator('.pz-code').innerText()).trim();
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await expectAccessible(beheerder);

      // The staff member enters it and is logged out.
      await staff.getByLabel('Verificatiecode').fill(code.toLowerCase());
      await staff.getByRole('button', { name: 'Code controleren' }).click();
      await staff.getByRole('heading', { name: 'Uw account is geverifieerd' }).waitFor();
      expect(path(staff)).toBe('/uitgelogd');
      await expectAccessible(staff);

      // Logs in again: verified, no role yet.
      await logInInBrowser(staff, web.baseUrl, web.idp.baseUrl, staffUser);
      await expect.poll(() => path(staff)).toBe('/wachten-op-rollen');
      expect(await staff.locator('main').innerText()).toContain('G. Jansen, afdeling Informatievoorziening');
      await expectAccessible(staff);

      // The gebruikersbeheerder assigns Gebruiker iWmo (the form swaps itself with htmx).
      await beheerder.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gebruikers' }).click();
      await beheerder.getByRole('link', { name: 'P. de Vries' }).click();
      await beheerder.getByRole('heading', { name: 'Rollen' }).waitFor();
      await expectAccessible(beheerder);
      await beheerder.getByLabel('Gebruiker iWmo').check();
      await beheerder.getByRole('button', { name: 'Rollen opslaan' }).click();
      await beheerder.locator('#rollen').getByRole('status').waitFor();
      expect(await beheerder.locator('#rollen').getByRole('status').innerText()).toContain(
        'De rollen zijn opgeslagen.',
      );
      expect(await beheerder.getByLabel('Gebruiker iWmo').isChecked()).toBe(true);
      await expectAccessible(beheerder);

      // The staff member's next page shows the iWmo tile.
      await staff.getByRole('link', { name: 'Opnieuw kijken' }).click();
      await expect.poll(() => path(staff)).toBe('/');
      expect(await heading(staff)).toBe('Welkom bij Portaal Zorg');
      const tiles = await staff.locator('.pz-tiles').innerText();
      expect(tiles).toContain('iWmo');
      expect(tiles).not.toContain('Gebruikersbeheer');
      await expectAccessible(staff);
      await staff.getByRole('link', { name: 'Naar iWmo' }).click();
      await staff.getByRole('heading', { name: 'Aanleveren' }).waitFor();
      await expectAccessible(staff);

      expect(pageErrors, 'no CSP violations or script errors').toEqual([]);
    },
  );
});
