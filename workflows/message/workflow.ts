import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import {
  dutiesNowExpired,
  dutiesNowOverdue,
  isClosed,
  markDelivered,
  markExpired,
  markOverdue,
  markRefused,
  nextDeadline,
  nextDueAt,
  openExchange,
  recordAnswer,
  startDeadlines,
  type Delay,
  type ExchangeState,
} from '../../domain/message-exchange.ts';
import { PzDueAt, PzKind, PzMessageCode, PzOrganisation, PzState } from '../search-attributes.ts';
import {
  answerReceivedSignal,
  answerSentSignal,
  deliveryFailedSignal,
  MessageFailureType,
  exchangeStateQuery,
  recordedUpdate,
  type AnswerReceived,
  type AnswerSent,
  type MessageWorkflowInput,
} from './messages.ts';

// Read model, audit and notifications must land, however long the database is away.
const STORE_OPTIONS = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m' },
} as const;
const remoteStore = proxyActivities<Activities>(STORE_OPTIONS);
// The same writes as local activities: a save is one row next to the worker, and as a regular
// activity it cost two more round trips through the Temporal server (schedule, complete) on
// every state change of every exchange. Retried the same way (beyond a minute by timers).
const localStore = resumedAfterEviction(proxyLocalActivities<Activities>(STORE_OPTIONS));
/** Exchanges started before the local store keep their regular activities on replay. */
const LOCAL_STORE_PATCH = 'store-as-local-activities';
// A chain party that is down is retried until it is back (the exchange waits, nothing is lost);
// a refusal (Fo01) is final. The party is idempotent on the referentienummer.
// The HTTP gateway gives up after 30 s; an attempt lost with a killed worker is retried after 35 s.
const chain = proxyActivities<Activities>({
  startToCloseTimeout: '35s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    nonRetryableErrorTypes: [MessageFailureType.DeliveryRefused],
  },
});

/**
 * A worker that evicts a run from its cache (a full cache, a shutdown) cancels that run's
 * running local activities, and the cancellation reaches the workflow as a failure although
 * nobody cancelled the exchange. Such a store call is simply made again: the writes are
 * idempotent (versioned saves, keyed rows). A cancellation of the exchange itself still ends it.
 */
function resumedAfterEviction<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, name, receiver) {
      const call: unknown = Reflect.get(target, name, receiver);
      if (typeof call !== 'function') return call;
      return async (...args: unknown[]) => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await (call as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (err) {
            if (!isCancellation(err) || CancellationScope.current().consideredCancelled || attempt >= 10) throw err;
            log.warn('local store call cancelled without the exchange being cancelled; calling again', {
              activity: String(name),
              attempt,
            });
          }
        }
      };
    },
  });
}

type Arrival =
  { kind: 'received'; answer: AnswerReceived } | { kind: 'sent'; answer: AnswerSent } | { kind: 'fo01'; code: string };

/**
 * One message exchange, `msg/<referentienummer>` (DESIGN.md): delivers an outgoing message,
 * starts its deadlines, and waits for the retour or answer that closes each one; a deadline that
 * passes marks the message overdue and tells the municipality once. Ends when nothing more is
 * expected. State transitions are the pure functions of domain/message-exchange.ts.
 */
