// `npm test`: installs what is missing, type-checks, runs the lint gates (Prettier, ESLint), runs
// every vitest suite (unit, workflow, integration, Chromium end-to-end) against one shared
// Temporal dev server and PostgreSQL, and ends with the plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules, projectRoot } from './bootstrap.mjs';

ensureNodeModules();

const resultsDir = join(projectRoot, '.test-results');
const report = join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(report, { force: true });

const bin = (name) => join(projectRoot, 'node_modules', '.bin', name);

process.stdout.write('Type-checking (tsc --noEmit) ...\n');
const typecheck = spawnSync(bin('tsc'), ['--noEmit'], { cwd: projectRoot, stdio: 'inherit' });
const typecheckPassed = typecheck.status === 0;

// The gates check the whole tree, so they run when the whole suite does; a run of chosen test files
// (`npm test -- test/unit/x.test.ts`) says it left them out.
const fileFilter = process.argv.slice(2);
const gates = [];
if (fileFilter.length === 0) {
  process.stdout.write('Checking formatting (prettier --check) ...\n');
  gates.push(spawnSync(bin('prettier'), ['--check', '--log-level=warn', '.'], { cwd: projectRoot, stdio: 'inherit' }));
  process.stdout.write('Linting (eslint) ...\n');
  gates.push(spawnSync(bin('eslint'), ['--max-warnings=0', '.'], { cwd: projectRoot, stdio: 'inherit' }));
} else {
  process.stdout.write('Lint gates (prettier, eslint) not run: only chosen test files were asked for.\n');
}
const gatesPassed = gates.filter((gate) => gate.status === 0).length;
const gatesFailed = gates.length - gatesPassed;

const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...fileFilter],
  {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  },
);

let passed = (typecheckPassed ? 1 : 0) + gatesPassed;
let failed = (typecheckPassed ? 0 : 1) + gatesFailed;
let note = '';
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  // Skipped or todo tests count as failures: a test that cannot run must say why and fail.
  failed += (json.numFailedTests ?? 0) + (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  const brokenFiles = (json.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  );
  failed += brokenFiles.length;
  if (brokenFiles.length) note = `${brokenFiles.length} test file(s) failed to load or set up`;
} else {
  failed += 1;
  note = 'vitest produced no report (global setup failed?)';
}
if (vitest.status !== 0 && failed === 0) {
  failed = 1;
  note = `vitest exited with status ${vitest.status}`;
}
if (note) process.stdout.write(`\n${note}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
