/**
 * Builds the workflow bundle ahead of time (`npm run build:workflows`): production workers load it
 * through WORKFLOW_BUNDLE_PATH instead of bundling the workflow sources at every start.
 *
 *   npm run build:workflows                     # writes dist/workflow-bundle.js
 *   npm run build:workflows -- /srv/bundle.js   # or the path given
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { isEntryPoint, runEntryPoint } from '../entry-point.ts';
import { workflowsPath } from '../workflows/index-path.ts';

export const DEFAULT_BUNDLE_PATH = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

/** Only the bundler's errors: its progress lines are noise in a build log and in test output. */
const errorsOnly: Logger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message) => process.stderr.write(`${message}\n`),
};

/** Bundles workflows/index.ts and its imports into one file at `outFile`; returns its absolute path. */
export async function buildWorkflowBundle(outFile: string = DEFAULT_BUNDLE_PATH): Promise<string> {
  const path = resolve(outFile);
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: errorsOnly });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return path;
}

if (isEntryPoint(import.meta.url)) {
  runEntryPoint('build:workflows', async () => {
    const path = await buildWorkflowBundle(process.argv[2]);
    process.stdout.write(`workflow bundle written to ${path}\n`);
  });
}
