import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/*
 * Ports for servers we start later (a dev runner, a Temporal server, a web child) are chosen below
 * the kernel's ephemeral range. A port handed out by `listen(0)` comes from that range, and so does
 * the local port of every outgoing connection: under a busy parallel test run another process's
 * connection could take the port between our check and the server's bind (seen in CI as
 * EADDRINUSE on the web port of `npm run dev`). Below the range only other pickers compete, and
 * those are kept apart: each vitest worker has its own slice, each process walks its slice with its
 * own cursor, and a child process starts far ahead of the cursor its parent had when it spawned it.
 */

const LOWEST_PORT = 10_000;
const SLICES = 8;
const CURSOR_VARIABLE = 'PZ_PORT_CURSOR';
const CHILD_HEAD_START = 400;

function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > LOWEST_PORT + SLICES * 100 ? value : 32_768;
  } catch {
    return 32_768;
  }
}

const sliceWidth = Math.floor((ephemeralLow() - LOWEST_PORT) / SLICES);
const sliceIndex = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
const sliceStart = LOWEST_PORT + sliceIndex * sliceWidth;

function initialCursor(): number {
  const inherited = Number(process.env[CURSOR_VARIABLE]);
  if (Number.isInteger(inherited) && inherited >= 0) return (inherited + CHILD_HEAD_START) % sliceWidth;
  return Math.floor(Math.random() * sliceWidth);
}

let cursor = initialCursor();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // All interfaces: a server on 0.0.0.0 and one on 127.0.0.1 conflict, so this checks both.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port, below the ephemeral range, that was free a moment ago and that no other picker here hands out. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < sliceWidth; tries++) {
    const port = sliceStart + cursor;
    cursor = (cursor + 1) % sliceWidth;
    // Children spawned from now on start ahead of every port this process has handed out.
    process.env[CURSOR_VARIABLE] = String(cursor);
    if (await canBind(port)) return port;
  }
  throw new Error(`no free port between ${sliceStart} and ${sliceStart + sliceWidth}`);
}
