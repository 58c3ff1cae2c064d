import { parseEnvelope } from '../../domain/stuf/parse.ts';
import type { PortalError, PortalSend } from './chain-types.ts';

/**
 * The chain's client of the portal's inbound endpoint: POSTs an envelope with the bearer token,
 * retries when the portal is unreachable or answers 5xx (backoff doubling from `retryDelayMs`),
 * and records every send and every failure; it never throws.
 */
export type PortalClient = {
  setPortal(portal: { url: string; token: string }): void;
  /** True when the portal accepted the envelope. */
  post(
    envelope: string,
    meta: { referentienummer: string; crossRefnummer?: string; functie: string },
  ): Promise<boolean>;
  recordError(error: string, meta: { referentienummer?: string; functie?: string }): void;
  sent(): PortalSend[];
  errors(): PortalError[];
};

export function createPortalClient(options: {
  retries: number;
  retryDelayMs: number;
  /** A delay that the simulator's stop ends early. */
  later: (ms: number) => Promise<void>;
  stopped: () => boolean;
}): PortalClient {
  const { retries, retryDelayMs, later, stopped } = options;
  const sent: PortalSend[] = [];
  const errors: PortalError[] = [];
  let portal: { url: string; token: string } | undefined;

  const recordError: PortalClient['recordError'] = (error, meta) => {
    errors.push({ ...meta, error, at: new Date().toISOString() });
  };

  async function post(
    envelope: string,
    meta: { referentienummer: string; crossRefnummer?: string; functie: string },
  ): Promise<boolean> {
    const record: PortalSend = { ...meta, envelope, delivered: false, attempts: 0, at: new Date().toISOString() };
    sent.push(record);
    if (!portal) {
      recordError('Het portaal is niet ingesteld (setPortal).', meta);
      return false;
    }
    const { url, token } = portal;
    for (let attempt = 0; attempt <= retries && !stopped(); attempt++) {
      if (attempt > 0) await later(retryDelayMs * 2 ** (attempt - 1));
      if (stopped()) break;
      record.attempts++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/xml; charset=utf-8' },
          body: envelope,
          signal: AbortSignal.timeout(10_000),
        });
        const body = await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          record.delivered = true;
          return true;
        }
        if (response.status < 500) {
          recordError(`Het portaal antwoordde met HTTP ${response.status}${fo01Text(body)}.`, meta);
          return false;
        }
        if (attempt === retries)
          recordError(`Het portaal antwoordde met HTTP ${response.status} (na ${record.attempts} pogingen).`, meta);
      } catch {
        if (attempt === retries) recordError(`Het portaal is niet bereikbaar (na ${record.attempts} pogingen).`, meta);
      }
    }
    return false;
  }

  return {
    setPortal(value) {
      portal = { ...value };
    },
    post,
    recordError,
    sent: () => [...sent],
    errors: () => [...errors],
  };
}

/** The portal's Fo01, for the developer: ": IB005 Gemeente … is niet aangesloten". */
function fo01Text(body: ArrayBuffer | undefined): string {
  if (!body) return '';
  try {
    const parsed = parseEnvelope(new Uint8Array(body));
    return parsed.kind === 'Fo01' ? `: ${parsed.fo01.code} ${parsed.fo01.omschrijving}` : '';
  } catch {
    return '';
  }
}
