// Runs after every npm install/ci (package.json "postinstall"): fixes in dependencies that their
// maintainers have not released yet. Each patch is idempotent and fails the install loudly when its
// target changed, so whoever upgrades the dependency sees whether the fix is still needed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * postgres.js 3.4.x delays small writes to the next turn of the event loop. When the connection
 * closes in between (the server dies, a failover), the delayed write meets a null socket and
 * throws outside any promise, which kills the process (porsager/postgres#1154, #1208; the fix of
 * #1168 is not released). Patched as that fix does: a closed connection skips the write; closed()
 * has already rejected the queries that were waiting for it.
 */
const postgresNextWrite = {
  name: 'postgres.js: a write delayed past the close of its connection',
  files: ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) =>
    join(root, 'node_modules/postgres', f),
  ),
  marker: 'portaal-zorg: porsager/postgres#1154',
  before: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
  after:
    '  function nextWrite(fn) {\n' +
    '    // portaal-zorg: porsager/postgres#1154 (the connection closed after this write was scheduled)\n' +
    '    if (socket === null) {\n' +
    '      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
    '      chunk = nextWriteTimer = null\n' +
    '      return false\n' +
    '    }\n' +
    '    const x = socket.write(chunk, fn)\n',
};

export function patchDependencies() {
  for (const patch of [postgresNextWrite]) {
    for (const file of patch.files) {
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      if (text.includes(patch.marker)) continue;
      if (!text.includes(patch.before)) {
        process.stderr.write(
          `scripts/patch-dependencies.mjs: cannot apply "${patch.name}" to ${file}: the code changed. ` +
            'Check whether the new version fixes it, then update or remove the patch.\n',
        );
        process.exit(1);
      }
      writeFileSync(file, text.replace(patch.before, patch.after));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) patchDependencies();
