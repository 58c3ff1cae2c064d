import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Deadlines, ExchangeInput } from '../domain/message-exchange.ts';
import {
  answerReceivedSignal,
  deliveryFailedSignal,
  messageStartOptions,
  messageWorkflowType,
  recordedUpdate,
  type AnswerReceived,
  type MessageWorkflowInput,
} from '../workflows/message/messages.ts';
import type { messageWorkflow } from '../workflows/message/workflow.ts';

/**
 * The commands both doors (upload, inbound StUF) send to `msg/<referentienummer>` exchange
 * workflows. A message's file is stored before its command is sent: the workflow carries only
 * the file's id.
 */

type DeadlineConfig = Pick<
  Config,
  | 'MESSAGE_RETOUR_WERKDAGEN'
  | 'MESSAGE_ANTWOORD_WERKDAGEN'
  | 'MESSAGE_DECLARATIE_WERKDAGEN'
  | 'MESSAGE_EXPIRY_GRACE_DAYS'
>;

export function deadlinesFrom(config: DeadlineConfig): Deadlines {
  return {
    retour: { werkdagen: config.MESSAGE_RETOUR_WERKDAGEN },
    antwoordOpVerzoek: { werkdagen: config.MESSAGE_ANTWOORD_WERKDAGEN },
    declaratieAntwoord: { werkdagen: config.MESSAGE_DECLARATIE_WERKDAGEN },
    grace: { ms: Math.round(config.MESSAGE_EXPIRY_GRACE_DAYS * 86_400_000) },
  };
}

/**
 * How long one start may take, the client's own retries included. Bounded so that a door answers
 * an outage within seconds, and so that a stored file whose start is older than this has either a
 * workflow or none for good (see releaseOrphanClaim in upload.ts).
 */
export const START_DEADLINE_MS = 10_000;

/**
 * Starts the `msg/<referentienummer>` workflow of one message, sent or received, with the
 * configured deadlines and its search attributes (codes only).
 */
export function startExchange(
  temporal: Client,
  config: Config,
  exchange: ExchangeInput,
): Promise<WorkflowHandle<typeof messageWorkflow>> {
  const input: MessageWorkflowInput = { exchange, deadlines: deadlinesFrom(config) };
  return temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
    temporal.workflow.start<typeof messageWorkflow>(messageWorkflowType, messageStartOptions(config, input)),
  );
}

const EXISTS_DEADLINE_MS = 5000;

/**
 * Whether the exchange workflow exists. A start can fail after the server took it (the answer
 * was lost on the way back), so a failed start is not yet a message that was not sent. Undefined
 * when Temporal cannot say.
 */
export async function exchangeExists(temporal: Client, workflowId: string): Promise<boolean | undefined> {
  try {
    await temporal.withDeadline(Date.now() + EXISTS_DEADLINE_MS, () =>
      temporal.workflow.getHandle(workflowId).describe(),
    );
    return true;
  } catch (err) {
    return err instanceof WorkflowNotFoundError ? false : undefined;
  }
}

/**
 * Waits at most `ms` for the exchange's message to be in the read model, so the next page lists
 * it. A worker that is away only delays the listing, never the message: no answer is no error.
 */
export async function awaitRecorded(
  temporal: Client,
  handle: WorkflowHandle<typeof messageWorkflow>,
  ms: number,
): Promise<void> {
  await temporal.withDeadline(Date.now() + ms, () => handle.executeUpdate(recordedUpdate)).catch(() => undefined);
}

/** The exchange asked for is closed (or never was): nothing can be handed to it any more. */
export class ExchangeClosed extends Error {
  constructor(cause: unknown) {
    super('exchange closed', { cause });
    this.name = 'ExchangeClosed';
  }
}

async function signalExchange(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ExchangeClosed(err);
    throw err;
  }
}

/** A received retour or answer to the exchange it answers (its file stored already). Throws ExchangeClosed. */
export function handOverAnswer(temporal: Client, workflowId: string, answer: AnswerReceived): Promise<void> {
  return signalExchange(() => temporal.workflow.getHandle(workflowId).signal(answerReceivedSignal, answer));
}

/** The chain refused a delivered message after all (a Fo01): its exchange ends. Throws ExchangeClosed. */
export function reportDeliveryFailed(temporal: Client, workflowId: string, code: string): Promise<void> {
  return signalExchange(() => temporal.workflow.getHandle(workflowId).signal(deliveryFailedSignal, { code }));
}
