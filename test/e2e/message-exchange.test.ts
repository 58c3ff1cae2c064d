import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { todayInNetherlands } from '../../gateways/simulators/chain-messages.ts';
import { logInInBrowser } from '../helpers/browser-login.ts';
import { expectAccessible, watchPageErrors } from '../helpers/browser.ts';
import { startE2eSystem, type E2eSystem } from '../helpers/app-system.ts';
import { freshIdentificatie, ownExample } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import {
  activeMunicipality,
  activeUser,
  firstGebruikersbeheerder,
  settingsFor,
  type Person,
} from '../helpers/users.ts';

const AGB = '42420001';

// A staff member of 0363 (Gebruiker iWmo and Gebruiker Wlz) uploads a WMO301 and sees
// its WMO302 arrive, downloads an incoming WMO305 and answers it with a WMO306, and runs a
// Wlz-Registertoets, all through the broker and the pages in Chromium, with axe on every page.
describe('exchanging iWmo messages and a Wlz-Registertoets, end to end in Chromium', () => {
  let system: E2eSystem;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];
  const beheerderUser = devIdpUser('beheerder.amsterdam');
  const staffUser = devIdpUser('medewerker1.amsterdam');

  beforeAll(async () => {
    // 0363 is onboarded by other e2e files on the same Temporal server: a namespace of our own.
    system = await startE2eSystem({ TEMPORAL_NAMESPACE: await isolatedNamespace('pz-e2e-messages') });
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
      settingsFor('Bakker', { voorletters: 'B.', email: 'bakker@amsterdam.example' }),
      beheerder,
      {
        products: [
          { product: 'iwmo', role: 'gebruiker' },
          { product: 'wlz', role: 'gebruiker' },
        ],
        gebruikersbeheerder: false,
      },
    );
    dir = await mkdtemp(join(tmpdir(), 'pz-e2e-messages-'));
    page = await (await system.chromium.browser.newContext({ locale: 'nl-NL', acceptDownloads: true })).newPage();
    pageErrors.push(...watchPageErrors(page));
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const flash = (page: Page) => page.locator('.pz-alert--ok[role="status"]').innerText();
  const answerHint = (page: Page) => page.locator('main').getByRole('note');
  const main = (page: Page) => page.locator('main').innerText();

  /** The value of the detail page's "Status" line. */
  const statusOf = (page: Page) =>
    page
      .locator('dl.pz-dl > dt', { hasText: /^Status$/ })
      .locator('xpath=following-sibling::dd[1]')
      .innerText();

  /** Reloads the page until `probe` holds (bounded; no fixed sleeps). */
  async function reloadUntil(
    page: Page,
    description: string,
    probe: () => Promise<boolean>,
    timeout = 30_000,
  ): Promise<void> {
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await probe()) ? 'ok' : `not yet: ${description}`;
        },
        { timeout, interval: 250 },
      )
      .toBe('ok');
  }

  /** Reloads the list until it has a row with `text` (bounded), and returns that row. */
  async function reloadUntilRow(page: Page, text: string, timeout = 30_000) {
    const row = page.locator('tbody tr', { hasText: text });
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 1) return 'there';
          await page.reload();
          return 'not yet';
        },
        { timeout, interval: 250 },
      )
      .toBe('there');
    return row;
  }

  /** Uploads `xml` as `fileName` through the form on Aanleveren (the page must be open). */
  async function upload(page: Page, fileName: string, xml: string): Promise<void> {
    const path = join(dir, fileName);
    await writeFile(path, xml, 'utf8');
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(path);
    await page.getByRole('button', { name: 'Aanleveren' }).click();
    await page.locator('.pz-alert--ok[role="status"]').waitFor();
    expect(await flash(page)).toBe(`Verzonden: ${fileName}.`);
  }

  it('logs in and goes from the iWmo tile to Aanleveren', { timeout: 120_000 }, async () => {
    const { web } = system;
    await logInInBrowser(page, web.baseUrl, web.idp.baseUrl, staffUser);
    expect(await heading(page)).toBe('Welkom bij Portaal Zorg');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Aanleveren iWmo', exact: true }).click();
    expect(await heading(page)).toBe('iWmo: berichten aanleveren');
    await expectAccessible(page);
  });

  it('uploads a WMO301, sees it routed and its WMO302 arrive', { timeout: 120_000 }, async () => {
    const { xml, identificatie } = ownExample('WMO301', '0363', { agb: AGB });
    const fileName = `wmo301-${identificatie}.xml`;
    await upload(page, fileName, xml);
    // The read model is written by the message's workflow (decision "Message exchange: one
    // workflow per message"), so the row may follow the flash by a moment.
    const row = await reloadUntilRow(page, identificatie);
    expect(await row.innerText()).toContain('WMO301');
    expect(await row.innerText()).toContain(`Zorgaanbieder (AGB ${AGB})`);
    await expectAccessible(page);

    // The same file again is refused with the reason, and nothing more is sent.
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(join(dir, fileName));
    await page.getByRole('button', { name: 'Aanleveren' }).click();
    await page.getByText('PZ-DUPLICATE-ID').first().waitFor();
    expect(await main(page)).toContain(
      'Uw gemeente heeft al een bericht van deze soort met deze identificatie verstuurd',
    );
    await expectAccessible(page);

    await row.getByRole('link', { name: /^WMO301/ }).click();
    await page.getByRole('heading', { level: 1, name: /^WMO301/ }).waitFor();
    await expectAccessible(page);
    await reloadUntil(page, 'WMO301 afgerond', async () => (await statusOf(page)) === 'Afgerond');
    expect(await main(page)).toContain('Afgeleverd');
    const conversation = page.locator('section', {
      has: page.getByRole('heading', { name: 'Berichten in dit gesprek' }),
    });
    expect(await conversation.getByRole('link', { name: /^WMO302/ }).count()).toBe(1);
    const retourcodes = page.locator('section', { has: page.getByRole('heading', { name: 'Retourcodes' }) });
    expect(await retourcodes.innerText()).toContain('0200');
    expect(await retourcodes.innerText()).toContain('Geen opmerking over deze berichtklasse');
    const duties = page.locator('section', { has: page.getByRole('heading', { name: 'Wat moet volgen' }) });
    expect(await duties.innerText()).toMatch(/Ontvangen: WMO302/);
    await expectAccessible(page);

    // The WMO302 itself: a retour received from the care provider, with its codes.
    await conversation.getByRole('link', { name: /^WMO302/ }).click();
    await page.getByRole('heading', { level: 1, name: /^WMO302/ }).waitFor();
    expect(await main(page)).toContain('Retourbericht, ontvangen door uw gemeente');
    expect(await main(page)).toContain('Geen opmerking over deze berichtklasse');
    await expectAccessible(page);
  });

  it('downloads an incoming WMO305 and answers it with a WMO306', { timeout: 120_000 }, async () => {
    const { web, chain } = system;
    const sent = await chain.send({ messageCode: 'WMO305', gemeentecode: '0363', agbCode: AGB });

    await page.goto(`${web.baseUrl}/berichten/iwmo/ophalen`);
    const row = await reloadUntilRow(page, sent.identificatie);
    expect(await heading(page)).toBe('iWmo: berichten ophalen');
    expect(await row.innerText()).toContain('WMO305');
    expect(await row.innerText()).toContain('Te beantwoorden');
    expect(await row.innerText()).toContain('Nog niet opgehaald');
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /^Downloaden/ }).click(),
    ]);
    const downloadedPath = await download.path();
    const downloaded = await readFile(downloadedPath, 'utf8');
    expect(downloaded).toBe(sent.xml);

    await page.reload();
    expect(await row.innerText()).toContain('B. Bakker');
    expect(await row.innerText()).not.toContain('Nog niet opgehaald');
    await expectAccessible(page);

    await row.getByRole('link', { name: /^WMO305/ }).click();
    await page.getByRole('heading', { level: 1, name: /^WMO305/ }).waitFor();
    const detailUrl = page.url();
    expect(await statusOf(page)).toBe('Te beantwoorden');
    expect(await answerHint(page).innerText()).toContain('Beantwoord dit bericht met een WMO306');
    expect(
      await page.locator('section', { has: page.getByRole('heading', { name: 'Opgehaald' }) }).innerText(),
    ).toContain('door B. Bakker');
    await expectAccessible(page);

    // The answer, built from the downloaded file as the municipality's software does.
    const retour = buildRetour(downloaded, {
      dagtekening: todayInNetherlands(),
      identificatieRetour: freshIdentificatie(),
    });
    await answerHint(page).getByRole('link', { name: 'Aanleveren' }).click();
    expect(await heading(page)).toBe('iWmo: berichten aanleveren');
    const fileName = `wmo306-${sent.identificatie}.xml`;
    await upload(page, fileName, retour);
    expect(await (await reloadUntilRow(page, 'WMO306')).innerText()).toContain(`Zorgaanbieder (AGB ${AGB})`);
    await expectAccessible(page);

    await page.goto(detailUrl);
    await reloadUntil(page, 'WMO305 beantwoord', async () => (await statusOf(page)) === 'Beantwoord');
    const duties = page.locator('section', { has: page.getByRole('heading', { name: 'Wat moet volgen' }) });
    expect(await duties.getByRole('link', { name: /^WMO306/ }).count()).toBe(1);
    const conversation = page.locator('section', {
      has: page.getByRole('heading', { name: 'Berichten in dit gesprek' }),
    });
    expect(await conversation.innerText()).toMatch(/WMO306.*\tVerzonden/);
    expect(await answerHint(page).count()).toBe(0);
    await expectAccessible(page);
  });

  it('runs a Wlz-Registertoets', { timeout: 60_000 }, async () => {
    await page.goto(`${system.web.baseUrl}/producten/wlz`);
    expect(await heading(page)).toBe('Wlz-Registertoets');
    await expectAccessible(page);
    await page.getByLabel('BSN').fill('123456782');
    await page.getByLabel('Doel van de raadpleging').selectOption('aanvraag');
    await page.getByRole('button', { name: 'Raadplegen' }).click();
    await page.getByRole('heading', { name: 'Ja, er is een Wlz-indicatie' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Stand van het Wlz-register');
    await expectAccessible(page);

    expect(pageErrors, 'no CSP violations or script errors').toEqual([]);
  });
});
