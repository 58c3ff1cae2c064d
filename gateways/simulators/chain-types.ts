import type { ChainParty } from '../chain.ts';
import type { ChainSendCode } from './chain-messages.ts';

/** What the chain simulator records and offers to tests and the dev runner. */

export type ChainDelivery = {
  party: ChainParty;
  kind: 'Di01' | 'Du01';
  referentienummer: string;
  crossRefnummer?: string;
  functie: string;
  /** zender/organisatie and ontvanger/organisatie of the envelope. */
  zender: string;
  ontvanger: string;
  /** The payload as UTF-8 text. */
  payload: string;
  receivedAt: string;
};

/** What the simulator POSTed to the portal. */
export type PortalSend = {
  referentienummer: string;
  crossRefnummer?: string;
  functie: string;
  envelope: string;
  delivered: boolean;
  attempts: number;
  at: string;
};
export type PortalError = { referentienummer?: string; functie?: string; error: string; at: string };

export type ChainSendInput = {
  messageCode: ChainSendCode;
  gemeentecode: string;
  agbCode: string;
  identificatie?: string;
  referentieAanbieder?: string;
};
export type ChainSendResult = { referentienummer: string; identificatie: string; xml: string; delivered: boolean };

export type ChainSimulatorOptions = {
  port?: number;
  host?: string;
  /** Delay before a retour is sent (default 200 ms). */
  retourDelayMs?: number;
  /** Send a WMO305 to `scheduleTarget` this often (off by default). */
  scheduleEveryMs?: number;
  scheduleTarget?: { gemeentecode: string; agbCode: string };
  /**
   * Extra attempts when the portal is unreachable or answers 5xx (default 4), first delay (default 200 ms, doubling).
   */
  portalRetries?: number;
  portalRetryDelayMs?: number;
};

export type ChainHang = {
  /** Requests waiting for an answer now. */
  held(): number;
  /** Requests whose sender gave up (closed the connection) before an answer came. */
  abandoned(): number;
  release(): void;
};

export type ChainSimulator = {
  url: string;
  vecozoUrl: string;
  cakUrl: string;
  setPortal(portal: { url: string; token: string }): void;
  /** The next `count` deliveries to `party` get 503 (unavailable) or 400 with Fo01 IB007 (refuse). */
  failNext(party: ChainParty, count: number, kind: 'unavailable' | 'refuse'): void;
  /**
   * From now on the party hangs: a delivery is taken in (recorded, its retour on the way) but gets
   * no HTTP answer, so the sender cannot tell whether it arrived, until `release()` answers every
   * request still waiting and ends the hang.
   */
  hang(party: ChainParty): ChainHang;
  deliveries(filter?: { party?: ChainParty; functie?: string; referentienummer?: string }): ChainDelivery[];
  /** Accepted deliveries with this referentienummer: 0 or 1, however often it was sent. */
  deliveryCount(referentienummer: string): number;
  /** Every POST that carried this referentienummer, repeats included (a retried or re-run delivery). */
  deliveryAttempts(referentienummer: string): number;
  sentToPortal(): PortalSend[];
  portalErrors(): PortalError[];
  send(input: ChainSendInput): Promise<ChainSendResult>;
  stop(): Promise<void>;
};
