import {
  ActivityFailure,
  ApplicationFailure,
  log,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { bsnError, type WlzOutcome } from '../../domain/wlz.ts';
import { QUICK_RETRY } from '../retry-policies.ts';
import { PzState } from '../search-attributes.ts';
import { WlzFailureType as Failure, type WlzWorkflowInput, type WlzWorkflowResult } from './messages.ts';

// The log row must exist before the CIZ is asked; a few quick attempts, then the look-up fails
// as a whole (the user sees "try again") rather than asking the CIZ unlogged.
const logStart = proxyActivities<Activities>({ startToCloseTimeout: '10s', retry: QUICK_RETRY });
// The CIZ: a user waits for it, so a handful of quick attempts; after that the answer is 'fout'.
const ciz = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { ...QUICK_RETRY, nonRetryableErrorTypes: [Failure.CizRefused, Failure.CizNotConfigured] },
});
// Completing the log row and its audit row must land, however long it takes.
const logComplete = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

/**
 * One Wlz-Registertoets (`wlz/<uuid>`): 11-proef again (never trust the caller), the processing
 * log row, the CIZ question, the row completed with the answer and audited. Returns the outcome;
 * a CIZ that cannot answer is an outcome ('fout'), not a failed workflow.
 */
export async function wlzWorkflow(input: WlzWorkflowInput): Promise<WlzWorkflowResult> {
  const { workflowId } = workflowInfo();
  const invalid = bsnError(input.bsn ?? '') ?? (input.purpose?.trim() ? undefined : 'Geen doel van de raadpleging.');
  if (invalid) throw ApplicationFailure.create({ type: Failure.InvalidInput, message: invalid, nonRetryable: true });

  const who = { id: workflowId, gemeentecode: input.gemeentecode, actor: input.actor };
  await logStart.startWlzLookup({ ...who, purpose: input.purpose, bsn: input.bsn });

  let result: WlzWorkflowResult;
  try {
    const answer = await ciz.cizRegistertoets(input.bsn);
    result = { outcome: answer.indicatie ? 'ja' : 'nee', registerDate: answer.registerDate };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
    log.warn('CIZ gave no answer', { type });
    result = { outcome: 'fout' satisfies WlzOutcome, registerDate: null };
  }

  await logComplete.completeWlzLookup({ ...who, ...result });
  upsertSearchAttributes([{ key: PzState, value: result.outcome }]);
  return result;
}
