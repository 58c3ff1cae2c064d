/**
 * The organisation workflow's state and its effects: storing the read model, auditing, the search
 * attributes. Handlers (handlers.ts, product-settings.ts) and the reminder (reminder.ts) adopt a
 * new state only once the read model holds it.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { log, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { gebruikersbeheerdersOf, statusOf, type OrganisationState } from '../../domain/organisation.ts';
import { fail, failedWith, NOT_SAVED_TRY_AGAIN } from '../failures.ts';
import { PATIENT_RETRY, QUICK_RETRY } from '../retry-policies.ts';
import { PzKind, PzOrganisation, PzState } from '../search-attributes.ts';
import { createSerialiser } from '../serialiser.ts';
import { OrganisationFailureType as Failure, type OrganisationWorkflowInput } from './messages.ts';

// Writes an Update waits on: a few quick attempts, then the servicedesk gets an answer ("try again").
const store = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { ...QUICK_RETRY, nonRetryableErrorTypes: [Failure.OrganisationIdInUse] },
});
// Follow-ups of a change that already happened (audit, reminder): they must land, however long it takes.
const followUp = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { ...PATIENT_RETRY, nonRetryableErrorTypes: [Failure.InvalidInput] },
});

/** The refusal of a command whose fields do not pass, with every field's message; undefined when all pass. */
export function invalid(fields: FieldErrors): ReturnType<typeof fail> | undefined {
  const messages = Object.values(fields).filter((m): m is string => Boolean(m));
  return messages.length ? fail(Failure.InvalidInput, messages.join(' '), fields) : undefined;
}

export type OrganisationRuntime = ReturnType<typeof createOrganisationRuntime>;
/** An audit event about this municipality; organisation and subject are filled in. */
export type AuditEntry = Omit<AuditEvent, 'organisation' | 'subject'>;

export function createOrganisationRuntime(input: OrganisationWorkflowInput) {
  const { workflowId } = workflowInfo();
  const { gemeentecode } = input;
  // State carried over from before the gebruikersbeheerders list existed has none yet.
  let state = input.state && { ...input.state, gebruikersbeheerders: gebruikersbeheerdersOf(input.state) };
  const serialiser = createSerialiser();

  const audit = (event: AuditEntry): Promise<void> =>
    followUp.appendAuditEvent({ ...event, organisation: gemeentecode, subject: workflowId });

  function setSearchAttributes(): void {
    const current = workflowInfo().typedSearchAttributes;
    const wanted: SearchAttributeUpdatePair[] = [
      { key: PzKind, value: 'organisation' },
      { key: PzOrganisation, value: gemeentecode },
      ...(state ? [{ key: PzState, value: statusOf(state) }] : []),
    ];
    const changed = wanted.filter((pair) => current.get(pair.key) !== pair.value);
    if (changed.length) upsertSearchAttributes(changed);
  }

  /** Stores `next` in the read model; only then does the workflow adopt it. */
  async function save(next: OrganisationState): Promise<void> {
    try {
      await store.saveOrganisation(next);
    } catch (err) {
      if (failedWith(err, Failure.OrganisationIdInUse)) {
        const message = 'Dit KvK-nummer of OIN hoort al bij een andere gemeente.';
        throw fail(Failure.OrganisationIdInUse, message, { organisationId: message });
      }
      log.warn('storing organisation failed', { gemeentecode });
      throw fail(Failure.Unavailable, NOT_SAVED_TRY_AGAIN);
    }
    state = next;
    setSearchAttributes();
  }

  return {
    input,
    gemeentecode,
    workflowId,
    serialiser,
    get state(): OrganisationState | undefined {
      return state;
    },
    /** A change that is only workflow state, or that its caller stored already. */
    adopt(next: OrganisationState): void {
      state = next;
    },
    notRegistered: () => fail(Failure.NotRegistered, `Gemeente ${gemeentecode} is nog niet geregistreerd.`),
    /** Everything started has finished: safe to continue as new. */
    idle: (): boolean => serialiser.idle(),
    setSearchAttributes,
    save,
    audit,
    notifyServicedesk: (...args: Parameters<Activities['notifyServicedesk']>) => followUp.notifyServicedesk(...args),
    dueAfterWerkdagen: (fromIso: string, werkdagen: number): Promise<string> =>
      followUp.dueAfterWerkdagen(fromIso, werkdagen),
  };
}
