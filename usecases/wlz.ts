import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import {
  wlzStartOptions,
  wlzWorkflowType,
  type WlzWorkflowInput,
  type WlzWorkflowResult,
} from '../workflows/wlz/messages.ts';
import type { wlzWorkflow } from '../workflows/wlz/workflow.ts';
import { CommandUnavailable, runCommand } from './workflow-errors.ts';

/** The CIZ gets a few quick retries inside the workflow; the user never waits longer than this. */
const LOOKUP_DEADLINE_MS = 20_000;

export type RegistertoetsAnswer = WlzWorkflowResult & { workflowId: string };

/**
 * One Wlz-Registertoets: a new `wlz/<uuid>` workflow, started and awaited (client.workflow.execute).
 * Start + result rather than Update-with-Start: the workflow does one thing and ends, its result IS
 * the answer, and every look-up is a new consultation (a double submit is logged twice, as it
 * happened), so there is no existing workflow to find and no Update handler to keep.
 */
export async function runRegistertoets(
  client: Client,
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>,
  input: WlzWorkflowInput,
): Promise<RegistertoetsAnswer> {
  const options = wlzStartOptions(config, randomUUID(), input);
  try {
    const result = await runCommand(() =>
      client.withDeadline(Date.now() + LOOKUP_DEADLINE_MS, () =>
        client.workflow.execute<typeof wlzWorkflow>(wlzWorkflowType, options),
      ),
    );
    return { ...result, workflowId: options.workflowId };
  } catch (err) {
    // The log could not be written (or the workflow refused its input): nothing was asked, try again.
    if (err instanceof WorkflowFailedError) throw new CommandUnavailable(err);
    throw err;
  }
}
