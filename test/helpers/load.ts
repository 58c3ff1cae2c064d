import { and, count, eq, inArray, like } from 'drizzle-orm';
import { expect } from 'vitest';
import { notificationMessageId } from '../../activities/notifications.ts';
import { messages, notifications, users } from '../../db/schema.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { isDependencyOutage } from '../../usecases/outage.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import { messageWorkflowId } from '../../workflows/message/messages.ts';
import { UserFailureType, userWorkflowId } from '../../workflows/user/messages.ts';
import type { AppSystem } from './app-system.ts';
import { commandDeps, municipalActor, ownExample } from './messages.ts';
import { AMSTERDAM, keyOf, personIn, registered, settingsFor, type Person } from './users.ts';
import { waitFor } from './wait.ts';

/**
 * Load for fault tests: WMO301 uploads of Amsterdam (each its own exchange, delivered to VECOZO
 * and answered with a WMO302) and registrations of Amsterdam staff (first login and personal
 * settings: a notification to the gebruikersbeheerders and its e-mail), both with bounded
 * concurrency, through the same use cases the routes call. Needs `twoMunicipalities` first.
 */

const AGB = '42420001';
const UPLOAD_CONCURRENCY = 20;
const REGISTRATION_CONCURRENCY = 5;
const actor = municipalActor({ ...AMSTERDAM, subject: 'last' }, 'Amsterdam', ['iwmo']);

export type LoadRun = {
  label: string;
  /** Referentienummers of the accepted uploads. */
  exchanges: string[];
  registrations: Person[];
  /** Accepted before the fault, and how many of those had not ended yet when it struck. */
  beforeFault: string[];
  openAtFault: number;
  /** Tries again after "probeer het opnieuw", by what was tried and why (see `askedToTryAgain`). */
  triedAgain: { uploads: number; registrations: number; reasons: Map<string, number> };
  /** When the load began and how long it ran (ms), for the wall time printed at settle. */
  startedAt: number;
  loadMs: number;
};

/**
 * Bound for one scenario (load, fault, settle): about 70 s each on the loaded 2-core box, where
 * the settle alone may take up to its own 300 s bound.
 */
export const SCENARIO_TIMEOUT_MS = 480_000;

/** How often a person tries the same upload or registration before giving up. */
const TRIES = 10;

/**
 * Why the portal asked to try again, or undefined when it did not: Temporal or PostgreSQL away or
 * busy (what the web answers with 503 and Retry-After), or a workflow that could not store the
 * change and says "er is niets gewijzigd; probeer het over een paar minuten opnieuw".
 */
function askedToTryAgain(err: unknown): string | undefined {
  if (err instanceof CommandRejected) return err.type === UserFailureType.Unavailable ? err.type : undefined;
  return isDependencyOutage(err) ? (err as Error).name : undefined;
}

/**
 * Does `op` again after a "try again" answer, as a person would: a little later each time, at most
 * TRIES times in all. Doing it again is safe: an upload that was refused stored nothing and
 * released its identification, and the same login and settings again change nothing.
 */
async function asAPersonWould(
  run: LoadRun,
  what: 'uploads' | 'registrations',
  op: () => Promise<void>,
  whatItWaitsFor?: () => Promise<string>,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const reason = askedToTryAgain(err);
      if (reason && attempt >= TRIES && whatItWaitsFor) {
        const waitingOn = await whatItWaitsFor().catch((e: unknown) => `(not described: ${String(e)})`);
        throw new Error(`gave up after ${TRIES} tries (${reason}); the workflow meanwhile: ${waitingOn}`, {
          cause: err,
        });
      }
      if (!reason || attempt >= TRIES) throw err;
      run.triedAgain[what]++;
      const key = `${what}: ${reason}`;
      run.triedAgain.reasons.set(key, (run.triedAgain.reasons.get(key) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5_000)));
    }
  }
}

/**
 * Runs the load. With `fault`: once half of the uploads are done, `fault` runs (a kill, say). With
 * `pauseForFault` new work waits meanwhile and nothing of the load is in flight when it strikes
 * (a server outage, which users meet as errors), otherwise the load goes on. `prefix` (two
 * letters) keeps Identificaties and subjects apart between runs on one database.
 */
