import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** A rejection the user can act on: Dutch message, failure type from the workflow, per-field messages when given. */
export class CommandRejected extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly fieldErrors: Partial<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'CommandRejected';
  }
}

/** Temporal is unreachable or did not answer in time: nothing was changed, try again. */
export class CommandUnavailable extends Error {
  constructor(cause: unknown) {
    super('De opdracht kon nu niet worden verwerkt. Probeer het over een ogenblik opnieuw.', { cause });
    this.name = 'CommandUnavailable';
  }
}

/** Runs a workflow command and turns Update failures into CommandRejected / CommandUnavailable. */
export async function runCommand<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const details = err.cause.details?.[0];
      const fieldErrors = details && typeof details === 'object' ? (details as Partial<Record<string, string>>) : {};
      throw new CommandRejected(err.cause.type ?? 'Rejected', err.cause.message, fieldErrors);
    }
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw new CommandUnavailable(err);
    if (err instanceof Error && /UNAVAILABLE|DEADLINE_EXCEEDED|connect/i.test(`${err.name} ${err.message}`)) {
      throw new CommandUnavailable(err);
    }
    throw err;
  }
}
