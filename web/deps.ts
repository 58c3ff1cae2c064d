import type { Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/** What the web layer is built from; assembled by web/server.ts (or a test). */
export type WebDeps = {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
};