export async function runLoad(
  system: AppSystem,
  o: {
    label: string;
    prefix: string;
    exchanges: number;
    registrations: number;
    fault?: () => Promise<void>;
    pauseForFault?: boolean;
  },
): Promise<LoadRun> {
  const deps = commandDeps(system);
  const run: LoadRun = {
    label: o.label,
    exchanges: [],
    registrations: [],
    beforeFault: [],
    openAtFault: 0,
    triedAgain: { uploads: 0, registrations: 0, reasons: new Map() },
    startedAt: Date.now(),
    loadMs: 0,
  };
  // Half-way by the uploads (by the registrations when there are no uploads).
  const halfway =
    o.exchanges > 0
      ? { kind: 'exchanges' as const, n: o.exchanges }
      : { kind: 'registrations' as const, n: o.registrations };
  const done = { exchanges: 0, registrations: 0 };
  let inFlight = 0;
  let gate: Promise<void> | undefined;
  let faulted: Promise<void> | undefined;

  const strikeWhenHalfway = () => {
    if (!o.fault || faulted || done[halfway.kind] < Math.ceil(halfway.n / 2)) return;
    const fault = o.fault;
    let open!: () => void;
    if (o.pauseForFault) gate = new Promise<void>((resolve) => (open = resolve));
    faulted = (async () => {
      if (o.pauseForFault) await waitFor('the load in flight to finish', () => inFlight === 0, { timeoutMs: 120_000 });
      run.beforeFault = [...run.exchanges];
      run.openAtFault = run.beforeFault.length - (await afgerondAmong(system, run.beforeFault));
      await fault();
    })().finally(() => {
      gate = undefined;
      if (o.pauseForFault) open();
    });
  };

  async function pool(kind: 'exchanges' | 'registrations', concurrency: number, op: (i: number) => Promise<void>) {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < o[kind]) {
          const i = next++;
          while (gate) await gate;
          inFlight++;
          try {
            await op(i);
          } finally {
            inFlight--;
          }
          done[kind]++;
          strikeWhenHalfway();
        }
      }),
    );
  }

  await Promise.all([
    pool('exchanges', UPLOAD_CONCURRENCY, (i) =>
      asAPersonWould(run, 'uploads', async () => {
        const { xml } = ownExample('WMO301', AMSTERDAM.gemeentecode, {
          agb: AGB,
          identificatie: `${o.prefix}${String(i).padStart(6, '0')}`,
        });
        const outcome = await submitUpload(
          deps,
          actor,
          'iwmo',
          { fileName: `WMO301-${i}.xml`, bytes: Buffer.from(xml) },
          { confirmFindings: false },
        );
        expect(outcome.status, JSON.stringify(outcome.files[0]?.problems)).toBe('sent');
        run.exchanges.push(outcome.files[0]!.referentienummer!);
      }),
    ),
    pool('registrations', REGISTRATION_CONCURRENCY, async (i) => {
      const person = personIn(AMSTERDAM, `${o.prefix.toLowerCase()}-aanmelding-${i}`);
      await asAPersonWould(
        run,
        'registrations',
        async () => {
          await registered(system.web, person, settingsFor(`Aanmelder${o.prefix}`));
        },
        () => workflowActivity(system, userWorkflowId(person.gemeentecode, person.subject)),
      );
      run.registrations.push(person);
    }),
  ]);
  await faulted;
  run.loadMs = Date.now() - run.startedAt;
  return run;
}

/**
 * What a workflow is doing, for the message of a person who gave up: its status and its pending
 * activities with their attempt and last failure, so a failed run says where the time went.
 */
