import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitForHealthy } from '../../scripts/lib/health.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Child = { name: string; process: ChildProcess; stop: () => Promise<void> };

/** A project entry point (`web/server.ts`, `worker.ts`) as its own process, as production runs it. */
export function startEntry(name: string, entry: string, env: Record<string, string | undefined>): Child {
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...defined },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    name,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves when the web process answers ready; fails at once when it exits first. */
export async function webReady(child: Child, port: number): Promise<void> {
  const exited = once(child.process, 'exit').then(([code]) => {
    throw new Error(`${child.name} exited with ${String(code)} before it was ready`);
  });
  exited.catch(() => undefined);
  await Promise.race([waitForHealthy(`http://127.0.0.1:${port}/healthz/ready`, 60_000), exited]);
}

/** A TCP round-robin balancer in front of the web processes, as a load balancer would be. */
export async function startBalancer(port: number, targets: () => number[]): Promise<{ stop: () => Promise<void> }> {
  let next = 0;
  const server: Server = createServer((socket) => {
    const ports = targets();
    const upstream = connect(ports[next++ % ports.length]!, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
