import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { HttpClient, type HttpResult } from '../helpers/http-client.ts';
import { expectLoadSettled, runLoad, SCENARIO_TIMEOUT_MS } from '../helpers/load.ts';
import { startOwnServers, type OwnServers } from '../helpers/own-servers.ts';
import { loggedInClient, loginAs } from '../helpers/saml.ts';
import { commandDeps, municipalActor, ownExample, waitForState } from '../helpers/messages.ts';
import { activeUser, AMSTERDAM, onlyRole, personIn, settingsFor, twoMunicipalities } from '../helpers/users.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from '../helpers/worker-child.ts';

// The Temporal server stopped and started again, and PostgreSQL killed with SIGKILL and started
// again, each half-way through 200 exchanges and 50 registrations. Both are this file's own (the
// shared ones serve every other file), and the production worker runs as a child process against
// them. Afterwards every exchange is afgerond with one delivery and one retour, every registration
// waits for its code with one notification and one e-mail. What the web answers while a server is
// away is printed, not checked: that is the outage pages' business.
let own: OwnServers;
let system: AppSystem;
let beheerder: HttpClient;
let medewerker: HttpClient;
let worker: ChildProcess;
const EXCHANGES = 200;
const REGISTRATIONS = 50;
/** Long enough for a person to be served, short enough to see that nobody is. */
const PROBE_MS = 5_000;

beforeAll(async () => {
  own = await startOwnServers();
  system = await startAppSystem({
    database: own.database,
    configOverrides: { TEMPORAL_ADDRESS: own.temporalAddress },
    worker: false,
    // Retours follow a moment later, so exchanges are still open when a server goes away.
    retourDelayMs: 2_000,
    // The chain keeps trying to hand over its retours for minutes, as VECOZO does; the
    // simulator's default gives up after a few seconds, well within a restart.
    portalRetries: 10,
  });
  worker = await supervisedWorker();
  const { gbA } = await twoMunicipalities(system.web);
  const medewerkerIdentity = personIn(AMSTERDAM, 'medewerker-iwmo');
  await activeUser(system.web, medewerkerIdentity, settingsFor('Medewerker'), gbA, onlyRole('iwmo', 'gebruiker'));
  [beheerder, medewerker] = await Promise.all([
    loggedInClient(system.web, gbA),
    loggedInClient(system.web, medewerkerIdentity),
  ]);
}, 180_000);

const startWorker = () =>
  startWorkerProcess(
    { config: system.web.config, db: system.db, sink: system.sink },
    { TEMPORAL_ADDRESS: own.temporalAddress, VECOZO_URL: system.chain.vecozoUrl, CAK_URL: system.chain.cakUrl },
    // A server away fails every activity attempt meanwhile, each a warning; the counts say what happened.
    { sdkLogLevel: 'ERROR' },
  );

/**
 * How the worker processes ended that nobody stopped, each restarted as a process manager would
 * (systemd's Restart=always, say). Printed per scenario: an exit there is a crash to look into,
 * while the restart keeps the scenario's counts about what the system does after it.
 */
const workerCrashes: string[] = [];
let supervising = true;

async function supervisedWorker(): Promise<ChildProcess> {
  const child = await startWorker();
  child.once('exit', (code, signal) => {
    if (!supervising || child !== worker) return;
    workerCrashes.push(`exit ${String(code ?? signal)} at ${new Date().toISOString()}`);
    void supervisedWorker().then(
      (next) => (worker = next),
      (err: unknown) => workerCrashes.push(`not started again: ${(err as Error).message}`),
    );
  });
  return child;
}

/** The worker exits of the scenario that just ran, for its printed summary. */
function takeWorkerCrashes(): string {
  const crashes = workerCrashes.splice(0);
  return crashes.length ? `${crashes.length} (${crashes.join('; ')}), each started again` : '0';
}

afterAll(async () => {
  supervising = false;
  killWorkerProcesses();
  await system?.stop();
  await own?.stop();
});

function summary(res: HttpResult): string {
  const outagePage = res.body.includes('tijdelijk niet beschikbaar') ? ', outage page' : '';
  const retryAfter = res.headers.get('retry-after');
  return `${res.status}${retryAfter ? ` Retry-After ${retryAfter}` : ''}${outagePage}`;
}

