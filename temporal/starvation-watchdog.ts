import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';

/**
 * A worker whose workflow pollers stopped while tasks wait on its queue. Seen under the fault
 * tests' load with SDK 1.24: 72 tasks waited two minutes on the normal queue, the worker idle and
 * its last normal poll two minutes old, while its activity polls went on. The likely cause is in
 * the Rust core's poll balancing (wft_poller.rs): it holds back normal-queue polls while the last
 * sticky backlog it saw is large, and only a sticky poll that returns a task updates that number,
 * so tasks the server moved to the normal queue (sticky schedule-to-start timeout) wait for good
 * (compare temporalio/sdk-rust#1534 and #1579, and sdk-java#1858 for the same bug in Java). A
 * restarted worker polls again, so the worker stops and its process manager starts it fresh.
 */

/** Tasks older than this with nothing in progress here: no healthy worker leaves them waiting. */
export const STARVED_AFTER_MS = 60_000;
/** Checks in a row that must see it, so one slow moment does not restart a worker. */
export const STARVED_CHECKS = 2;
const CHECK_EVERY_MS = 15_000;
/** How a starved worker exits (EX_TEMPFAIL): its process manager starts a fresh one. */
export const STARVED_EXIT_CODE = 75;

export type QueueSample = { backlogCount: number; backlogAgeMs: number; activationsInFlight: number };

/** Pure rule: tasks wait too long while this worker works on none of them. */
export function looksStarved(sample: QueueSample, starvedAfterMs = STARVED_AFTER_MS): boolean {
  return sample.backlogCount > 0 && sample.backlogAgeMs > starvedAfterMs && sample.activationsInFlight === 0;
}

/** Proto seconds arrive as a Long or a number. */
const toNumber = (v: unknown): number =>
  typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber: () => number }).toNumber()
    : Number(v ?? 0);

const durationMs = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? toNumber(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : 0;

async function sample(client: Client, worker: Worker, namespace: string, taskQueue: string): Promise<QueueSample> {
  const { stats } = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    reportStats: true,
  });
  return {
    backlogCount: toNumber(stats?.approximateBacklogCount),
    backlogAgeMs: durationMs(stats?.approximateBacklogAge),
    activationsInFlight: worker.getStatus().numInFlightWorkflowActivations,
  };
}

type Log = { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/**
 * Watches the worker's workflow queue while it runs and calls `onStarved` (stop the process) once
 * `looksStarved` holds STARVED_CHECKS times in a row. A failed check (Temporal away) counts as
 * nothing: the outage is not the worker's fault and it reconnects by itself.
 */
export function watchForStarvation(o: {
  client: Client;
  worker: Worker;
  namespace: string;
  taskQueue: string;
  logger: Log;
  onStarved: () => void;
  /** For tests; the defaults are STARVED_AFTER_MS and a check every 15 s. */
  starvedAfterMs?: number;
  checkEveryMs?: number;
  /** Each sample taken, for tests that wait for checks to have happened. */
  onSample?: (sample: QueueSample) => void;
}): () => void {
  let seen = 0;
  let checking = false;
  const timer = setInterval(() => {
    if (checking || o.worker.getState() !== 'RUNNING') return;
    checking = true;
    sample(o.client, o.worker, o.namespace, o.taskQueue)
      .then((s) => {
        o.onSample?.(s);
        seen = looksStarved(s, o.starvedAfterMs) ? seen + 1 : 0;
        if (seen >= STARVED_CHECKS) {
          clearInterval(timer);
          o.logger.error(
            { taskQueue: o.taskQueue, backlogCount: s.backlogCount, backlogAgeMs: s.backlogAgeMs },
            'workflow tasks wait while this worker polls none: stopping so that the process manager starts it fresh',
          );
          o.onStarved();
        }
      })
      .catch((err: unknown) => o.logger.warn({ err: (err as Error).message }, 'workflow queue check failed'))
      .finally(() => (checking = false));
  }, o.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
