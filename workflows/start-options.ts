import type { SearchAttributePair } from '@temporalio/common';
import type { Config } from '../config.ts';

/** Every workflow runs on the one task queue of the config. */
export type StartConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE'>;

/**
 * What a client needs to start one workflow (`client.workflow.start`), built by that workflow's
 * messages.ts so the id, the task queue and the search attributes are written down once.
 */
export type StartOptions<Input> = {
  workflowId: string;
  taskQueue: string;
  args: [Input];
  /** Codes only: search attributes bypass the payload codec. */
  typedSearchAttributes: SearchAttributePair[];
};

/** Update-with-Start: a repeated command finds the running workflow instead of failing. */
export type AttachingStartOptions<Input> = StartOptions<Input> & { workflowIdConflictPolicy: 'USE_EXISTING' };

export const startOptions = <Input>(
  config: StartConfig,
  workflowId: string,
  input: Input,
  typedSearchAttributes: SearchAttributePair[],
): StartOptions<Input> => ({ workflowId, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input], typedSearchAttributes });

export const attachingStartOptions = <Input>(
  config: StartConfig,
  workflowId: string,
  input: Input,
  typedSearchAttributes: SearchAttributePair[],
): AttachingStartOptions<Input> => ({
  ...startOptions(config, workflowId, input, typedSearchAttributes),
  workflowIdConflictPolicy: 'USE_EXISTING',
});
