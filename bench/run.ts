// `npm run bench`: printed, never asserted. Each figure comes with a baseline measured in the same
// run on the same machine, so the ratio means something on a loaded 2-core box too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devIdpUser } from '../gateways/simulators/eherkenning-idp/index.ts';
import { HttpClient } from '../test/helpers/http-client.ts';
import { loginThroughDevIdp } from '../test/helpers/saml.ts';
import { startDevSystem } from '../test/helpers/dev-system.ts';
import { ms, percentile, report, timeEach } from './lib/stats.ts';
import { benchAssignRole } from './assign-role.ts';
import { benchWorkerMemory } from './worker-memory.ts';
import { activeMunicipalityThroughPages, workingStaffThroughPages } from '../test/helpers/working-staff.ts';
import { benchUserLifecycles } from './user-lifecycle.ts';
import { benchValidator } from './validator.ts';
import { benchExchanges } from './exchanges.ts';
import { benchScaleOut } from './scale-out.ts';
import { benchWorkerRestart } from './worker-restart.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 30);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const USERS = Number(process.env.BENCH_USERS ?? 500);
const USER_CONCURRENCY = Number(process.env.BENCH_USER_CONCURRENCY ?? 10);
const ASSIGN_REQUESTS = Number(process.env.BENCH_ASSIGN_REQUESTS ?? 200);
const IDLE_WORKFLOWS = Number(process.env.BENCH_IDLE_WORKFLOWS ?? 5000);
const VALIDATOR_BYTES = Number(process.env.BENCH_VALIDATOR_BYTES ?? 24_900_000);
const EXCHANGES = Number(process.env.BENCH_EXCHANGES ?? 1000);
const EXCHANGE_CONCURRENCY = Number(process.env.BENCH_EXCHANGE_CONCURRENCY ?? 16);
const SCALE_EXCHANGES = Number(process.env.BENCH_SCALE_EXCHANGES ?? 500);
const RESTART_EXCHANGES = Number(process.env.BENCH_RESTART_EXCHANGES ?? 200);
const RESTART_READERS = Number(process.env.BENCH_RESTART_READERS ?? 4);

const BENCHES = {
  dev: benchDevSystem,
  users: () => benchUserLifecycles({ users: USERS, concurrency: USER_CONCURRENCY }),
  roles: () => benchAssignRole({ requests: ASSIGN_REQUESTS }),
  memory: () => benchWorkerMemory({ workflows: IDLE_WORKFLOWS, concurrency: 20 }),
  validator: () => benchValidator({ targetBytes: VALIDATOR_BYTES }),
  exchanges: () => benchExchanges({ exchanges: EXCHANGES, concurrency: EXCHANGE_CONCURRENCY }),
  scale: () => benchScaleOut({ exchanges: SCALE_EXCHANGES, concurrency: EXCHANGE_CONCURRENCY }),
  restart: () =>
    benchWorkerRestart({ exchanges: RESTART_EXCHANGES, concurrency: EXCHANGE_CONCURRENCY, readers: RESTART_READERS }),
};
type BenchName = keyof typeof BENCHES;

/** All benchmarks in order, or only those named in BENCH_ONLY (comma-separated, e.g. `BENCH_ONLY=exchanges`). */
async function main(): Promise<void> {
  const names = Object.keys(BENCHES) as BenchName[];
  const only = process.env.BENCH_ONLY?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = only?.filter((n) => !names.includes(n as BenchName)) ?? [];
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${names.join(', ')})`);
  for (const name of names) if (!only || only.includes(name)) await BENCHES[name]();
}

/** `npm run dev` start times, logins through the dev broker, GET / vs /healthz. */
async function benchDevSystem(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pz-bench-'));
  try {
    const cold = await startDevSystem(dataDir);
    await cold.stop();
    const warm = await startDevSystem(dataDir);
    report('npm run dev: start to healthy', [
      `cold (empty .data): ${ms(cold.startMs)}`,
      `warm (reused .data): ${ms(warm.startMs)}`,
      `warm / cold: ${(warm.startMs / cold.startMs).toFixed(2)}`,
    ]);

    try {
      const servicedesk = devIdpUser('servicedesk');
      const logins = await timeEach(LOGINS, async () => {
        const client = new HttpClient(warm.baseUrl);
        const acs = await loginThroughDevIdp(client, { idp: { baseUrl: warm.idpUrl } }, servicedesk);
        if (acs.status !== 303) throw new Error(`login refused: ${acs.status}`);
        const home = await client.follow(acs);
        if (home.status !== 200) throw new Error(`portal home: ${home.status}`);
      });
      report(`login round trip (AuthnRequest → dev broker → ACS → portal home), ${LOGINS} logins`, [
        `p50 ${ms(percentile(logins, 50))}, p95 ${ms(percentile(logins, 95))}`,
      ]);

      // Onboard 0363 through the servicedesk's own forms, then measure as a staff member of 0363.
      const desk = new HttpClient(warm.baseUrl);
      await desk.follow(await loginThroughDevIdp(desk, { idp: { baseUrl: warm.idpUrl } }, servicedesk));
      const staff = devIdpUser('medewerker1.amsterdam');
      await activeMunicipalityThroughPages(desk, {
        gemeentecode: '0363',
        name: 'Amsterdam',
        organisationId: staff.organisationId,
      });
      // A staff member works only once verified: through the registration pages, as a person would.
      const client = await workingStaffThroughPages({
        baseUrl: warm.baseUrl,
        idpUrl: warm.idpUrl,
        desk,
        staff,
        gemeentecode: '0363',
      });
      const health = await timeEach(REQUESTS, async () => {
        const res = await client.get('/healthz');
        if (res.status !== 200) throw new Error(`/healthz ${res.status}`);
      });
      const home = await timeEach(REQUESTS, async () => {
        const res = await client.get('/');
        if (res.status !== 200 || !res.body.includes('Welkom bij Portaal Zorg')) throw new Error(`GET / ${res.status}`);
      });
      const ratio = (p: number) => (percentile(home, p) / percentile(health, p)).toFixed(2);
      report(`GET / for a logged-in staff member vs GET /healthz, ${REQUESTS} requests each`, [
        `GET /healthz (baseline): p50 ${ms(percentile(health, 50))}, p95 ${ms(percentile(health, 95))}`,
        `GET /: p50 ${ms(percentile(home, 50))}, p95 ${ms(percentile(home, 95))}`,
        `ratio GET / ÷ /healthz: p50 ${ratio(50)}, p95 ${ratio(95)}`,
      ]);
    } finally {
      await warm.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  // In-process Temporal workers (user lifecycle) may leave native handles behind: end explicitly.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
