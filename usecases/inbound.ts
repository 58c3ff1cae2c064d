import { appendAudit } from '../db/audit.ts';
import { findSentMessage } from '../db/queries/message-correlation.ts';
import { parseEnvelope } from '../domain/stuf/parse.ts';
import { StufEnvelopeError, type ParsedEnvelope } from '../domain/stuf/types.ts';
import type { UseCaseDeps } from './deps.ts';
import { ExchangeClosed, reportDeliveryFailed } from './exchanges.ts';
import { acceptMessage } from './inbound-message.ts';
import { InboundRefusal } from './inbound-refusal.ts';
import { isDependencyOutage } from './outage.ts';

/**
 * accepted: the message is with its exchange (or was delivered before: a repeated referentienummer
 * changes nothing); refused: nothing changed, the chain hears why in a Fo01 about `envelope`
 * (undefined when it could not be read).
 */
export type InboundOutcome =
  { status: 'accepted' } | { status: 'refused'; refusal: InboundRefusal; envelope: ParsedEnvelope | undefined };

/**
 * Ontvangen, the door for the chain: one StUF-GGk Di01/Du01 envelope with a message,
 * or a Fo01 about one the portal delivered. A heen-bericht starts its own exchange; a retour or
 * answer is handed to the exchange of the message it answers. Every refusal is audited (codes only).
 */
export async function receiveEnvelope(deps: UseCaseDeps, body: Uint8Array): Promise<InboundOutcome> {
  let envelope: ParsedEnvelope | undefined;
  try {
    envelope = parseEnvelope(body);
    if (envelope.kind === 'Fo01') await acceptFo01(deps, envelope);
    else await acceptMessage(deps, envelope);
    return { status: 'accepted' };
  } catch (err) {
    const refusal = refusalFor(err);
    if (refusal.status === 503)
      deps.logger.warn({ code: (err as { code?: unknown }).code }, 'inbound envelope during an outage');
    else if (!(err instanceof InboundRefusal) && !(err instanceof StufEnvelopeError))
      deps.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'inbound envelope failed');
    await appendAudit(deps.db, {
      event: 'message_inbound_refused',
      details: { code: refusal.code, functie: envelope?.stuurgegevens.functie ?? null },
    }).catch(() => undefined);
    return { status: 'refused', refusal, envelope };
  }
}

function refusalFor(err: unknown): InboundRefusal {
  if (err instanceof InboundRefusal) return err;
  if (err instanceof StufEnvelopeError) return new InboundRefusal('StUF001', `De envelop is ongeldig: ${err.message}`);
  // Nothing was taken on: the sender keeps the message and offers it again after Retry-After.
  if (isDependencyOutage(err))
    return new InboundRefusal(
      'StUF058',
      'Het portaal is tijdelijk niet beschikbaar; het bericht is niet verwerkt. Bied het later opnieuw aan.',
      503,
    );
  return new InboundRefusal(
    'StUF058',
    'Het bericht kon door een fout in het portaal niet worden verwerkt. Probeer het later opnieuw.',
    500,
  );
}

/**
 * A Fo01 about a message we delivered (crossRefnummer = its referentienummer): that exchange
 * ends as not delivered, with the code. A Fo01 about anything else is refused in turn.
 */
async function acceptFo01(deps: UseCaseDeps, envelope: Extract<ParsedEnvelope, { kind: 'Fo01' }>): Promise<void> {
  const crossRef = envelope.stuurgegevens.crossRefnummer ?? '';
  const sent = crossRef ? await findSentMessage(deps.db, crossRef) : undefined;
  const addressed = envelope.stuurgegevens.ontvanger.organisatie;
  if (!sent || (addressed && addressed !== sent.gemeentecode))
    throw new InboundRefusal(
      'StUF058',
      `Er is geen door het portaal verzonden bericht met referentienummer ${crossRef.slice(0, 40)}.`,
    );
  deps.logger.warn(
    { code: envelope.fo01.code, messageCode: sent.messageCode },
    'Fo01 received for a delivered message',
  );
  try {
    await reportDeliveryFailed(deps.temporal, sent.workflowId, envelope.fo01.code);
  } catch (err) {
    if (err instanceof ExchangeClosed) throw new InboundRefusal('StUF058', 'Dit bericht is al afgerond.');
    throw err;
  }
}
