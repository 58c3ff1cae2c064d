import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { FieldErrors } from '../domain/field-rules.ts';

/**
 * The failure an Update (or the workflow) ends with: never retried, its Dutch message fit to show,
 * `details[0]` the field errors when there are any.
 */
export const fail = (type: string, message: string, fields?: FieldErrors): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: fields ? [fields] : undefined });

/** The answer to a command whose store write did not get through: nothing changed, try again later. */
export const NOT_SAVED_TRY_AGAIN =
  'Het opslaan is nu niet gelukt. Er is niets gewijzigd; probeer het over een paar minuten opnieuw.';

/** The `type` of the ApplicationFailure an activity failed with, if it failed with one. */
export const activityFailureType = (err: unknown): string | undefined =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined;

/** The activity failed with an ApplicationFailure of this type (its details are then at hand). */
export const failedWith = (err: unknown, type: string): err is ActivityFailure & { cause: ApplicationFailure } =>
  activityFailureType(err) === type;
