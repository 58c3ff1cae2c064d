/**
 * The chain parties a message goes to: VECOZO for iWmo/iJw (the care provider named
 * by its AGB code), the CAK for iEb. Each takes a complete StUF-GGk envelope (Di01 or Du01) and
 * must be idempotent on its referentienummer: delivering the same envelope twice delivers once
 * (a retried activity cannot know whether its last attempt arrived). Production plugs a real
 * Digikoppeling connector in behind this interface; dev and tests use the chain simulator.
 */
export type ChainParty = 'VECOZO' | 'CAK';

export type Delivery = {
  referentienummer: string;
  /** The StUF-GGk envelope, UTF-8 XML. */
  envelope: string;
};

export interface MessageGateway {
  readonly party: ChainParty;
  deliver(delivery: Delivery): Promise<void>;
}

/**
 * A delivery that failed. `transient`: try again later (unreachable, 5xx, timeout). Otherwise the
 * party refused the envelope with a Fo01 code, which a retry will not change.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    /** The Fo01 code of a refusal, e.g. IB007. */
    readonly fo01Code?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type MessageGateways = { vecozo: MessageGateway; cak: MessageGateway };
