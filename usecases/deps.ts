import type { Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Validator } from '../validation/validator.ts';

/** Where a use case records how long payload validation took (web/metrics.ts in the web process). */
export type ValidationMetrics = { observeValidation(seconds: number, files: number): void };

/**
 * What the use cases are built from: assembled once at the start of a process (web/server.ts, a
 * test, a benchmark) and handed to every door that calls them.
 */
export type UseCaseDeps = {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  /**
   * Payload validation, built once at start (createMessageValidator): its threads keep the schemas
   * compiled for the next upload. Undefined without ISTANDAARDEN_SCHEMA_DIR: then nothing is sent.
   */
  validator: Validator | undefined;
  metrics?: ValidationMetrics;
};
