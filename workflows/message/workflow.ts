import { allHandlersFinished, condition, log, setHandler } from '@temporalio/workflow';
import { isClosed, nextDeadline, type ExchangeState } from '../../domain/message-exchange.ts';
import {
  answerReceivedSignal,
  answerSentSignal,
  deliveryFailedSignal,
  exchangeStateQuery,
  recordedUpdate,
  type MessageWorkflowInput,
} from './messages.ts';
import { createMessageRuntime } from './runtime.ts';
import { createMessageSteps } from './steps.ts';

/**
 * One message exchange, `msg/<referentienummer>`: delivers an outgoing message,
 * starts its deadlines, and waits for the retour or answer that closes each one; a deadline that
 * passes marks the message overdue and tells the municipality once. Ends when nothing more is
 * expected. State transitions are the pure functions of domain/message-exchange.ts.
 */
export async function messageWorkflow(input: MessageWorkflowInput): Promise<ExchangeState> {
  const rt = createMessageRuntime(input);
  const steps = createMessageSteps(rt);

  setHandler(answerReceivedSignal, (answer) => rt.arrive({ kind: 'received', answer }));
  setHandler(answerSentSignal, (answer) => rt.arrive({ kind: 'sent', answer }));
  setHandler(deliveryFailedSignal, ({ code }) => rt.arrive({ kind: 'fo01', code }));
  setHandler(exchangeStateQuery, () => rt.state);
  setHandler(recordedUpdate, async () => {
    await condition(() => rt.version > 0);
    return rt.state.state;
  });
  rt.setSearchAttributes();

  await steps.record();
  if (rt.state.direction === 'uit') await steps.deliver();
  await steps.closeAnsweredDuty();

  while (!isClosed(rt.state)) {
    const deadline = nextDeadline(rt.state);
    const waitMs = deadline ? Math.max(0, Date.parse(deadline) - Date.now()) : undefined;
    if (waitMs === undefined) await condition(() => rt.arrivals.length > 0);
    else if (waitMs > 0) await condition(() => rt.arrivals.length > 0, waitMs);

    while (rt.arrivals.length > 0) await steps.handle(rt.arrivals.shift()!);
    await steps.passDueDeadlines();
  }
  // A `recorded` Update that came in at the very end still gets its answer.
  await condition(allHandlersFinished);
  log.info('message exchange closed', { workflowId: rt.workflowId, state: rt.state.state });
  return rt.state;
}
