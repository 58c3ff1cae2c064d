import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const CENSORED = '[verwijderd]';

/**
 * Keys that hold a person, or free text a person may have filled with one (a file named after the
 * client, the purpose of a Wlz look-up), in the product's own vocabulary (personal settings, the
 * Wlz request, message files) and in plain English.
 */
const PERSONAL_KEYS = new Set([
  'bsn',
  'email',
  'name',
  'naam',
  'voornaam',
  'voornamen',
  'voorletters',
  'tussenvoegsel',
  'achternaam',
  'geboortedatum',
  'phone',
  'telefoonnummer',
  'settings',
  'fileName',
  'purpose',
  'password',
  'SAMLResponse',
]);

/** Deeper than any line the product writes; what lies below is left as it is. */
const MAX_DEPTH = 8;

/**
 * Plain objects and arrays only. Class instances (an Error, a request or response before its
 * serialiser shortens it, a Buffer) are left to pino's serialisers: walking a socket is no option.
 */
function isWalkable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The log object with the value of every personal key censored, at any depth and in arrays. The
 * caller's object is never changed: what differs is copied. Workflow and activity metadata arrive
 * at the top level of a line, request fields one below, audit details deeper.
 */
export function censorPersonal<T>(value: T, depth = 0): T {
  if (!isWalkable(value) || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const censored = censorPersonal(item, depth + 1);
      if (censored !== item) (copy ??= [...value])[index] = censored;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const censored = PERSONAL_KEYS.has(key) ? CENSORED : censorPersonal(item, depth + 1);
    if (censored !== item) (copy ??= { ...value })[key] = censored;
  }
  return (copy ?? value) as T;
}

/**
 * Personal data never reaches a log line. Callers log ids and codes, not people; censoring the
 * personal keys is the second line of defence. Headers are never logged (web/app.ts keeps the
 * path only), and are censored here should one slip through.
 */
export function createLogger(options: {
  level: string;
  pretty: boolean;
  name?: string;
  /** Where JSON lines go instead of stdout (not with `pretty`). */
  destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level,
    name: options.name,
    formatters: { log: (object: Record<string, unknown>) => censorPersonal(object) },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: CENSORED,
    },
  };
  if (options.pretty) {
    return pino({
      ...settings,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
