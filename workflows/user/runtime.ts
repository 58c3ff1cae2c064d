/**
 * The user workflow's state and its effects: storing the read model, auditing, notifying, and
 * keeping the organisation workflow's list of active gebruikersbeheerders right. Handlers
 * (handlers.ts) and timers (registration-timers.ts) change the state only through `apply`.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  type ApplicationFailure,
  log,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, UserNotification } from '../../activities/index.ts';
import { actorKey } from '../../domain/actor.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import { isActiveGebruikersbeheerder, type Refusal } from '../../domain/user-lifecycle.ts';
import type { UserState } from '../../domain/user.ts';
import { activityFailureType, fail, NOT_SAVED_TRY_AGAIN } from '../failures.ts';
import { PATIENT_RETRY, QUICK_RETRY } from '../retry-policies.ts';
import { PzDueAt, PzKind, PzOrganisation, PzState } from '../search-attributes.ts';
import { createBackgroundTasks, createSerialiser } from '../serialiser.ts';
import { UserFailureType as Failure, type UserWorkflowInput } from './messages.ts';

// Writes an Update waits on: a few quick attempts, then the caller gets an answer ("try again").
const store = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { ...QUICK_RETRY, nonRetryableErrorTypes: [Failure.OrganisationUnavailable] },
});
// Follow-ups of a change that already happened (audit, notification, timers): they must land, however long it takes.
const followUp = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { ...PATIENT_RETRY, nonRetryableErrorTypes: [Failure.InvalidInput, Failure.OrganisationUnavailable] },
});

export const refused = (refusal: Refusal): ApplicationFailure => fail(refusal.type, refusal.message, refusal.fields);

export type UserRuntime = ReturnType<typeof createUserRuntime>;
/** An audit event about this user; organisation and subject are filled in. */
export type AuditEntry = Omit<AuditEvent, 'organisation' | 'subject'>;

export function createUserRuntime(input: UserWorkflowInput) {
  const { workflowId } = workflowInfo();
  let state = input.state;
  // Orders the writes of the read model across Updates, retries and continue-as-new.
  let version = input.readModelVersion ?? 0;
  let dueAt: Date | undefined;
  const serialiser = createSerialiser();
  const background = createBackgroundTasks((err) =>
    log.error('background step failed', { workflowId, error: err instanceof Error ? err.message : 'unknown' }),
  );

  function setSearchAttributes(): void {
    const current = workflowInfo().typedSearchAttributes;
    const wanted: SearchAttributeUpdatePair[] = [
      { key: PzKind, value: 'user' },
      { key: PzOrganisation, value: input.gemeentecode },
      ...(state ? [{ key: PzState, value: state.status }] : []),
    ];
    const changed = wanted.filter((pair) => current.get(pair.key) !== pair.value);
    if (changed.length) upsertSearchAttributes(changed);
  }

  /** Adding never gets refused and must land (patiently); removing is answered quickly, maybe with a refusal. */
  function changeGebruikersbeheerder(
    active: boolean,
    userKey: string,
  ): ReturnType<Activities['changeGebruikersbeheerder']> {
    return (active ? followUp : store).changeGebruikersbeheerder({ gemeentecode: input.gemeentecode, userKey, active });
  }

  const audited = (entries: AuditEntry[]): AuditEvent[] =>
    entries.map((entry) => ({
      ...entry,
      organisation: input.gemeentecode,
      subject: state?.userKey ?? actorKey(input),
    }));

  /**
   * Stores `next` with its audit rows (read model first; only then does the workflow adopt it).
   * When the change takes away an active gebruikersbeheerder, the organisation workflow is asked
   * first and may refuse (the last one stays); when it adds one, the organisation hears of it
   * after the change is stored. `patient`: a timer step, which nobody waits for, retries storing
   * for as long as it takes. `endSessions`: the user's web sessions end in the same transaction.
   */
  async function apply(
    next: UserState,
    { patient = false, audit = [] as AuditEntry[], endSessions = false } = {},
  ): Promise<void> {
    const before = state;
    const losing = isActiveGebruikersbeheerder(before) && !isActiveGebruikersbeheerder(next);
    const gaining = !isActiveGebruikersbeheerder(before) && isActiveGebruikersbeheerder(next);
    if (losing) {
      const answer = await changeGebruikersbeheerder(false, next.userKey).catch((err: unknown) => {
        log.warn('organisation did not answer about a gebruikersbeheerder', {
          workflowId,
          type: activityFailureType(err) ?? 'unknown',
        });
        throw fail(Failure.Unavailable, NOT_SAVED_TRY_AGAIN);
      });
      if (!answer.ok) throw fail(Failure.LastGebruikersbeheerder, answer.message);
    }
    // Every attempt gets a new version, also one that fails: its write may still land later.
    try {
      await (patient ? followUp : store).saveUser({
        state: next,
        version: ++version,
        audit: audited(audit),
        endSessions,
      });
    } catch {
      log.warn('storing user failed', { workflowId });
      // Nothing changed after all: the organisation must count this gebruikersbeheerder again,
      // and a write of `next` that did land after all is overwritten with the state that stays.
      if (losing) await changeGebruikersbeheerder(true, next.userKey);
      const kept = state;
      if (kept) {
        const restore = ++version;
        background.start(() => followUp.saveUser({ state: kept, version: restore }));
      }
      throw fail(Failure.Unavailable, NOT_SAVED_TRY_AGAIN);
    }
    state = next;
    setSearchAttributes();
    if (gaining) {
      await changeGebruikersbeheerder(true, next.userKey).catch((err: unknown) => {
        // Only when the organisation workflow is gone: the protection then just has one fewer name.
        log.error('could not register gebruikersbeheerder with the organisation', {
          workflowId,
          type: activityFailureType(err) ?? 'unknown',
        });
      });
    }
  }

  /** An audit row about this user without a change of state (e.g. an expired code entered). */
  const audit = async (entry: AuditEntry): Promise<void> => {
    const [event] = audited([entry]);
    if (event) await followUp.appendAuditEvent(event);
  };

  /**
   * The in-app item now (so it is there when the Update answers); the e-mail in the background,
   * so an SMTP outage delays the mail, not the user. Returns who it went to.
   */
  async function notify(notification: UserNotification): Promise<'servicedesk' | 'gebruikersbeheerders' | 'beheerder'> {
    const { audience } = await followUp.recordUserNotification(notification);
    background.start(() => followUp.mailUserNotification(notification));
    if (audience === 'servicedesk') return 'servicedesk';
    return notification.target.kind === 'administrator' ? 'beheerder' : 'gebruikersbeheerders';
  }

  /** PzDueAt: the next timer of a waiting registration, so ops can find overdue ones. */
  function setDueAt(next: Date | undefined): void {
    if (dueAt?.getTime() === next?.getTime()) return;
    dueAt = next;
    upsertSearchAttributes([{ key: PzDueAt, value: next ?? null }]);
  }

  return {
    input,
    workflowId,
    serialiser,
    get state(): UserState | undefined {
      return state;
    },
    get version(): number {
      return version;
    },
    /** Everything started has finished: safe to continue as new. */
    idle: (): boolean => serialiser.idle() && background.idle(),
    setSearchAttributes,
    apply,
    audit,
    notify,
    setDueAt,
    organisationForUser: (): ReturnType<Activities['organisationForUser']> =>
      store.organisationForUser(input.gemeentecode),
    dueAfterWerkdagen: (fromIso: string, werkdagen: number): Promise<string> =>
      followUp.dueAfterWerkdagen(fromIso, werkdagen),
  };
}
