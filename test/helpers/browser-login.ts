import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { codeInSms, type DevIdpUser, type SmsMessage } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { expectAccessible } from './browser.ts';

/**
 * The whole eHerkenning dialogue in Chromium as a person does it (makelaar, password, SMS code),
 * starting at the portal in `page`, with axe on every broker page. The SMS code is looked up by the
 * person's phone number, so two browsers can log in at the same time. Resolves once the portal has
 * answered the ACS.
 */
export async function logInInBrowser(page: Page, portalUrl: string, idpUrl: string, user: DevIdpUser): Promise<void> {
  await page.goto(portalUrl);
  await expect.poll(() => page.url()).toContain(idpUrl);
  await expectAccessible(page);
  await page
    .getByLabel(new RegExp(user.makelaar === 'sleutelmakelaar' ? 'Sleutelmakelaar' : 'Poortwachter', 'i'))
    .check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.getByLabel('Gebruikersnaam').fill(user.username);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await expectAccessible(page);
  const sentBefore = await smsCount(idpUrl, user);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Voer de sms-code in' }).waitFor();
  await expectAccessible(page);
  await expect.poll(() => smsCount(idpUrl, user)).toBeGreaterThan(sentBefore);
  const code = codeInSms((await smsTo(idpUrl, user)).at(-1)!.text);
  expect(code, 'an SMS code in the outbox').toBeDefined();
  await page.getByLabel('Sms-code').fill(code!);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.waitForURL((url) => url.toString().startsWith(portalUrl));
  await page.waitForLoadState('load');
}

async function smsTo(idpUrl: string, user: DevIdpUser): Promise<SmsMessage[]> {
  const outbox = (await (await fetch(`${idpUrl}/sms.json`)).json()) as SmsMessage[];
  return outbox.filter((m) => m.to === user.phone);
}

const smsCount = async (idpUrl: string, user: DevIdpUser) => (await smsTo(idpUrl, user)).length;
