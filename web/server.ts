import type { Server } from 'node:http';
import { loadConfigOrExit, type Config } from '../config.ts';
import { connectDatabase } from '../db/client.ts';
import { createLogger, type Logger } from '../logger.ts';
import { connectClient } from '../temporal/connection.ts';
import { isEntryPoint, runEntryPoint } from '../entry-point.ts';
import { createMessageValidation } from '../usecases/message-validation.ts';
import { createApp } from './app.ts';
import { pruneRateLimits } from './rate-limit.ts';

export type RunningWeb = { server: Server; url: string; stop: () => Promise<void> };

/** Starts the web process: config → database → Temporal client → HTTP server; stops in reverse order. */
export async function startWeb(config: Config, logger: Logger): Promise<RunningWeb> {
  // The official rule files and xsltproc are checked before anything connects (ISTANDAARDEN_XSLT_DIR).
  const { validator, ruleFiles } = createMessageValidation(config);
  if (ruleFiles.length > 0) logger.info({ dir: config.ISTANDAARDEN_XSLT_DIR, ruleFiles }, 'official rule files loaded');
  const database = connectDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const temporal = await connectClient(config);
  const { app, sessionStore } = createApp({ config, db: database.db, temporal, logger, validator });
  // Rate-limit windows are at most VERIFY_RATE_LIMIT_WINDOW_MINUTES long: a day-old counter is dead.
  const prune = () => Promise.all([sessionStore.pruneExpired(), pruneRateLimits(database.db, 24 * 3_600_000)]);
  const pruner = setInterval(
    () => void prune().catch((err) => logger.warn({ err }, 'session prune failed')),
    15 * 60_000,
  );
  pruner.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port }, 'web listening');

  return {
    server,
    url: `http://localhost:${port}`,
    stop: async () => {
      clearInterval(pruner);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await temporal.connection.close();
      await database.close();
      await validator?.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV !== 'production', name: 'web' });
  const web = await startWeb(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'web stopping');
    web.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'web stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (isEntryPoint(import.meta.url)) runEntryPoint('web', main);
