import { CizError, type CizGateway, type RegistertoetsAnswer } from '../ciz.ts';

/**
 * A deterministic CIZ for dev and tests. The rule: a BSN whose LAST DIGIT IS EVEN has a
 * Wlz-indicatie ("Ja"), an odd last digit has none ("Nee"). The register date is today's date in
 * the Netherlands (the register is refreshed daily), or the fixed `registerDate` given.
 *
 * `failTransiently`: BSNs for which the first `failures` calls fail with a transient CizError (to
 * test retries); `refuse`: BSNs the simulated CIZ always refuses (a non-retryable failure).
 */
export type CizSimulatorOptions = {
  registerDate?: string;
  failTransiently?: Iterable<string>;
  failures?: number;
  refuse?: Iterable<string>;
};

export type CizSimulator = CizGateway & {
  /** How often the simulator was asked, per BSN: for tests of retries. */
  calls(bsn: string): number;
};

const todayInNetherlands = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

/** The simulator's rule on its own, so tests and the dev docs can name the expected answer. */
export const simulatedIndicatie = (bsn: string): boolean => Number(bsn.at(-1)) % 2 === 0;

export function createCizSimulator(options: CizSimulatorOptions = {}): CizSimulator {
  const flaky = new Set(options.failTransiently ?? []);
  const refused = new Set(options.refuse ?? []);
  const failures = options.failures ?? 2;
  const counts = new Map<string, number>();
  return {
    calls: (bsn) => counts.get(bsn) ?? 0,
    async registertoets(bsn: string): Promise<RegistertoetsAnswer> {
      const count = (counts.get(bsn) ?? 0) + 1;
      counts.set(bsn, count);
      if (refused.has(bsn)) throw new CizError('CIZ simulator: question refused', false);
      if (flaky.has(bsn) && count <= failures) throw new CizError('CIZ simulator: temporarily unavailable', true);
      return { indicatie: simulatedIndicatie(bsn), registerDate: options.registerDate ?? todayInNetherlands() };
    },
  };
}
