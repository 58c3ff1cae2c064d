import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, USAGE } from './cli-args.ts';
import { humanLines, humanSummary, jsonLine } from './report.ts';
import { resolveSchemaDir, SchemaConfigurationError } from './schemas.ts';
import { createValidator } from './validator.ts';
import { XSLT_DIR_VARIABLE, XsltConfigurationError, XsltStylesheetError } from './xslt/types.ts';

/**
 * `npm run validate -- [--json] [--schemas <dir>] <files...>`: the payload validator of the
 * portal as a command, for files anywhere on disk. Exit code 0 when every file is valid, 1 when
 * one is not, 2 for a usage or configuration error (nothing is validated then).
 * `npm run validate -- --rules [--json]` prints the rule tables instead (exit code 0).
 */

/**
 * Where relative paths start: `npm run` changes into the package directory, and tells in INIT_CWD
 * where the user was, so `npm run validate -- ../x.xml` means what the user typed.
 */
const BASE_DIR = process.env.INIT_CWD ?? process.cwd();

/** Files are read and validated in chunks of about this many bytes, so memory stays bounded. */
const CHUNK_BYTES = 100_000_000;

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) out(USAGE);
    else err(`${parsed.error}\n\n${USAGE}`);
    return parsed.help ? 0 : 2;
  }
  const { options } = parsed;
  if (options.rules) {
    // Loaded only here: the rule tables (and the official rule files below) take some 100 ms to
    // load, which a validation run needs in its threads only.
    const { ruleOverview, rulesHuman, rulesJson } = await import('./rules-report.ts');
    out(options.json ? rulesJson(ruleOverview()) : rulesHuman(ruleOverview()));
    return 0;
  }
  const sizes: number[] = [];
  for (const file of options.files) {
    const size = fileSize(resolve(BASE_DIR, file));
    if (size === undefined) {
      err(`Cannot read ${file}: not a readable file.`);
      return 2;
    }
    sizes.push(size);
  }
  const schemaDir = resolveSchemaDir(options.schemas, process.env, BASE_DIR);
  const xsltDir = options.xslt ?? process.env[XSLT_DIR_VARIABLE];
  const officialRules = xsltDir
    ? (await import('./xslt/official-rules.ts')).loadOfficialRules(xsltDir, {}, BASE_DIR)
    : undefined;
  const validator = createValidator(schemaDir, officialRules ? { officialRules } : {});
  let valid = 0;
  for (const chunk of chunks(options.files, sizes)) {
    const results = await validator.validate(
      chunk.map((file) => ({ name: file, bytes: readFileSync(resolve(BASE_DIR, file)) })),
    );
    results.forEach((result, i) => {
      out(options.json ? jsonLine(chunk[i]!, result) : humanLines(chunk[i]!, result));
      if (result.valid) valid++;
    });
  }
  if (!options.json) out(humanSummary(options.files.length, valid));
  return valid === options.files.length ? 0 : 1;
}

function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

function* chunks(files: readonly string[], sizes: readonly number[]): Generator<string[]> {
  let chunk: string[] = [];
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    if (chunk.length > 0 && bytes + sizes[i]! > CHUNK_BYTES) {
      yield chunk;
      [chunk, bytes] = [[], 0];
    }
    chunk.push(file);
    bytes += sizes[i]!;
  }
  if (chunk.length > 0) yield chunk;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A fault of the validator itself: its message, never a stack trace (bad input is a finding, not an error).
    if (
      error instanceof SchemaConfigurationError ||
      error instanceof XsltConfigurationError ||
      error instanceof XsltStylesheetError
    )
      err(error.message);
    else err(`Validation failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
