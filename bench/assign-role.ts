/**
 * Benchmark of the user lifecycle, one request: the "assign role" request as a gebruikersbeheerder's browser
 * sends it with htmx (POST with HX-Request and X-CSRF-Token → setRoles Update → the roles fragment),
 * against a bare executeUpdate on a trivial workflow in the same run. Its own Temporal dev server,
 * PostgreSQL, SMTP sink and dev broker; the real web app and worker in this process.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { PersonalSettings } from '../domain/user.ts';
import { devIdpUser, startDevIdp } from '../gateways/simulators/eherkenning-idp/index.ts';
import { createLogger } from '../logger.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { csrfTokenIn, HttpClient } from '../test/helpers/http-client.ts';
import { loginThroughDevIdp } from '../test/helpers/saml.ts';
import { createApp } from '../web/app.ts';
import { firstLogin, issueVerificationCode, savePersonalSettings, submitVerificationCode } from '../usecases/users.ts';
import { activeGemeente, startBenchSystem } from './lib/environment.ts';
import { ms, percentile, report, timeEach } from './lib/stats.ts';
import { touchUpdate, type baselineWorkflow } from './workflows/baseline.ts';

const settings = (achternaam: string): PersonalSettings => ({
  aanhef: 'anders',
  voorletters: 'B.',
  voornaam: '',
  tussenvoegsel: '',
  achternaam,
  afdeling: 'Wmo',
  telefoonnummer: '',
  email: `${achternaam.toLowerCase()}@gemeente.example`,
  nieuwsbrief: false,
});

export async function benchAssignRole(options: { requests: number }): Promise<void> {
  const [port, idpPort] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${port}`;
  const system = await startBenchSystem('roles', () => ({
    PUBLIC_URL: publicUrl,
    SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
    SAML_IDP_ENTRY_POINT: `http://127.0.0.1:${idpPort}/sso`,
  }));
  const { client, config, baselineQueue } = system;
  const idp = await startDevIdp({
    port: idpPort,
    spEntityId: config.SAML_SP_ENTITY_ID,
    issuer: config.SAML_IDP_ISSUER,
  });
  const { app } = createApp({
    config,
    db: system.db,
    temporal: client,
    logger: createLogger({ level: 'warn', pretty: false, name: 'bench-web' }),
    validator: undefined,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    // 0363 with the dev broker's beheerder.amsterdam as its first gebruikersbeheerder, made as the servicedesk does.
    const beheerder = devIdpUser('beheerder.amsterdam');
    const gemeente = { gemeentecode: '0363', name: 'Amsterdam', organisationId: beheerder.organisationId };
    const desk = await activeGemeente(system, gemeente);
    const become = async (subject: string, issuer: { actor: string; kind: 'gebruikersbeheerder' | 'servicedesk' }) => {
      const who = { gemeentecode: '0363', subject, organisationId: gemeente.organisationId };
      const key = `${gemeente.organisationId}/${subject}`;
      await firstLogin(client, config, who, key);
      await savePersonalSettings(
        client,
        who,
        settings(subject.startsWith('bench') ? 'Doelgebruiker' : 'Beheerder'),
        key,
      );
      const { code } = await issueVerificationCode(client, config, who, issuer, {
        grantsGebruikersbeheerder: issuer.kind === 'servicedesk',
      });
      await submitVerificationCode(client, who, code, key);
      return key;
    };
    const gbKey = await become(beheerder.actingSubjectId, { actor: desk, kind: 'servicedesk' });
    await become('bench-target', { actor: gbKey, kind: 'gebruikersbeheerder' });

    const browser = new HttpClient(publicUrl);
    await browser.follow(await loginThroughDevIdp(browser, { idp }, beheerder));
    const token = csrfTokenIn((await browser.get('/beheer/gebruikers/bench-target')).body);
    // Alternating roles, so every request is a real change (an identical one would be a no-op Update).
    const assign = async (i: number) => {
      const res = await browser.request('/beheer/gebruikers/bench-target/rollen', {
        method: 'POST',
        headers: { 'HX-Request': 'true', 'X-CSRF-Token': token },
        form: { rollen: i % 2 === 0 ? 'iwmo:gebruiker' : 'ijw:gebruiker' },
      });
      if (res.status !== 200 || !res.body.includes('De rollen zijn opgeslagen.'))
        throw new Error(`assign role: ${res.status}`);
    };

    const workflowId = `bench/roles-baseline-${randomBytes(3).toString('hex')}`;
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
      workflowId,
      taskQueue: baselineQueue,
      args: [],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await client.workflow.executeUpdateWithStart(touchUpdate, { args: [{ step: 'start' }], startWorkflowOperation });
    const handle = client.workflow.getHandle(workflowId);
    const bare = async () => {
      await handle.executeUpdate(touchUpdate, { args: [{ step: 'touch' }] });
    };

    await timeEach(20, assign);
    await timeEach(20, bare);
    const baseline = await timeEach(options.requests, bare);
    const requests = await timeEach(options.requests, (i) => assign(i + 20));
    const ratio = (p: number) => (percentile(requests, p) / percentile(baseline, p)).toFixed(2);
    report(`assign role: HTTP POST with htmx headers → setRoles Update → fragment, ${options.requests} requests`, [
      `bare executeUpdate on a trivial workflow (baseline): p50 ${ms(percentile(baseline, 50))}, p95 ${ms(percentile(baseline, 95))}`,
      `assign-role request: p50 ${ms(percentile(requests, 50))}, p95 ${ms(percentile(requests, 95))}`,
      `ratio request ÷ baseline: p50 ${ratio(50)}, p95 ${ratio(95)}`,
      'the request adds: session, actor and permissions read from PostgreSQL, CSRF check, the read model write and audit row (activities) before the Update answers, rendering.',
    ]);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await idp.stop();
    await system.stop();
  }
}

/** Also runnable on its own: `npx tsx bench/assign-role.ts` (BENCH_ASSIGN_REQUESTS). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchAssignRole({ requests: Number(process.env.BENCH_ASSIGN_REQUESTS ?? 200) }).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
