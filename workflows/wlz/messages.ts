import type { Duration } from '@temporalio/common';
import type { WlzOutcome } from '../../domain/wlz.ts';
import { PzKind, PzOrganisation } from '../search-attributes.ts';
import { startOptions, type StartConfig } from '../start-options.ts';

/**
 * One workflow per look-up, `wlz/<uuid>` (the uuid made by web). It lives seconds: web starts it
 * and waits for its result. Only codes go into the id and the search attributes; the BSN travels
 * in the (encrypted) input only.
 */
export const wlzWorkflowId = (uuid: string): string => `wlz/${uuid}`;

export const wlzWorkflowType = 'wlzWorkflow';

export type WlzWorkflowInput = {
  gemeentecode: string;
  /** actorKey of the Gebruiker who asks. */
  actor: string;
  /** The purpose as it goes into the processing log. */
  purpose: string;
  bsn: string;
};

export type WlzWorkflowResult = { outcome: WlzOutcome; registerDate: string | null };

/** A new look-up every time; it either answers within minutes or is of no use to the user who waits. */
export const wlzStartOptions = (config: StartConfig, uuid: string, input: WlzWorkflowInput) => ({
  // Only codes: the BSN is in the (encrypted) input and nowhere else.
  ...startOptions(config, wlzWorkflowId(uuid), input, [
    { key: PzKind, value: 'wlz' },
    { key: PzOrganisation, value: input.gemeentecode },
  ]),
  workflowExecutionTimeout: '5 minutes' as Duration,
});

/** `type` of the ApplicationFailure the workflow or its CIZ activity fails with. */
export const WlzFailureType = {
  /** The workflow refuses input web should never have sent (the 11-proef failed, no purpose). */
  InvalidInput: 'WlzInvalidInput',
  /** The CIZ is away: the only CIZ failure that is retried. */
  CizUnavailable: 'CizUnavailable',
  CizRefused: 'CizRefused',
  CizNotConfigured: 'CizNotConfigured',
} as const;
export type WlzFailureType = (typeof WlzFailureType)[keyof typeof WlzFailureType];
