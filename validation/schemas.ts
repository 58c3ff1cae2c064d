import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MessageId, Standard } from '../domain/messages/message-codes.ts';

/**
 * The official XSDs are configuration, never part of the product (reference data
 * stays outside the repository): a directory laid out as the reference files are, `<dir>/wmo/xsd/WMO301.xsd` with
 * `basisschema.xsd` beside it (a flat `<dir>/wmo/WMO301.xsd` is accepted too), and the same for
 * `jw`. Each schema's files are read once per process and kept, whatever validates with them.
 */

export const SCHEMA_DIR_VARIABLE = 'ISTANDAARDEN_SCHEMA_DIR';

export class SchemaConfigurationError extends Error {
  override name = 'SchemaConfigurationError';
}

/** The message XSD plus the basisschema it imports, served to libxml2 from memory (xsd-runner.ts). */
export type MessageSchema = {
  code: string;
  /** `wmo` or `jw`: the two standards each have their own basisschema.xsd. */
  folder: string;
  /** The message XSD, under the name it is compiled by. */
  main: { fileName: string; contents: string };
  /** What it imports: `basisschema.xsd` (lower-case, as the import names it). */
  imports: { fileName: string; contents: string }[];
};

const FOLDER: Record<Standard, string> = { iwmo: 'wmo', ijw: 'jw' };
// The message XSDs import `basisschema.xsd`; the reference copy also ships `Basisschema.xsd`.
const BASISSCHEMA_NAMES = ['basisschema.xsd', 'Basisschema.xsd'];

/**
 * The schema directory from `--schemas` or the environment (relative to `baseDir`), checked to exist; throws with what
 * to do.
 */
export function resolveSchemaDir(
  fromFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  baseDir = process.cwd(),
): string {
  const given = fromFlag ?? env[SCHEMA_DIR_VARIABLE];
  if (!given) {
    throw new SchemaConfigurationError(
      `No schema directory: pass --schemas <dir> or set ${SCHEMA_DIR_VARIABLE}. It must hold wmo/xsd/*.xsd and jw/xsd/*.xsd (the official iWmo/iJw 3.2 XSDs with basisschema.xsd).`,
    );
  }
  const dir = resolve(baseDir, given);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new SchemaConfigurationError(`Schema directory ${dir} does not exist.`);
  return dir;
}

export class SchemaStore {
  private readonly cache = new Map<string, MessageSchema>();

  constructor(readonly dir: string) {}

  /** The schema of a message, read on first use; throws SchemaConfigurationError when it is missing. */
  schemaFor(message: MessageId): MessageSchema {
    let schema = this.cache.get(message.code);
    if (!schema) {
      schema = this.load(message);
      this.cache.set(message.code, schema);
    }
    return schema;
  }

  private load(message: MessageId): MessageSchema {
    const folder = join(this.dir, FOLDER[message.standard]);
    const candidates = [join(folder, 'xsd'), folder];
    const xsdDir = candidates.find((dir) => existsSync(join(dir, `${message.code}.xsd`)));
    if (!xsdDir)
      throw new SchemaConfigurationError(
        `No XSD for ${message.code}: looked for ${candidates.map((d) => join(d, `${message.code}.xsd`)).join(' and ')}.`,
      );
    const basis = BASISSCHEMA_NAMES.map((name) => join(xsdDir, name)).find((path) => existsSync(path));
    if (!basis)
      throw new SchemaConfigurationError(`No basisschema.xsd next to ${join(xsdDir, `${message.code}.xsd`)}.`);
    return {
      code: message.code,
      folder: FOLDER[message.standard],
      main: { fileName: `${message.code}.xsd`, contents: readFileSync(join(xsdDir, `${message.code}.xsd`), 'utf8') },
      imports: [{ fileName: 'basisschema.xsd', contents: readFileSync(basis, 'utf8') }],
    };
  }
}
