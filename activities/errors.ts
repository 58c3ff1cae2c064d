import { ApplicationFailure } from '@temporalio/activity';

/**
 * Activity failures are stored in Temporal's history as plain text (the payload codec does not
 * cover failure messages). Driver errors quote the query and its parameters (names, e-mail
 * addresses), so they never leave an activity as they are: only the error code does.
 */

/** SQLSTATE (postgres.js) or a driver code (nodemailer), searched along the `cause` chain. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The unique constraint an error violated (SQLSTATE 23505), if any. */
export function violatedConstraint(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint_name: constraint } = e as { code?: unknown; constraint_name?: unknown };
    if (code === '23505' && typeof constraint === 'string') return constraint;
  }
  return undefined;
}

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
