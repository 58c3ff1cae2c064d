// `npm run dev` on a fresh clone: install node modules if missing, then start the dev runner.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureNodeModules, projectRoot } from './bootstrap.mjs';

ensureNodeModules();
const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'dev.ts')], {
  cwd: projectRoot,
  stdio: 'inherit',
});
// The runner handles SIGINT/SIGTERM itself (it stops every service); just pass them on and wait.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
