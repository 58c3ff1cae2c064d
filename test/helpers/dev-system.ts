import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/ports.ts';
import { waitForHealthy } from '../../scripts/lib/health.ts';

export type DevSystem = {
  baseUrl: string;
  idpUrl: string;
  temporalAddress: string;
  startMs: number;
  stop: () => Promise<number | null>;
};

const root = join(import.meta.dirname, '..', '..');

/**
 * Starts `npm run dev`'s runner exactly as a developer would, on free ports and with its own data
 * directory, and measures the time until /healthz answers 200.
 */
export async function startDevSystem(dataDir: string, env: Record<string, string> = {}): Promise<DevSystem> {
  const [port, temporal, ui, idp, mailUi, smtp, chain, ars] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts', 'dev.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      DEV_DATA_DIR: dataDir,
      DEV_TEMPORAL_PORT: String(temporal),
      DEV_TEMPORAL_UI_PORT: String(ui),
      DEV_IDP_PORT: String(idp),
      DEV_MAIL_UI_PORT: String(mailUi),
      DEV_SMTP_PORT: String(smtp),
      DEV_CHAIN_PORT: String(chain),
      DEV_IDP_ARS_PORT: String(ars),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A runner that gives up (it stops everything when a part fails to start) fails the test at once,
  // with its exit code, instead of leaving it to wait out the health deadline.
  const gaveUp = exited.then((code) => {
    throw new Error(`npm run dev exited with ${code} before /healthz answered; its stderr is above`);
  });
  gaveUp.catch(() => {}); // after a healthy start its later exit is stop()'s business
  await Promise.race([waitForHealthy(`http://127.0.0.1:${port}/healthz`, 110_000), gaveUp]);
  const startMs = performance.now() - started;
  return {
    baseUrl: `http://localhost:${port}`,
    idpUrl: `http://localhost:${idp}`,
    temporalAddress: `127.0.0.1:${temporal}`,
    startMs,
    /** SIGTERM, as Ctrl-C or a service manager would; resolves with the exit code. */
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
