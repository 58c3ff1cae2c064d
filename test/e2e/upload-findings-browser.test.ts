import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSystem, type E2eSystem } from '../helpers/app-system.ts';
import { expectAccessible, watchPageErrors } from '../helpers/browser.ts';
import { wmo301WithRelatieFindings } from '../helpers/many-findings.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loggedInClient } from '../helpers/saml.ts';
import { activeUser, AMSTERDAM, onlyRole, personIn, settingsFor, twoMunicipalities } from '../helpers/users.ts';

// The upload form in Chromium, with and without JavaScript: web/static/upload-progress.js shows
// the upload's progress and then the checking in a live region, and puts the answer in place of
// the page; without JavaScript the form posts as usual. Either way the findings are grouped per
// rule, the page passes axe, and the strict CSP reports nothing. (The login is the HTTP one: the
// broker's pages are covered by test/e2e.)

let system: E2eSystem;

/** Chromium logs every 4xx answer to the console, also a page that answers a refused upload with 422 as it should. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e));
let dir: string;
const user = personIn(AMSTERDAM, 'bevindingen-browser');

beforeAll(async () => {
  system = await startE2eSystem({ TEMPORAL_NAMESPACE: await isolatedNamespace('pz-upload-browser') });
  const { gbA } = await twoMunicipalities(system.web);
  await activeUser(system.web, user, settingsFor('Browser'), gbA, onlyRole('iwmo', 'gebruiker'));
  dir = await mkdtemp(join(tmpdir(), 'pz-upload-browser-'));
}, 180_000);

afterAll(async () => {
  await system?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const wmo301 = (relaties: number): string => wmo301WithRelatieFindings(AMSTERDAM.gemeentecode, relaties);

async function loggedInPage(
  javaScriptEnabled: boolean,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const client = await loggedInClient(system.web, user);
  const context = await system.chromium.browser.newContext({ locale: 'nl-NL', javaScriptEnabled });
  await context.addCookies([{ name: 'pz.sid', value: client.cookie('pz.sid')!, url: system.web.baseUrl }]);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${system.web.baseUrl}/berichten/iwmo/aanleveren`);
  return { context, page, errors };
}

const tr134 = (page: Page) =>
  page.locator('section.pz-finding-group', { has: page.locator('.pz-finding-group__code', { hasText: /^TR134$/ }) });

describe('the upload form in Chromium', () => {
  it(
    'with JavaScript: shows sending and checking in a live region, then the findings per rule in place',
    { timeout: 90_000 },
    async () => {
      const { context, page, errors } = await loggedInPage(true);
      try {
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('iWmo: berichten aanleveren');
        expect(await page.locator('progress.pz-progress').isHidden()).toBe(true);
        await expectAccessible(page);

        // What the live region said, in order (observed in the page; the script itself is not touched).
        await page.evaluate(() => {
          const region = document.querySelector('.pz-upload-status [role="status"]')!;
          const said: string[] = [];
          (window as unknown as { said: string[] }).said = said;
          new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
            childList: true,
            characterData: true,
            subtree: true,
          });
        });
        // A slow line, so the upload takes a few seconds and reports progress on the way.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: 400_000,
        });
        const path = join(dir, 'relaties.xml');
        await writeFile(path, wmo301(15 + 400), 'utf8'); // about 1 MB
        await page.getByLabel('Bestand', { exact: true }).setInputFiles(path);
        const url = page.url();
        await page.getByRole('button', { name: 'Aanleveren' }).click();
        await page
          .getByRole('heading', { level: 2, name: 'Er zijn bevindingen: er is nog niets verzonden' })
          .waitFor({ timeout: 60_000 });
        const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
        expect(said[0]).toBe('Bestand wordt verzonden… 0%');
        expect(
          said.some((s) => /^Bestand wordt verzonden… [1-9]\d%$/.test(s)),
          said.join(' | '),
        ).toBe(true);
        expect(said).toContain('Bestand wordt gecontroleerd…');

        // The answer replaced the page's content: same address, the refusal focused, the findings grouped.
        expect(page.url()).toBe(url);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
        expect(await tr134(page).count()).toBe(1);
        expect(await tr134(page).locator('.pz-finding-group__count').innerText()).toBe('415 keer gevonden');
        const hidden = tr134(page).locator('details tbody tr');
        expect(await hidden.first().isVisible()).toBe(false);
        await tr134(page).getByText('Toon alle 415').click();
        expect(await hidden.count()).toBe(405);
        expect(await hidden.first().isVisible()).toBe(true);
        await expectAccessible(page);
        expect(unexpected(errors)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'without JavaScript: the form posts as usual and the answer shows the same groups',
    { timeout: 60_000 },
    async () => {
      const { context, page, errors } = await loggedInPage(false);
      try {
        const path = join(dir, 'zonder-js.xml');
        await writeFile(path, wmo301(15), 'utf8');
        await page.getByLabel('Bestand', { exact: true }).setInputFiles(path);
        await page.getByRole('button', { name: 'Aanleveren' }).click();
        await page.getByRole('heading', { level: 2, name: 'Er zijn bevindingen: er is nog niets verzonden' }).waitFor();
        expect(await page.locator('.pz-upload-status [role="status"]').innerText()).toBe('');
        expect(await tr134(page).locator('.pz-finding-group__count').innerText()).toBe('15 keer gevonden');
        await tr134(page).getByText('Toon alle 15').click();
        expect(await tr134(page).locator('details tbody tr').count()).toBe(5);
        expect(await tr134(page).locator('details tbody tr').first().isVisible()).toBe(true);
        expect(unexpected(errors)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
