import type { WlzOutcome } from '../../domain/wlz.ts';

/**
 * One workflow per look-up, `wlz/<uuid>` (the uuid made by web). It lives seconds: web starts it
 * and waits for its result. Only codes go into the id and the search attributes; the BSN travels
 * in the (encrypted) input only.
 */
export const wlzWorkflowId = (uuid: string): string => `wlz/${uuid}`;

export type WlzWorkflowInput = {
  gemeentecode: string;
  /** actorKey of the Gebruiker who asks. */
  actor: string;
  /** The purpose as it goes into the processing log. */
  purpose: string;
  bsn: string;
};

export type WlzWorkflowResult = { outcome: WlzOutcome; registerDate: string | null };

/** Failure types of the CIZ activity: only CizUnavailable is retried. */
export const CizFailureType = {
  Unavailable: 'CizUnavailable',
  Refused: 'CizRefused',
  NotConfigured: 'CizNotConfigured',
} as const;

/** The workflow refuses input web should never have sent (the 11-proef failed, no purpose). */
export const WlzInvalidInput = 'WlzInvalidInput';