async function bounded(request: Promise<string>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${PROBE_MS} ms`), PROBE_MS);
  });
  try {
    return await Promise.race([request.catch((err: unknown) => `failed: ${(err as Error).message}`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An upload as the upload route makes it. */
async function upload(): Promise<string> {
  const { xml } = ownExample('WMO301', AMSTERDAM.gemeentecode, { agb: '42420001' });
  const outcome = await submitUpload(
    commandDeps(system),
    municipalActor({ ...AMSTERDAM, subject: 'medewerker-iwmo' }, 'Amsterdam', ['iwmo']),
    'iwmo',
    { fileName: 'WMO301-tijdens.xml', bytes: Buffer.from(xml) },
    { confirmFindings: false },
  );
  const id = outcome.files[0]?.referentienummer;
  return outcome.status === 'sent' && id ? `sent ${id}` : outcome.status;
}
/** The upload made during an outage: a user's request, however long it takes. */
let uploadDuringOutage: Promise<string> | undefined;

/** How the upload made during the outage ended, and its exchange (when it was sent) once it is afgerond. */
async function uploadAfterRecovery(): Promise<string> {
  const outcome = await uploadDuringOutage!.catch((err: unknown) => `failed: ${(err as Error).message}`);
  const id = /^sent (\S+)$/.exec(outcome)?.[1];
  if (!id) return outcome;
  const done = await waitForState(system.db, id, 'afgerond', 60_000).then(
    () => 'afgerond',
    () => 'not afgerond within 60 s',
  );
  return `sent, its exchange ${done}`;
}

/** What a load balancer, logged-in users and someone logging in get right now. */
async function probeWeb(what: string): Promise<void> {
  const web = system.web;
  const [ready, ophalen, aanmeldingen, uploaded, login] = await Promise.all([
    bounded(new HttpClient(web.baseUrl).get('/healthz/ready').then(summary)),
    bounded(medewerker.get('/berichten/iwmo/ophalen').then(summary)),
    bounded(beheerder.get('/beheer/aanmeldingen').then(summary)),
    bounded((uploadDuringOutage = upload())),
    bounded(
      loginAs(new HttpClient(web.baseUrl), web, { organisationId: AMSTERDAM.organisationId, subject: 'tijdens' }).then(
        () => 'logged in',
      ),
    ),
  ]);
  console.log(
    `web while ${what}: /healthz/ready ${ready}; /berichten/iwmo/ophalen ${ophalen}; /beheer/aanmeldingen ${aanmeldingen}; an upload (submitUpload): ${uploaded}; a login: ${login}`,
  );
}

it(
  `ends ${EXCHANGES} exchanges and ${REGISTRATIONS} registrations once each after the Temporal server is stopped and started`,
  { timeout: SCENARIO_TIMEOUT_MS },
  async () => {
    const run = await runLoad(system, {
      label: 'after a restart of the Temporal server under load',
      prefix: 'TR',
      exchanges: EXCHANGES,
      registrations: REGISTRATIONS,
      pauseForFault: true,
      fault: async () => {
        await own.stopTemporal();
        await probeWeb('the Temporal server is stopped');
        await own.startTemporal();
      },
    });
    expect(run.beforeFault.length).toBeGreaterThan(0);
    await expectLoadSettled(system, run);
    console.log(`the upload made while the Temporal server was stopped: ${await uploadAfterRecovery()}`);
    console.log(`worker processes that died on their own during the scenario: ${takeWorkerCrashes()}`);
  },
);

it(
  `ends ${EXCHANGES} exchanges and ${REGISTRATIONS} registrations once each after PostgreSQL is killed and started`,
  { timeout: SCENARIO_TIMEOUT_MS },
  async () => {
    const run = await runLoad(system, {
      label: 'after SIGKILL and a restart of PostgreSQL under load',
      prefix: 'PK',
      exchanges: EXCHANGES,
      registrations: REGISTRATIONS,
      pauseForFault: true,
      fault: async () => {
        await own.killPostgres();
        await probeWeb('PostgreSQL is down');
        await own.startPostgres();
      },
    });
    expect(run.beforeFault.length).toBeGreaterThan(0);
    await expectLoadSettled(system, run);
    console.log(`the upload made while PostgreSQL was down: ${await uploadAfterRecovery()}`);
    console.log(`worker processes that died on their own during the scenario: ${takeWorkerCrashes()}`);
    supervising = false;
    await stopWorkerProcess(worker, 'SIGTERM');
  },
);