async function workflowActivity(system: AppSystem, workflowId: string): Promise<string> {
  const { raw, status } = await system.web.temporal.workflow.getHandle(workflowId).describe();
  const pending = (raw.pendingActivities ?? []).map(
    (a) =>
      `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? '?'} (${String(a.state)}` +
      `${a.lastFailure?.message ? `, last failure: ${a.lastFailure.message}` : ''})`,
  );
  return (
    `${status.name}, history ${String(raw.workflowExecutionInfo?.historyLength ?? '?')} events, ` +
    `pending activities: ${pending.length ? pending.join('; ') : 'none'}`
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function afgerondAmong(system: AppSystem, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await system.db.db
    .select({ n: count() })
    .from(messages)
    .where(and(inArray(messages.id, ids), eq(messages.state, 'afgerond')));
  return row?.n ?? 0;
}

const pendingKeyPrefix = (p: Person) => `${userWorkflowId(p.gemeentecode, p.subject)}:registration_pending:`;

/**
 * Waits until the load has settled, prints one plain line of counts and checks them: every
 * exchange afgerond with one accepted delivery (by referentienummer, the key the chain is
 * idempotent on) and one retour; every registration waiting for its code, with one notification
 * and its e-mail (one, or copies with one Message-ID); no overdue notice.
 */
export async function expectLoadSettled(system: AppSystem, run: LoadRun, timeoutMs = 300_000): Promise<void> {
  // One bound for the whole settle, not one per wait: a loaded 2-core box may need most of it.
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(deadline - Date.now(), 1_000);
  const ids = run.exchanges;
  const afgerond = await waitFor(
    `all ${ids.length} exchanges afgerond (${run.label})`,
    async () => {
      const n = await afgerondAmong(system, ids);
      return n === ids.length && n;
    },
    { timeoutMs: left(), intervalMs: 250 },
  ).catch(async (err: unknown) => {
    console.log(`${run.label}: not settled, ${await afgerondAmong(system, ids)}/${ids.length} afgerond`);
    throw err;
  });

  const keys = run.registrations.map(keyOf);
  const registrationNotices = async () =>
    run.registrations.length === 0
      ? []
      : system.db.db
          .select({ key: notifications.key, emailSentAt: notifications.emailSentAt })
          .from(notifications)
          .where(and(eq(notifications.kind, 'registration_pending'), like(notifications.key, `user/%`)))
          .then((rows) => rows.filter((r) => run.registrations.some((p) => r.key.startsWith(pendingKeyPrefix(p)))));
  const notices = await waitFor(
    `a mailed notification for each of ${keys.length} registrations (${run.label})`,
    async () => {
      const rows = await registrationNotices();
      return rows.length >= keys.length && rows.every((r) => r.emailSentAt) && rows;
    },
    { timeoutMs: left(), intervalMs: 250 },
  );
  const waiting =
    keys.length === 0
      ? 0
      : ((
          await system.db.db
            .select({ n: count() })
            .from(users)
            .where(and(inArray(users.userKey, keys), eq(users.status, 'wacht_op_verificatie')))
        )[0]?.n ?? 0);
  const mails = system.sink.messages();
  const mailsOf = notices.map((n) => mails.filter((m) => m.messageId.includes(notificationMessageId(n.key))));
  const mailsPerNotice = mailsOf.map((m) => m.length);
  // Copies name their Message-ID, the key receivers drop repeats on; one line per key mailed more than once.
  const repeated = mailsOf.filter((m) => m.length > 1).map((m) => `${m[0]!.messageId} x${m.length}`);

  const retourRows =
    ids.length === 0
      ? []
      : await system.db.db
          .select({ workflowId: messages.workflowId, n: count() })
          .from(messages)
          .where(and(eq(messages.messageCode, 'WMO302'), inArray(messages.workflowId, ids.map(messageWorkflowId))))
          .groupBy(messages.workflowId);
  const retours = new Map(retourRows.map((r) => [r.workflowId, r.n]));
  const accepted = ids.map((id) => system.chain.deliveryCount(id));
  const attempts = ids.map((id) => system.chain.deliveryAttempts(id));
  const overdue = await system.db.db
    .select({ n: count() })
    .from(notifications)
    .where(inArray(notifications.kind, ['message_overdue', 'message_expired']));
  const overdueNotices = overdue[0]?.n ?? 0;
  const oneEach = (values: number[]) => values.filter((n) => n === 1).length;
  const retoursPerExchange = ids.map((id) => retours.get(messageWorkflowId(id)) ?? 0);

  console.log(
    `${run.label}: exchanges ${afgerond}/${ids.length} afgerond` +
      (run.beforeFault.length
        ? ` (${run.beforeFault.length} accepted before the fault, ${run.openAtFault} of them still open then, all afgerond after)`
        : '') +
      `; deliveries at the chain by referentienummer ${oneEach(accepted)}/${ids.length} exactly one` +
      ` (attempts ${attempts.reduce((a, b) => a + b, 0)}, ${attempts.filter((n) => n > 1).length} messages sent more than once)` +
      `; retours ${oneEach(retoursPerExchange)}/${ids.length} exactly one` +
      `; registrations ${waiting}/${keys.length} wacht_op_verificatie` +
      `; notifications ${notices.length}/${keys.length}, mails ${oneEach(mailsPerNotice)}/${notices.length} exactly one per notification (${repeated.length} sent again with the same Message-ID${repeated.length ? `: ${repeated.join(', ')}` : ''})` +
      `; overdue notices ${overdueNotices}` +
      `; tried again after "probeer het opnieuw": ${run.triedAgain.uploads} uploads, ${run.triedAgain.registrations} registrations` +
      (run.triedAgain.reasons.size ? ` (${[...run.triedAgain.reasons].map(([k, n]) => `${k} ${n}`).join(', ')})` : '') +
      `; wall time ${seconds(Date.now() - run.startedAt)} (load ${seconds(run.loadMs)})`,
  );
  expect(new Set(ids).size).toBe(ids.length);
  expect(accepted.every((n) => n === 1)).toBe(true);
  expect(retoursPerExchange.every((n) => n === 1)).toBe(true);
  expect(waiting).toBe(keys.length);
  expect(notices).toHaveLength(keys.length);
  // Once, except when the process or the database dies between the SMTP send and the commit that
  // records it (mailNotificationOnce): then again, with the same Message-ID, so receivers drop the copy.
  expect(mailsPerNotice.every((n) => n >= 1)).toBe(true);
  expect(mailsOf.every((m) => new Set(m.map((x) => x.messageId)).size === 1)).toBe(true);
  expect(overdueNotices).toBe(0);
}
