import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../logger.ts';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Temporal's Logger (`log(level, message, meta)`) on top of pino (`info(obj, message)`), for
 * `Runtime.install({ logger })`. SDK, workflow (`wf.log`) and activity (`log`) messages then share
 * the app's JSON lines and redaction. Symbol keys in the metadata (SDK internals) are dropped by
 * pino's serialiser; an `error` is renamed to `err` so pino's error serialiser applies.
 */
export function createTemporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    const { error, ...rest } = meta ?? {};
    logger[PINO_LEVEL[level]](error === undefined ? rest : { ...rest, err: error }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
