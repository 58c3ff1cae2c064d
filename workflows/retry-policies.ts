import type { RetryPolicy } from '@temporalio/common';

/** Someone waits for the answer: a few quick attempts, then "try again later". */
export const QUICK_RETRY = {
  initialInterval: '200ms',
  backoffCoefficient: 2,
  maximumInterval: '2s',
  maximumAttempts: 5,
} as const satisfies RetryPolicy;

/**
 * A follow-up of a change that already happened (audit, notification, delivery): it must land, however long it takes.
 */
export const PATIENT_RETRY = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
} as const satisfies RetryPolicy;
