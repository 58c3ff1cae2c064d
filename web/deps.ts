import type { Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { WebMetrics } from './metrics.ts';

/** What the web layer is built from; assembled by web/server.ts (or a test). */
export type WebDeps = {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  /** Made by createApp when not given; commands record into it where present. */
  metrics?: WebMetrics;
};
