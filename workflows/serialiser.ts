/**
 * Runs Update handlers (and timer steps) of one workflow one at a time. Each awaits activities, and
 * must start from the state the previous one left, not from a snapshot taken before it. Pure
 * promise chaining: deterministic, safe in workflow code.
 */
export function createSerialiser() {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    idle: (): boolean => pending === 0,
    run<T>(fn: () => Promise<T>): Promise<T> {
      pending++;
      const result = tail.then(async () => {
        try {
          return await fn();
        } finally {
          pending--;
        }
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

export type Serialiser = ReturnType<typeof createSerialiser>;

/** An Update's validator and handler, as the handlers modules hand them to the workflow. */
export type Command<A, R> = { validator: (arg: A) => void; handler: (arg: A) => Promise<R> };

/** The command's handler run one at a time: each starts from the state the previous one left. */
export const serialised =
  (serialiser: Serialiser) =>
  <A, R>(command: Command<A, R>) =>
  (arg: A): Promise<R> =>
    serialiser.run(() => command.handler(arg));

/**
 * Work a handler starts but does not wait for (an e-mail that may wait for SMTP to come back).
 * Its activities are in the history once scheduled, so they survive a worker crash; the workflow
 * waits for `idle()` before continue-as-new so nothing is cut off.
 */
export function createBackgroundTasks(onError: (err: unknown) => void) {
  let pending = 0;
  return {
    idle: (): boolean => pending === 0,
    start(fn: () => Promise<void>): void {
      pending++;
      void fn()
        .catch(onError)
        .finally(() => pending--);
    },
  };
}
