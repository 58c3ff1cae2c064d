import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitForHealthy } from '../../scripts/lib/health.ts';
import { waitFor } from './wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Child = {
  name: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far, when started with `capture`. */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * A project entry point (`web/server.ts`, `worker.ts`) as its own process, as production runs it.
 * With `capture` its stdout and stderr are kept (a test reads its logs) instead of being dropped
 * and passed through.
 */
export function startEntry(
  name: string,
  entry: string,
  env: Record<string, string | undefined>,
  options: { capture?: boolean } = {},
): Child {
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...defined },
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'],
  });
  const chunks: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => chunks.push(chunk));
  }
  // 'close' comes after the last byte of stdout and stderr, so a stopped child's output is complete.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    name,
    process: child,
    output: () => chunks.join(''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    },
  };
}

/** Resolves when the web process answers ready; fails at once when it exits first. */
export async function webReady(child: Child, port: number): Promise<void> {
  await Promise.race([
    waitForHealthy(`http://127.0.0.1:${port}/healthz/ready`, 60_000),
    exitBefore(child, 'it was ready'),
  ]);
}

/** Rejects when the child exits (a bad config, a failed start); after the race it waits on, nobody listens. */
function exitBefore(child: Child, what: string): Promise<never> {
  const exited = once(child.process, 'exit').then(([code]) => {
    throw new Error(`${child.name} exited with ${String(code)} before ${what}${tail(child)}`);
  });
  exited.catch(() => undefined);
  return exited;
}

/** The last lines a captured child wrote, for an error message (empty when not captured). */
function tail(child: Child, lines = 20): string {
  const text = child.output().trimEnd();
  return text ? `:\n${text.split('\n').slice(-lines).join('\n')}` : '';
}

/** Resolves once a captured child has written `text`; fails at once when it exits first, or after `timeoutMs`. */
export async function untilOutput(child: Child, text: string, timeoutMs: number): Promise<void> {
  await Promise.race([
    waitFor(`${child.name} to write '${text}'`, () => child.output().includes(text), { timeoutMs }),
    exitBefore(child, `it wrote '${text}'`),
  ]);
}
