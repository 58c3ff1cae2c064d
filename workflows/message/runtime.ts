/**
 * The message workflow's state and its effects: the store (local activities, or regular ones for
 * exchanges that started before), the chain, the search attributes, and the arrivals the signals
 * queue. Steps (steps.ts) change the state through `state` and make it last through `save`.
 */
import {
  CancellationScope,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { nextDueAt, openExchange, type ExchangeState } from '../../domain/message-exchange.ts';
import { PATIENT_RETRY } from '../retry-policies.ts';
import { PzDueAt, PzKind, PzMessageCode, PzOrganisation, PzState } from '../search-attributes.ts';
import { MessageFailureType, type AnswerReceived, type AnswerSent, type MessageWorkflowInput } from './messages.ts';

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
  retry: { ...PATIENT_RETRY, nonRetryableErrorTypes: [MessageFailureType.DeliveryRefused] },
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

/** What a signal brought, waiting to be handled in order. */
export type Arrival =
  { kind: 'received'; answer: AnswerReceived } | { kind: 'sent'; answer: AnswerSent } | { kind: 'fo01'; code: string };

export type MessageRuntime = ReturnType<typeof createMessageRuntime>;

export function createMessageRuntime(input: MessageWorkflowInput) {
  const { workflowId } = workflowInfo();
  // Decided first, before any other command: the patch marker leads the history.
  const store = patched(LOCAL_STORE_PATCH) ? localStore : remoteStore;
  let state = openExchange(input.exchange, input.deadlines);
  // Counts saves that completed: the recorded Update waits for the first.
  let version = 0;
  const arrivals: Arrival[] = [];

  function setSearchAttributes(): void {
    upsertSearchAttributes([
      { key: PzKind, value: 'message' },
      { key: PzOrganisation, value: state.gemeentecode },
      { key: PzMessageCode, value: state.messageCode },
    ]);
  }

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

  return {
    workflowId,
    arrivals,
    get state(): ExchangeState {
      return state;
    },
    set state(next: ExchangeState) {
      state = next;
    },
    get version(): number {
      return version;
    },
    arrive: (arrival: Arrival): void => void arrivals.push(arrival),
    setSearchAttributes,
    save,
    store,
    chain,
    // A notice (row and mail) stays a regular activity: a mail server may take its time.
    notices: remoteStore,
  };
}
