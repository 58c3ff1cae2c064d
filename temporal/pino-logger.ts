import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../logger.ts';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Deeper than any SDK log metadata nests; a cycle or a giant structure ends here. */
const MAX_DEPTH = 12;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A Temporal Payload: `{ metadata: { encoding, … }, data }`, as a protobuf message or its JSON. */
const isPayload = (value: Record<string, unknown>): boolean => isObject(value.metadata) && 'encoding' in value.metadata;

/**
 * The metadata with every Temporal payload replaced by a marker. The SDK's trace lines carry whole
 * workflow activations, and its log buffer keeps them by reference while the payload codec decodes
 * them in place: what reached the log was the decrypted workflow input (names, e-mail addresses,
 * BSNs). Encrypted or not, a payload says nothing an operator needs; the ids around it stay.
 */
export function withoutPayloads(value: unknown, depth = 0): unknown {
  if (!isObject(value) || value instanceof Error || ArrayBuffer.isView(value)) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => withoutPayloads(item, depth + 1));
  // Protobuf messages (activations, tasks) know their JSON form: bytes as base64, 64-bit numbers as text.
  const plain: unknown = typeof value.toJSON === 'function' ? (value.toJSON as () => unknown)() : value;
  if (!isObject(plain)) return plain;
  if (isPayload(plain)) return '[payload]';
  return Object.fromEntries(Object.entries(plain).map(([key, item]) => [key, withoutPayloads(item, depth + 1)]));
}

/**
 * Temporal's Logger (`log(level, message, meta)`) on top of pino (`info(obj, message)`), for
 * `Runtime.install({ logger })`. SDK, workflow (`wf.log`) and activity (`log`) messages then share
 * the app's JSON lines and redaction. Symbol keys in the metadata (SDK internals) are dropped by
 * pino's serialiser; an `error` is renamed to `err` so pino's error serialiser applies.
 */
export function createTemporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    // The SDK hands over every trace line (whole activations); walking one nobody logs is waste.
    if (!logger.isLevelEnabled(PINO_LEVEL[level])) return;
    const { error, ...rest } = meta ?? {};
    const fields = withoutPayloads(rest) as Record<string, unknown>;
    logger[PINO_LEVEL[level]](error === undefined ? fields : { ...fields, err: error }, message);
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
