/**
 * The CIZ Wlz-register, reached through the GGk (the Wlz-Registertoets): per BSN only
 * whether the person has a Wlz-indicatie, and the date of the register (it is refreshed every 24 h).
 * Activities depend on this interface; dev and tests use the simulator, production a real connector.
 */
export type RegistertoetsAnswer = {
  indicatie: boolean;
  /** YYYY-MM-DD: the date of the register the answer comes from. */
  registerDate: string;
};

export interface CizGateway {
  registertoets(bsn: string): Promise<RegistertoetsAnswer>;
}

/**
 * A failure of the CIZ (or the road to it). `transient`: worth retrying (timeout, 503); otherwise
 * the CIZ refused the question and asking again gives the same answer. The message must never
 * contain the BSN: activity failures end up in Temporal's history as plain text.
 */
export class CizError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'CizError';
  }
}