export async function messageWorkflow(input: MessageWorkflowInput): Promise<ExchangeState> {
  const { workflowId } = workflowInfo();
  const store = patched(LOCAL_STORE_PATCH) ? localStore : remoteStore;
  let state = openExchange(input.exchange, input.deadlines);
  let version = 0;
  const arrivals: Arrival[] = [];

  setHandler(answerReceivedSignal, (answer) => void arrivals.push({ kind: 'received', answer }));
  setHandler(answerSentSignal, (answer) => void arrivals.push({ kind: 'sent', answer }));
  setHandler(deliveryFailedSignal, ({ code }) => void arrivals.push({ kind: 'fo01', code }));
  setHandler(exchangeStateQuery, () => state);
  setHandler(recordedUpdate, async () => {
    await condition(() => version > 0);
    return state.state;
  });

  upsertSearchAttributes([
    { key: PzKind, value: 'message' },
    { key: PzOrganisation, value: state.gemeentecode },
    { key: PzMessageCode, value: state.messageCode },
  ]);

  // `version` counts saves that completed: the recorded Update waits for the first.
  // The search attributes go with the workflow task that schedules the save, so ops never see a
  // state in Temporal that is older than the one in the read model.
  async function save(): Promise<void> {
    const due = nextDueAt(state);
    upsertSearchAttributes([
      { key: PzState, value: state.state },
      { key: PzDueAt, value: due ? new Date(due) : null },
    ]);
    await store.saveExchange(state, version + 1);
    version += 1;
  }

  async function dueAt(from: string, after: Delay): Promise<string> {
    if ('ms' in after) return new Date(Date.parse(from) + after.ms).toISOString();
    return store.dueAfterWerkdagen(from, after.werkdagen);
  }

  async function startClock(from: string): Promise<void> {
    const moments = await Promise.all(state.duties.map(async (d) => d.dueAt ?? dueAt(from, d.after)));
    state = startDeadlines(state, moments);
  }

  /** Marks the duties whose deadline (or grace period) passed, saves, and tells the municipality once per duty. */
  async function passDeadlines(
    kind: 'overdue' | 'expired',
    indices: number[],
    mark: (s: ExchangeState, i: readonly number[]) => ExchangeState,
  ): Promise<void> {
    if (indices.length === 0) return;
    state = mark(state, indices);
    await save();
    for (const index of indices) {
      // A notice (row and mail) stays a regular activity: a mail server may take its time.
      await remoteStore.notifyMessageOverdue({
        key: `${workflowId}:${kind}:${index}`,
        gemeentecode: state.gemeentecode,
        product: state.product,
        messageCode: state.messageCode,
        referentienummer: state.referentienummer,
        direction: state.direction,
        dueAt: state.duties[index]!.dueAt!,
        ...(kind === 'expired' ? { expired: true } : {}),
      });
    }
  }

  // An incoming message has its deadlines from the moment it is on record; an outgoing one shows
  // 'aangeboden' while it is being delivered.
  if (state.direction === 'in') await startClock(state.receivedAt);
  await save();

  if (state.direction === 'uit') {
    try {
      const { deliveredAt } = await chain.deliverMessage({
        referentienummer: state.referentienummer,
        gemeentecode: state.gemeentecode,
        product: state.product,
        messageCode: state.messageCode,
        counterparty: state.counterparty,
        fileId: state.fileId,
        acceptedAt: state.receivedAt,
        ...(state.answers ? { crossRefnummer: state.answers.referentienummer } : {}),
      });
      state = markDelivered(state, deliveredAt);
      await startClock(deliveredAt);
    } catch (err) {
      if (!(
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === MessageFailureType.DeliveryRefused
      ))
        throw err;
      const code = String(err.cause.details?.[0] ?? 'onbekend');
      log.warn('delivery refused by the chain', { workflowId, code });
      state = markRefused(state, code);
    }
    await save();
  }

  // An answer of ours closes the duty of the exchange it answers (an incoming 305, 315, 323 …).
  if (state.answers && state.deliveredAt) {
    try {
      await getExternalWorkflowHandle(state.answers.workflowId).signal(answerSentSignal, {
        referentienummer: state.referentienummer,
        messageCode: state.messageCode,
        sentAt: state.deliveredAt,
      });
    } catch (err) {
      // The exchange ended in the meantime (answered by another message): nothing to close.
      log.warn('answered exchange not reachable', {
        workflowId,
        answers: state.answers.workflowId,
        error: err instanceof Error ? err.name : 'unknown',
      });
    }
  }

  while (!isClosed(state)) {
    const deadline = nextDeadline(state);
    const waitMs = deadline ? Math.max(0, Date.parse(deadline) - Date.now()) : undefined;
    if (waitMs === undefined) await condition(() => arrivals.length > 0);
    else if (waitMs > 0) await condition(() => arrivals.length > 0, waitMs);

    while (arrivals.length > 0) {
      const arrival = arrivals.shift()!;
      if (arrival.kind === 'fo01') {
        // The chain refused what it had first accepted: nothing will follow.
        log.warn('the chain sent a Fo01 for this message', { workflowId, code: arrival.code });
        state = markRefused(state, arrival.code);
        await save();
        continue;
      }
      if (arrival.kind === 'received') {
        await store.saveReceivedAnswer({
          workflowId,
          gemeentecode: state.gemeentecode,
          product: state.product,
          answer: arrival.answer,
        });
      }
      const at = arrival.kind === 'received' ? arrival.answer.receivedAt : arrival.answer.sentAt;
      const next = recordAnswer(state, {
        referentienummer: arrival.answer.referentienummer,
        messageCode: arrival.answer.messageCode,
        at,
        ...(arrival.kind === 'received' && arrival.answer.retourCodes
          ? { retourCodes: arrival.answer.retourCodes }
          : {}),
      });
      if (!next) {
        log.warn('message arrived that this exchange does not expect', {
          workflowId,
          messageCode: arrival.answer.messageCode,
        });
        continue;
      }
      if (next !== state) {
        state = next;
        await save();
      }
    }

    await passDeadlines('overdue', dutiesNowOverdue(state, new Date().toISOString()), markOverdue);
    // Past the grace period too: the exchange stops waiting and ends as verlopen, and says so once.
    await passDeadlines('expired', dutiesNowExpired(state, new Date().toISOString()), markExpired);
  }
  // A `recorded` Update that came in at the very end still gets its answer.
  await condition(allHandlersFinished);
  log.info('message exchange closed', { workflowId, state: state.state });
  return state;
}
