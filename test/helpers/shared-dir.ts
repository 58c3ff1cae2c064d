import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The local path a clone was made from (`git clone /work/main /tmp/x`), if any. */
function originPath(): string | undefined {
  try {
    const url = execFileSync('git', ['-C', repoRoot, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
    }).trim();
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    return isAbsolute(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Where tests look for the shared reference data, in order. */
export function sharedDirCandidates(): string[] {
  const origin = originPath();
  return [
    process.env.PZ_SHARED_DIR,
    join(repoRoot, '..', 'shared'),
    origin ? join(dirname(resolve(origin)), 'shared') : undefined,
  ].filter((p): p is string => Boolean(p));
}

/**
 * The `shared/` folder beside the repository (reference data for tests only): PZ_SHARED_DIR, else
 * `../shared`, else beside the repository this clone was made from (a clean clone in a temporary
 * directory). Falls back to `../shared` so that a missing folder is reported by the caller.
 */
export function sharedDir(): string {
  const candidates = sharedDirCandidates();
  return candidates.find((p) => existsSync(join(p, 'istandaarden'))) ?? join(repoRoot, '..', 'shared');
}
