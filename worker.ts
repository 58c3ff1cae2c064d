import { pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities/index.ts';
import { loadConfigOrExit, type Config } from './config.ts';
import { connectDatabase, type Database } from './db/client.ts';
import type { MessageGateways } from './gateways/chain.ts';
import type { CizGateway } from './gateways/ciz.ts';
import { createStufHttpGateway } from './gateways/stuf-http.ts';
import { createSmtpMailer, type Mailer } from './gateways/mailer.ts';
import { createCizSimulator } from './gateways/simulators/ciz.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectClient, connectWorker, dataConverter } from './temporal/connection.ts';
import { createTemporalLogger } from './temporal/pino-logger.ts';
import { STARVED_EXIT_CODE, watchForStarvation } from './temporal/starvation-watchdog.ts';
import { workflowsPath } from './workflows/index-path.ts';

export type WorkerDeps = {
  config: Config;
  connection: NativeConnection;
  db: Database;
  mailer: Mailer;
  /** The CIZ Wlz-register; without it the simulator, which production refuses (cizGatewayFor). */
  ciz?: CizGateway;
  /** VECOZO and the CAK; without them the StUF HTTP connectors at VECOZO_URL and CAK_URL. */
  gateways?: MessageGateways;
  /** A client with the payload codec, for activities that send Updates to other workflows. */
  temporal: Client;
  logger?: Logger;
  /** A bundle made by `npm run build:workflows` (production, tests); without it the worker bundles at start (dev). */
  workflowBundlePath?: string;
  /** Tuning for tests, e.g. a short stickyQueueScheduleToStartTimeout after a killed worker. */
  options?: Pick<WorkerOptions, 'stickyQueueScheduleToStartTimeout' | 'maxCachedWorkflows' | 'shutdownGraceTime'>;
};

/**
 * The CIZ gateway the worker uses: the one given, else the simulator outside production. There is
 * no real connector yet, so production refuses to start rather than answer look-ups with made-up data.
 */
export function cizGatewayFor(config: Pick<Config, 'NODE_ENV'>, given?: CizGateway): CizGateway {
  if (given) return given;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'No CIZ connector configured: the CIZ simulator cannot run in production (NODE_ENV=production). Plug a real CizGateway into createWorker.',
    );
  }
  return createCizSimulator();
}

/**
 * The pre-built workflow bundle the worker runs, or undefined to bundle workflows/ at start (dev,
 * where the sources change between starts). Production refuses to start without one rather than
 * warn: bundling at start costs every worker seconds of CPU and a few hundred MB at each restart
 * and scale-out, needs the bundler's toolchain on the host, and runs whatever sources happen to be
 * there instead of the code the release built. An operator who sets NODE_ENV=production expects
 * the worker to run what was built; a warning scrolled past in a deploy log would hide that it does not.
 */
export function workflowBundleFor(config: Pick<Config, 'NODE_ENV' | 'WORKFLOW_BUNDLE_PATH'>): string | undefined {
  if (config.WORKFLOW_BUNDLE_PATH) return config.WORKFLOW_BUNDLE_PATH;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'No workflow bundle: a production worker (NODE_ENV=production) runs the bundle `npm run build:workflows` writes (dist/workflow-bundle.js). Set WORKFLOW_BUNDLE_PATH to it.',
    );
  }
  return undefined;
}

/** The chain parties: StUF envelopes over HTTP to the configured endpoints (the chain simulator in dev). */
export function messageGatewaysFor(
  config: Pick<Config, 'VECOZO_URL' | 'CAK_URL'>,
  given?: MessageGateways,
): MessageGateways {
  return (
    given ?? {
      vecozo: createStufHttpGateway({ party: 'VECOZO', url: config.VECOZO_URL }),
      cak: createStufHttpGateway({ party: 'CAK', url: config.CAK_URL }),
    }
  );
}

/** The worker for every workflow and activity on TEMPORAL_TASK_QUEUE; call `run()` on it. */
export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  const { config } = deps;
  const ciz = cizGatewayFor(config, deps.ciz);
  deps.logger?.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowBundle: deps.workflowBundlePath ?? 'built at start' },
    'creating Temporal worker',
  );
  return Worker.create({
    connection: deps.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(deps.workflowBundlePath ? { workflowBundle: { codePath: deps.workflowBundlePath } } : { workflowsPath }),
    activities: createActivities({
      db: deps.db,
      mailer: deps.mailer,
      ciz,
      gateways: messageGatewaysFor(config, deps.gateways),
      config,
      temporal: deps.temporal,
    }),
    dataConverter: dataConverter(config),
    // Entity workflows idle for weeks: a bounded cache keeps memory flat; evicted ones replay on demand.
    maxCachedWorkflows: 500,
    // Lets a running activity (an e-mail being sent) finish on SIGTERM.
    shutdownGraceTime: '10s',
    ...deps.options,
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Refuse before connecting anything: production without a real CIZ connector or without a
  // pre-built workflow bundle is a config error.
  const ciz = cizGatewayFor(config);
  const workflowBundlePath = workflowBundleFor(config);
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production', name: 'worker' });
  // Runtime.install must come before the first connection; its default shutdownSignals stop the worker.
  // With WORKER_METRICS_ADDRESS the SDK itself serves its metrics (task latencies, slots, polls) for Prometheus.
  Runtime.install({
    logger: createTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(config.WORKER_METRICS_ADDRESS
        ? { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } }
        : {}),
    },
  });
  const database = connectDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const mailer = createSmtpMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  let connection: NativeConnection | undefined;
  let temporal: Client | undefined;
  try {
    connection = await connectWorker(config);
    temporal = await connectClient(config);
    const worker = await createWorker({
      config,
      connection,
      db: database.db,
      mailer,
      ciz,
      temporal,
      logger,
      workflowBundlePath,
    });
    logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
    watchForStarvation({
      client: temporal,
      worker,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      logger,
      onStarved: () => process.exit(STARVED_EXIT_CODE),
    });
    await worker.run();
    logger.info('worker stopped');
  } finally {
    mailer.close?.();
    await temporal?.connection.close();
    await connection?.close();
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
