import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir, sharedDirCandidates } from './shared-dir.ts';

/**
 * The official iWmo/iJw 3.2 reference files (XSDs and example messages) that tests read from
 * `../shared/istandaarden` next to the repository (the product never ships them), the real
 * `xmllint` to compare with, and `npm run validate` run as a user runs it.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ISTANDAARDEN_DIR = join(sharedDir(), 'istandaarden');

/** The reference directory, or a failure that says what is missing (never a silent skip). */
export function istandaardenDir(): string {
  for (const folder of ['wmo/xsd', 'wmo/examples', 'jw/xsd', 'jw/examples']) {
    if (!existsSync(join(ISTANDAARDEN_DIR, folder))) {
      throw new Error(
        `The iStandaarden reference files are missing: expected ${join(ISTANDAARDEN_DIR, folder)} (looked in ${sharedDirCandidates().join(', ')}; set PZ_SHARED_DIR to the shared folder).`,
      );
    }
  }
  return ISTANDAARDEN_DIR;
}

/** Fails (not skips) when the real xmllint is not installed. */
export function requireXmllint(): void {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      'xmllint is not installed: install libxml2-utils (apt-get install libxml2-utils); .ci/run does this.',
    );
}

export type Example = { code: string; file: string; xsd: string };

/** Every example message with the XSD of its own type (`wmo/examples/WMO301.xml` ↔ `wmo/xsd/WMO301.xsd`). */
export function examples(): Example[] {
  const dir = istandaardenDir();
  return ['wmo', 'jw'].flatMap((folder) =>
    readdirSync(join(dir, folder, 'examples'))
      .filter((name) => name.endsWith('.xml'))
      .sort()
      .map((name) => {
        const code = name.replace(/\.xml$/, '');
        return { code, file: join(dir, folder, 'examples', name), xsd: join(dir, folder, 'xsd', `${code}.xsd`) };
      }),
  );
}

export function exampleText(code: string): string {
  const example = examples().find((e) => e.code === code);
  if (!example) throw new Error(`No example ${code} in ${ISTANDAARDEN_DIR}`);
  return readFileSync(example.file, 'utf8');
}

/** `xmllint --noout --schema <xsd> <file>`: true when it validates. */
export function xmllintValidates(xsd: string, file: string): boolean {
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0;
}

export type JsonVerdict = {
  file: string;
  valid: boolean;
  messageCode: string | null;
  errors: { code: string; location: string; message: string; retourcode: string | null }[];
};

export type CliRun = { exitCode: number | null; stdout: string; stderr: string; verdicts: JsonVerdict[]; ms: number };

/** `npm run -s validate -- <args>` from the repository root, as a child process. */
export function runValidate(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'validate', '--', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const verdicts = args.includes('--json')
        ? stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as JsonVerdict)
        : [];
      resolve({ exitCode, stdout, stderr, verdicts, ms: performance.now() - started });
    });
  });
}
