/**
 * Test-only worker entry, run as a child process (`node --import tsx`) so a test can SIGKILL it
 * mid-workflow. Config overrides come as JSON in PZ_TEST_WORKER_CONFIG, the pre-built workflow
 * bundle among them (WORKFLOW_BUNDLE_PATH). Prints `ready` once the worker runs.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../../db/client.ts';
import { createSmtpMailer } from '../../gateways/mailer.ts';
import { connectClient } from '../../temporal/connection.ts';
import { STARVED_EXIT_CODE, watchForStarvation } from '../../temporal/starvation-watchdog.ts';
import { createWorker, workflowBundleFor } from '../../worker.ts';
import { testConfig } from './config.ts';

const config = testConfig(JSON.parse(process.env.PZ_TEST_WORKER_CONFIG ?? '{}') as Record<string, string>);
Runtime.install({ logger: new DefaultLogger(process.env.PZ_TEST_WORKER_SDK_LOG_LEVEL === 'ERROR' ? 'ERROR' : 'WARN') });

const database = connectDatabase(config.DATABASE_URL, { max: 2 });
const mailer = createSmtpMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const temporal = await connectClient(config);
try {
  const worker = await createWorker({
    config,
    connection,
    temporal,
    db: database.db,
    mailer,
    workflowBundlePath: workflowBundleFor(config),
    // A killed worker never releases its sticky queue; let the server give up on it quickly. The
    // cache holds the few hundred workflows of a load test: a smaller one replays whole histories
    // on every task and the worker, not the fault, sets the pace.
    options: { stickyQueueScheduleToStartTimeout: '1s', maxCachedWorkflows: 300 },
  });
  // As in worker.ts: a worker whose workflow pollers stopped exits for a fresh start.
  watchForStarvation({
    client: temporal,
    worker,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger: { error: (o, msg) => console.error(msg, o), warn: () => undefined },
    onStarved: () => process.exit(STARVED_EXIT_CODE),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
} finally {
  mailer.close?.();
  await temporal.connection.close();
  await connection.close();
  await database.close();
}
