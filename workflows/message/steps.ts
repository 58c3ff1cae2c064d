/**
 * The steps of one exchange: delivering an outgoing message, telling the exchange it answers,
 * handling what arrives, and the deadlines that start, pass and expire. Each changes the state
 * through the pure functions of domain/message-exchange.ts and saves it.
 */
import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import {
  dutiesNowExpired,
  dutiesNowOverdue,
  markDelivered,
  markExpired,
  markOverdue,
  markRefused,
  recordAnswer,
  startDeadlines,
  type Delay,
  type ExchangeState,
} from '../../domain/message-exchange.ts';
import { failedWith } from '../failures.ts';
import { answerSentSignal, MessageFailureType } from './messages.ts';
import type { Arrival, MessageRuntime } from './runtime.ts';

export function createMessageSteps(rt: MessageRuntime) {
  const { workflowId } = rt;

  async function dueAt(from: string, after: Delay): Promise<string> {
    if ('ms' in after) return new Date(Date.parse(from) + after.ms).toISOString();
    return rt.store.dueAfterWerkdagen(from, after.werkdagen);
  }

  async function startClock(from: string): Promise<void> {
    const moments = await Promise.all(rt.state.duties.map(async (d) => d.dueAt ?? dueAt(from, d.after)));
    rt.state = startDeadlines(rt.state, moments);
  }

  /** Marks the duties whose deadline (or grace period) passed, saves, and tells the municipality once per duty. */
  async function passDeadlines(
    kind: 'overdue' | 'expired',
    indices: number[],
    mark: (s: ExchangeState, i: readonly number[]) => ExchangeState,
  ): Promise<void> {
    if (indices.length === 0) return;
    rt.state = mark(rt.state, indices);
    await rt.save();
    for (const index of indices) {
      const state = rt.state;
      await rt.notices.notifyMessageOverdue({
        key: `${workflowId}:${kind}:${index}`,
        gemeentecode: state.gemeentecode,
        product: state.product,
        messageCode: state.messageCode,
        referentienummer: state.referentienummer,
        direction: state.direction,
        dueAt: state.duties[index]!.dueAt!,
        ...(kind === 'expired' ? { expired: true } : {}),
      });
    }
  }

  /**
   * On record: an incoming message has its deadlines from then on; an outgoing one shows
   * 'aangeboden' while it is being delivered.
   */
  async function record(): Promise<void> {
    if (rt.state.direction === 'in') await startClock(rt.state.receivedAt);
    await rt.save();
  }

  /** An outgoing message goes to the chain; its deadlines start when the chain has it, a Fo01 ends it. */
  async function deliver(): Promise<void> {
    const state = rt.state;
    try {
      const { deliveredAt } = await rt.chain.deliverMessage({
        referentienummer: state.referentienummer,
        gemeentecode: state.gemeentecode,
        product: state.product,
        messageCode: state.messageCode,
        counterparty: state.counterparty,
        fileId: state.fileId,
        acceptedAt: state.receivedAt,
        ...(state.answers ? { crossRefnummer: state.answers.referentienummer } : {}),
      });
      rt.state = markDelivered(rt.state, deliveredAt);
      await startClock(deliveredAt);
    } catch (err) {
      if (!failedWith(err, MessageFailureType.DeliveryRefused)) throw err;
      const code = String(err.cause.details?.[0] ?? 'onbekend');
      log.warn('delivery refused by the chain', { workflowId, code });
      rt.state = markRefused(rt.state, code);
    }
    await rt.save();
  }

  /** An answer of ours closes the duty of the exchange it answers (an incoming 305, 315, 323 …). */
  async function closeAnsweredDuty(): Promise<void> {
    const state = rt.state;
    if (!state.answers || !state.deliveredAt) return;
    try {
      await getExternalWorkflowHandle(state.answers.workflowId).signal(answerSentSignal, {
        referentienummer: state.referentienummer,
        messageCode: state.messageCode,
        sentAt: state.deliveredAt,
      });
    } catch (err) {
      // The exchange ended in the meantime (answered by another message): nothing to close.
      log.warn('answered exchange not reachable', {
        workflowId,
        answers: state.answers.workflowId,
        error: err instanceof Error ? err.name : 'unknown',
      });
    }
  }

  /** A retour or answer (received or sent) closes what it answers; a late Fo01 ends the exchange. */
  async function handle(arrival: Arrival): Promise<void> {
    if (arrival.kind === 'fo01') {
      // The chain refused what it had first accepted: nothing will follow.
      log.warn('the chain sent a Fo01 for this message', { workflowId, code: arrival.code });
      rt.state = markRefused(rt.state, arrival.code);
      await rt.save();
      return;
    }
    if (arrival.kind === 'received') {
      await rt.store.saveReceivedAnswer({
        workflowId,
        gemeentecode: rt.state.gemeentecode,
        product: rt.state.product,
        answer: arrival.answer,
      });
    }
    const at = arrival.kind === 'received' ? arrival.answer.receivedAt : arrival.answer.sentAt;
    const next = recordAnswer(rt.state, {
      referentienummer: arrival.answer.referentienummer,
      messageCode: arrival.answer.messageCode,
      at,
      ...(arrival.kind === 'received' && arrival.answer.retourCodes ? { retourCodes: arrival.answer.retourCodes } : {}),
    });
    if (!next) {
      log.warn('message arrived that this exchange does not expect', {
        workflowId,
        messageCode: arrival.answer.messageCode,
      });
      return;
    }
    if (next !== rt.state) {
      rt.state = next;
      await rt.save();
    }
  }

  /** Deadlines that passed mark the message overdue; past the grace period too, the exchange ends as verlopen. */
  async function passDueDeadlines(): Promise<void> {
    await passDeadlines('overdue', dutiesNowOverdue(rt.state, new Date().toISOString()), markOverdue);
    await passDeadlines('expired', dutiesNowExpired(rt.state, new Date().toISOString()), markExpired);
  }

  return { record, deliver, closeAnsweredDuty, handle, passDueDeadlines };
}
