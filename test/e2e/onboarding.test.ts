import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIdpUser, type DevIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { expectAccessible, launchBrowser, watchPageErrors, type TestBrowser } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startTestWorker, type TestWorker } from '../helpers/temporal.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

// The servicedesk onboards gemeente 0363 in a real Chromium; a staff member of 0363 first sees
// that the portal is not yet available, and reaches the portal home once both agreements are in.
describe('onboarding a municipality, end to end in Chromium', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let web: TestWeb;
  let worker: TestWorker;
  let chromium: TestBrowser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sink = await startSmtpSink();
    web = await startTestWeb({ db, configOverrides: { SMTP_URL: sink.url } });
    worker = await startTestWorker({ config: web.config, db: db.db, mailer: createSmtpMailer({ smtpUrl: sink.url, from: web.config.MAIL_FROM }) });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await chromium?.close();
    await worker?.stop();
    await web?.stop();
    await sink?.stop();
    await db?.drop();
  });

  async function newContext(): Promise<BrowserContext> {
    const context = await chromium.browser.newContext({ locale: 'nl-NL' });
    context.on('page', (page) => pageErrors.push(...watchPageErrors(page)));
    return context;
  }

  /** The whole eHerkenning dialogue as a person does it: makelaar, password, SMS code from the outbox. */
  async function logIn(context: BrowserContext, user: DevIdpUser): Promise<Page> {
    const page = await context.newPage();
    pageErrors.push(...watchPageErrors(page));
    await page.goto(web.baseUrl);
    await expect.poll(() => page.url()).toContain(web.idp.baseUrl);
    await expectAccessible(page);
    await page.getByLabel(new RegExp(user.makelaar === 'sleutelmakelaar' ? 'Sleutelmakelaar' : 'Poortwachter', 'i')).check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.getByLabel('Gebruikersnaam').fill(user.username);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: 'Voer de sms-code in' }).waitFor();
    await expectAccessible(page);

    const outbox = await context.newPage();
    await outbox.goto(`${web.idp.baseUrl}/sms`);
    const latest = await outbox.locator('tbody tr').first().innerText();
    const code = /\b(\d{6})\b/.exec(latest)?.[1];
    expect(code, 'an SMS code in the outbox').toBeDefined();
    await outbox.close();

    await page.getByLabel('Sms-code').fill(code!);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.waitForURL((url) => url.toString().startsWith(web.baseUrl));
    await page.waitForLoadState('load');
    return page;
  }

  // Chromium with axe on every page, next to the other suites on two cores: more than the default 30 s.
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
