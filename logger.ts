import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Personal data never reaches a log line. These paths are censored wherever they appear, as a
 * second line of defence: callers log ids and codes, not people.
 */
const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.bsn',
  '*.email',
  '*.name',
  '*.password',
  '*.phone',
  '*.SAMLResponse',
];

export function createLogger(options: { level: string; pretty: boolean; name?: string }): Logger {
  return pino({
    level: options.level,
    name: options.name,
    redact: { paths: redactPaths, censor: '[verwijderd]' },
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
