import { parseEnvelope } from '../domain/stuf/parse.ts';
import { DeliveryError, type ChainParty, type Delivery, type MessageGateway } from './chain.ts';

/**
 * A MessageGateway that POSTs the StUF-GGk envelope over plain HTTP (the chain simulator in dev
 * and tests; a Digikoppeling adapter in front of the real chain would take the same request).
 *
 * - 2xx: delivered.
 * - A body that is a StUF Fo01: refused, DeliveryError(transient=false, fo01Code), whatever the
 *   status; except the codes in TRY_LATER_FO01_CODES (transient), and IB016 "referentienummer is
 *   niet uniek", which on a retry means an earlier attempt did arrive: that counts as delivered
 *   (the gateway is idempotent on referentienummer).
 * - Anything else (connection error, timeout, 5xx or 429 without Fo01): transient.
 * - Any other 4xx without Fo01: not transient (a retry sends the same request again).
 * Error messages name the party, the status and the Fo01 code and omschrijving, never the
 * envelope or the response body (they contain personal data).
 */

export type StufHttpGatewayOptions = { party: ChainParty; url: string; timeoutMs?: number };

/** Fo01 codes that mean "try again later": IB103 release freeze (in the older 2018 Fo01 code list). */
export const TRY_LATER_FO01_CODES: ReadonlySet<string> = new Set(['IB103']);
/** The party already has an envelope with this referentienummer. */
const ALREADY_RECEIVED = 'IB016';

const MAX_BODY_CHARS = 1_000_000;

function fo01Of(body: string): { code: string; omschrijving: string } | undefined {
  if (!body.includes('Fo01')) return undefined;
  try {
    const parsed = parseEnvelope(body);
    return parsed.kind === 'Fo01' ? { code: parsed.fo01.code, omschrijving: parsed.fo01.omschrijving } : undefined;
  } catch {
    return undefined;
  }
}

export function createStufHttpGateway({ party, url, timeoutMs = 30_000 }: StufHttpGatewayOptions): MessageGateway {
  return {
    party,
    async deliver(delivery: Delivery): Promise<void> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml; charset=utf-8' },
          body: delivery.envelope,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const reason = timedOut ? `geen antwoord binnen ${timeoutMs} ms` : 'niet bereikbaar';
        throw new DeliveryError(`${party}: ${reason}`, true);
      }
      let body: string;
      try {
        body = (await response.text()).slice(0, MAX_BODY_CHARS);
      } catch {
        if (response.ok) return;
        throw new DeliveryError(`${party}: het antwoord (HTTP ${response.status}) kon niet worden gelezen`, true);
      }
      const fo01 = fo01Of(body);
      if (fo01) {
        if (fo01.code === ALREADY_RECEIVED) return;
        const message = `${party} weigert het bericht (HTTP ${response.status}, ${fo01.code}: ${fo01.omschrijving})`;
        throw new DeliveryError(message, TRY_LATER_FO01_CODES.has(fo01.code), fo01.code);
      }
      if (response.ok) return;
      const transient = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new DeliveryError(`${party} antwoordt met HTTP ${response.status}`, transient);
    },
  };
}
