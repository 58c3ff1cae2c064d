import { ApplicationFailure } from '@temporalio/activity';
import { errorCode } from '../db/errors.ts';

/**
 * Activity failures are stored in Temporal's history as plain text (the payload codec does not
 * cover failure messages). Driver errors quote the query and its parameters (names, e-mail
 * addresses), so they never leave an activity as they are: only the error code does.
 */

export { errorCode, violatedConstraint } from '../db/errors.ts';

type FailureKind = 'DatabaseError' | 'MailError';

/** A retryable failure that carries only the error's code; ApplicationFailures pass unchanged. */
export function toActivityFailure(kind: FailureKind, err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const code = errorCode(err) ?? 'unknown';
  return ApplicationFailure.retryable(`${kind === 'DatabaseError' ? 'Database' : 'Mail'} error (code ${code})`, kind);
}

/** Runs `fn` and lets only sanitised failures out. */
export async function sanitised<T>(kind: FailureKind, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(kind, err);
  }
}
