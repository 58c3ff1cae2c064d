import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import { allSearchAttributes } from '../../workflows/search-attributes.ts';
import { freePort } from './ports.ts';
import { TEMPORAL_CLI_HELP, type ProvisionedCli } from './temporal-cli.ts';

export type RunningTemporal = { address: string; uiUrl?: string; stop: () => Promise<void> };

/**
 * Starts the Temporal CLI dev server with the project's search attributes registered. With
 * `dbFilename` the server keeps its state across restarts (dev); without, it is in memory (tests).
 */
export async function startTemporalDevServer(options: {
  cli: ProvisionedCli;
  dbFilename?: string;
  port?: number;
  uiPort?: number;
  codecEndpoint?: string;
}): Promise<RunningTemporal> {
  // The process that owns the server decides when it stops: without this, the SDK runtime reacts
  // to SIGINT/SIGTERM by shutting down under our feet, and Node exits before the server is stopped.
  try {
    Runtime.install({ shutdownSignals: [] });
  } catch {
    // already installed by this process
  }
  const port = options.port ?? (await freePort());
  const extraArgs = [
    ...(options.dbFilename
      ? ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL']
      : ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF']),
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    ...(options.uiPort ? ['--ui-disable-news-fetch'] : []),
  ];
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: options.cli.executable,
        ip: '127.0.0.1',
        port,
        dbFilename: options.dbFilename,
        ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
        searchAttributes: allSearchAttributes,
        extraArgs,
      },
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n\n${TEMPORAL_CLI_HELP}`, { cause: err });
  }
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
