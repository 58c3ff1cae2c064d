// Installs node modules when they are missing or older than the lockfile. Plain Node, no
// dependencies: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patchDependencies } from './patch-dependencies.mjs';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureNodeModules() {
  const lock = join(projectRoot, 'package-lock.json');
  const installed = join(projectRoot, 'node_modules', '.package-lock.json');
  // npm ci patches too (postinstall); modules installed before a patch was added get it here.
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return patchDependencies();
  process.stdout.write('Installing node modules (npm ci) ...\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(
      'npm ci failed: see the output above. Node 20.3 or newer and access to the npm registry are needed.\n',
    );
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureNodeModules();
