import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../gateways/mailer.ts';
import { dataConverter } from '../../temporal/connection.ts';
import { createWorker, type WorkerDeps } from '../../worker.ts';

/** Temporal config of this test run: the shared dev server started by global setup. */
export function temporalOverrides(): { TEMPORAL_ADDRESS: string } {
  return { TEMPORAL_ADDRESS: inject('temporalAddress') };
}

/** A client with the config's payload codec, as web uses it. Close with `client.connection.close()`. */
export async function connectTestClient(
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'PAYLOAD_CODEC_KEY'>,
): Promise<Client> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
}

export type TestWorker = { worker: Worker; stop: () => Promise<void> };

let runtimeInstalled = false;

/** SDK, workflow and activity logs from WARN up only, so test output stays readable. Once per process. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * Runs the real worker (real activities) on the config's task queue, with the workflow bundle
 * that global setup built once. `stop()` shuts it down and waits until it has.
 */
export async function startTestWorker(deps: {
  config: Config;
  db: Database;
  mailer: Mailer;
  /** A CIZ of the test's own (e.g. a simulator that fails transiently); default the plain simulator. */
  ciz?: WorkerDeps['ciz'];
  /** VECOZO and the CAK; default the StUF HTTP connectors at the config's VECOZO_URL and CAK_URL. */
  gateways?: WorkerDeps['gateways'];
  options?: WorkerDeps['options'];
}): Promise<TestWorker> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const temporal = await connectTestClient(deps.config);
  const worker = await createWorker({
    ...deps,
    connection,
    temporal,
    workflowBundlePath: inject('workflowBundlePath'),
    options: { maxCachedWorkflows: 20, ...deps.options },
  });
  const running = worker.run();
  running.catch(() => undefined); // a crash surfaces in stop(), not as an unhandled rejection
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      try {
        await running;
      } finally {
        await temporal.connection.close();
        await connection.close();
      }
    },
  };
}
