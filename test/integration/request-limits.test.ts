import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageFiles, rateLimits } from '../../db/schema.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { csrfTokenIn, unescapeHtml } from '../helpers/http-client.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { loggedInClient } from '../helpers/saml.ts';
import { activeUser, AMSTERDAM, onlyRole, personIn, settingsFor, twoMunicipalities } from '../helpers/users.ts';
import { startTestWeb, type TestWeb } from '../helpers/web.ts';

// Limits that protect everyone, counted in PostgreSQL (so they hold across web processes): a Dutch
// answer with the time to wait and Retry-After, and nothing done for the refused request.

describe('login attempts per client address', () => {
  let db: TestDatabase;
  let web: TestWeb;
  beforeAll(async () => {
    db = await createTestDatabase();
    web = await startTestWeb({
      db,
      configOverrides: { LOGIN_RATE_LIMIT_PER_IP_ATTEMPTS: '2', LOGIN_RATE_LIMIT_WINDOW_MINUTES: '10' },
    });
  });
  afterAll(async () => {
    await web?.stop();
    await db?.drop();
  });

  it('sends the first ones to the broker and refuses the next with 429, the wait in minutes and Retry-After', async () => {
    const start = () => fetch(`${web.baseUrl}/login`, { redirect: 'manual' });
    expect((await start()).status).toBe(302);
    expect((await start()).status).toBe(302);
    const refused = await start();
    const body = unescapeHtml(await refused.text());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(body).toContain('Te veel inlogpogingen');
    expect(body).toMatch(/Probeer het over 10 minuten opnieuw/);
    // The answer from the broker counts against the same address.
    expect(
      (
        await fetch(`${web.baseUrl}/saml/acs`, {
          method: 'POST',
          body: new URLSearchParams({ SAMLResponse: 'x' }),
          redirect: 'manual',
        })
      ).status,
    ).toBe(429);
    // Only a hash of the address is stored.
    const keys = (await db.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^login:ip:[0-9a-f]{32}$/);
    expect(keys[0]).not.toContain('127.0.0.1');
  });
});

describe('uploads per user', () => {
  let system: AppSystem;
  const user = personIn(AMSTERDAM, 'limiet-uploader');
  beforeAll(async () => {
    system = await startAppSystem({
      configOverrides: {
        TEMPORAL_NAMESPACE: await isolatedNamespace('pz-request-limits'),
        UPLOAD_RATE_LIMIT_PER_USER_ATTEMPTS: '2',
      },
    });
    const { gbA } = await twoMunicipalities(system.web);
    await activeUser(system.web, user, settingsFor('Uploader'), gbA, onlyRole('iwmo', 'gebruiker'));
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('refuses the upload beyond the limit with 429 before reading it, in Dutch and in JSON, storing nothing', async () => {
    const client = await loggedInClient(system.web, user);
    const token = csrfTokenIn((await client.get('/')).body);
    const post = (accept: string) =>
      fetch(new URL('/berichten/iwmo/aanleveren', system.web.baseUrl), {
        method: 'POST',
        headers: {
          cookie: `pz.sid=${client.cookie('pz.sid')}`,
          'content-type': 'application/xml',
          'x-bestandsnaam': 'geen-bericht.xml',
          'x-csrf-token': token,
          accept,
        },
        body: '<geen-bericht/>',
        redirect: 'manual',
      });
    const filesBefore = (await system.db.db.select().from(messageFiles)).length;
    expect((await post('application/json')).status).toBe(422);
    expect((await post('text/html')).status).toBe(422);
    const page = await post('text/html');
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).not.toBeNull();
    expect(unescapeHtml(await page.text())).toContain(
      'U heeft in korte tijd te veel bestanden aangeleverd. Er is niets verzonden. Probeer het over 10 minuten opnieuw.',
    );
    const json = await post('application/json');
    expect(json.status).toBe(429);
    expect(await json.json()).toMatchObject({ status: 'rate_limited', files: [] });
    expect((await system.db.db.select().from(messageFiles)).length).toBe(filesBefore);
  });
});
