import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Deadlines,
  ExchangeInput,
  ExchangeState,
  MessageState,
  RetourCodes,
} from '../../domain/message-exchange.ts';
import { PzKind, PzMessageCode, PzOrganisation } from '../search-attributes.ts';
import { startOptions, type StartConfig } from '../start-options.ts';

/**
 * One workflow per message the municipality sends or receives, `msg/<referentienummer>` (the UUID
 * of the StUF envelope that carries it). It delivers an outgoing message, waits for what must
 * follow (retour, answer) with deadlines, and marks it overdue when they pass. Payloads carry file
 * references (message_files ids), never file contents.
 */
export const messageWorkflowId = (referentienummer: string): string => `msg/${referentienummer}`;

export const messageWorkflowType = 'messageWorkflow';

export type MessageWorkflowInput = {
  exchange: ExchangeInput;
  deadlines: Deadlines;
};

/** A plain start: a second start for the same message fails (WorkflowExecutionAlreadyStartedError). */
export const messageStartOptions = (config: StartConfig, input: MessageWorkflowInput) =>
  startOptions(config, messageWorkflowId(input.exchange.referentienummer), input, [
    { key: PzKind, value: 'message' },
    { key: PzOrganisation, value: input.exchange.gemeentecode },
    { key: PzMessageCode, value: input.exchange.messageCode },
  ]);

/** A retour or answer for this exchange arrived through the inbound endpoint (already stored as a file). */
export type AnswerReceived = {
  referentienummer: string;
  messageCode: string;
  identificatie: string;
  identificatieRetour?: string;
  counterparty: string;
  fileId: string;
  fileName: string;
  sizeBytes: number;
  receivedAt: string;
  retourCodes?: RetourCodes;
};
export const answerReceivedSignal = defineSignal<[AnswerReceived]>('answerReceived');

/** The municipality's own answer to this (incoming) exchange was delivered by its own workflow. */
export type AnswerSent = { referentienummer: string; messageCode: string; sentAt: string };
export const answerSentSignal = defineSignal<[AnswerSent]>('answerSent');

/** The chain answered our delivery with a Fo01 after accepting it (asynchronously, by crossRefnummer). */
export type DeliveryFailed = { code: string };
export const deliveryFailedSignal = defineSignal<[DeliveryFailed]>('deliveryFailed');

export const exchangeStateQuery = defineQuery<ExchangeState>('exchangeState');

/**
 * Answers once the message is in the read model (its first save), with its state then. Web waits
 * for it after an upload, so the page it redirects to lists the message it just sent.
 */
export const recordedUpdate = defineUpdate<MessageState>('recorded');

/** `type` of the ApplicationFailure the delivery activity fails with. */
export const MessageFailureType = {
  /** The chain refused the delivery with a Fo01 (or there is nothing to deliver): not retried. */
  DeliveryRefused: 'DeliveryRefused',
  /** The chain party is away: retried until it is back. */
  DeliveryUnavailable: 'DeliveryUnavailable',
} as const;
export type MessageFailureType = (typeof MessageFailureType)[keyof typeof MessageFailureType];
