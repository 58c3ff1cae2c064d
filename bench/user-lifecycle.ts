/**
 * Benchmark: N users through the whole lifecycle (first login, settings, code issued,
 * code entered, role assigned) via web's own command functions, against a baseline in the same
 * run: a trivial workflow started with Update-with-Start and sent the same number of Updates.
 * Its own Temporal dev server, PostgreSQL and SMTP sink; the real worker in this process.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { PersonalSettings, Roles } from '../domain/user.ts';
import {
  firstLogin,
  issueVerificationCode,
  savePersonalSettings,
  setRoles,
  submitVerificationCode,
} from '../usecases/users.ts';
import { activeGemeente, startBenchSystem } from './lib/environment.ts';
import { ms, percentile, pool, report } from './lib/stats.ts';
import { touchUpdate, type baselineWorkflow } from './workflows/baseline.ts';

const STEPS = [
  'firstLogin',
  'savePersonalSettings',
  'issueVerificationCode',
  'submitVerificationCode',
  'setRoles',
] as const;
type Step = (typeof STEPS)[number];
type Samples = Record<Step, number[]>;

const GEMEENTE = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
const ROLES: Roles = { products: [{ product: 'iwmo', role: 'gebruiker' }], gebruikersbeheerder: false };

const settingsOf = (i: number): PersonalSettings => ({
  aanhef: 'anders',
  voorletters: 'B.',
  voornaam: '',
  tussenvoegsel: '',
  achternaam: 'Bank',
  afdeling: 'Wmo',
  telefoonnummer: '',
  email: `bench${i}@gemeente.example`,
  nieuwsbrief: false,
});

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  samples.push(performance.now() - start);
  return result;
}

const emptySamples = (): Samples => Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Samples;

export async function benchUserLifecycles(options: { users: number; concurrency: number }): Promise<void> {
  const system = await startBenchSystem('users');
  const { client, config, baselineQueue } = system;
  try {
    const desk = await activeGemeente(system, GEMEENTE);
    const beheerder = await lifecycle(
      client,
      config,
      'bench-gb',
      settingsOf(0),
      { actor: desk, kind: 'servicedesk' },
      true,
    );

    // Warm-up of both paths (bundles in the cache, connections open), not measured.
    await pool(10, options.concurrency, (i) => baseline(client, baselineQueue, `warm-${i}`, emptySamples()));
    await pool(10, options.concurrency, (i) =>
      lifecycle(client, config, `warm-${i}`, settingsOf(i), beheerder.issuer, false, emptySamples()).then(
        () => undefined,
      ),
    );

    const baseSamples = emptySamples();
    const baseMs = await pool(options.users, options.concurrency, (i) =>
      baseline(client, baselineQueue, `b-${i}`, baseSamples),
    );
    const userSamples = emptySamples();
    const userMs = await pool(options.users, options.concurrency, async (i) => {
      await lifecycle(client, config, `u-${i}`, settingsOf(i), beheerder.issuer, false, userSamples);
    });

    const perSecond = (wallMs: number) => (options.users / wallMs) * 1000;
    report(
      `user lifecycle (login → settings → code → verify → role), ${options.users} users, ${options.concurrency} at a time`,
      [
        `baseline (Update-with-Start + 4 Updates on a trivial workflow): ${perSecond(baseMs).toFixed(1)} per second`,
        `user lifecycle via usecases/users.ts: ${perSecond(userMs).toFixed(1)} per second`,
        `ratio baseline ÷ lifecycle throughput: ${(perSecond(baseMs) / perSecond(userMs)).toFixed(2)}`,
        ...STEPS.map(
          (step) =>
            `${step}: p50 ${ms(percentile(userSamples[step], 50))}, p95 ${ms(percentile(userSamples[step], 95))} ` +
            `(baseline p95 ${ms(percentile(baseSamples[step], 95))}, ratio ${(percentile(userSamples[step], 95) / percentile(baseSamples[step], 95)).toFixed(2)})`,
        ),
        "issue and submit include web's scrypt hash of the code (by design ~35 ms of CPU each); the baseline has none.",
      ],
    );
  } finally {
    await system.stop();
  }
}

type LifecycleConfig = Parameters<typeof firstLogin>[1] & Parameters<typeof issueVerificationCode>[1];

/**
 * One person through the lifecycle; `asBeheerder`: the servicedesk's code makes them gebruikersbeheerder (no role
 * step).
 */
async function lifecycle(
  client: Client,
  config: LifecycleConfig,
  subject: string,
  settings: PersonalSettings,
  issuer: { actor: string; kind: 'gebruikersbeheerder' | 'servicedesk' },
  asBeheerder: boolean,
  samples: Samples = emptySamples(),
): Promise<{ issuer: { actor: string; kind: 'gebruikersbeheerder' } }> {
  const person = { gemeentecode: GEMEENTE.gemeentecode, subject, organisationId: GEMEENTE.organisationId };
  const actor = `${GEMEENTE.organisationId}/${subject}`;
  await timed(samples.firstLogin, () => firstLogin(client, config, person, actor));
  await timed(samples.savePersonalSettings, () => savePersonalSettings(client, person, settings, actor));
  const { code } = await timed(samples.issueVerificationCode, () =>
    issueVerificationCode(client, config, person, issuer, { grantsGebruikersbeheerder: asBeheerder }),
  );
  const outcome = await timed(samples.submitVerificationCode, () =>
    submitVerificationCode(client, person, code, actor),
  );
  if (outcome.outcome !== 'verified') throw new Error(`not verified: ${outcome.outcome}`);
  if (!asBeheerder) await timed(samples.setRoles, () => setRoles(client, person, ROLES, issuer.actor));
  return { issuer: { actor, kind: 'gebruikersbeheerder' } };
}

/** The same number of commands on a workflow that does nothing: Update-with-Start, then four Updates. */
async function baseline(client: Client, taskQueue: string, id: string, samples: Samples): Promise<void> {
  const workflowId = `bench/${id}-${randomBytes(3).toString('hex')}`;
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
    workflowId,
    taskQueue,
    args: [],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await timed(samples.firstLogin, () =>
    client.workflow.executeUpdateWithStart(touchUpdate, { args: [{ step: 'start' }], startWorkflowOperation }),
  );
  const handle = client.workflow.getHandle(workflowId);
  for (const step of STEPS.slice(1))
    await timed(samples[step], () => handle.executeUpdate(touchUpdate, { args: [{ step }] }));
}

/** Also runnable on its own: `npx tsx bench/user-lifecycle.ts` (BENCH_USERS, BENCH_USER_CONCURRENCY). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchUserLifecycles({
    users: Number(process.env.BENCH_USERS ?? 500),
    concurrency: Number(process.env.BENCH_USER_CONCURRENCY ?? 10),
  }).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
