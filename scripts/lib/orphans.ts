import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, stopOrphanPostgres } from './postgres.ts';

const OWNER_FILE = 'owner.json';

type Owner = { pid: number; temporalPort?: number };

/** Records which process owns a run directory, and the Temporal port it started. */
export function recordOwner(dir: string, owner: Owner): void {
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
}

/** PIDs of processes whose command line contains every given fragment (Linux /proc). */
function pidsMatching(fragments: string[]): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return fragments.every((f) => cmdline.includes(f));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * A test run killed with SIGKILL (a CI timeout, an impatient developer) leaves its Temporal dev
 * server and PostgreSQL running. The next run stops them by PID and removes their directories:
 * every run directory whose owner process is gone.
 */
export function cleanUpAbandonedRuns(parent: string, prefix: string): void {
  for (const name of readdirSync(parent).filter((n) => n.startsWith(prefix))) {
    const dir = join(parent, name);
    let owner: Owner | undefined;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner;
    } catch {
      continue; // not ours, or still being set up
    }
    if (alive(owner.pid)) continue;
    if (owner.temporalPort) {
      for (const pid of pidsMatching(['server start-dev', `--port ${owner.temporalPort} `]))
        process.kill(pid, 'SIGKILL');
    }
    stopOrphanPostgres(join(dir, 'pg'));
    rmSync(dir, { recursive: true, force: true });
  }
}
