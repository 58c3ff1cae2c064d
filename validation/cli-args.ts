/**
 * Command line of `npm run validate -- [--json] [--schemas <dir>] <files...>`. Pure, so the
 * usage errors (exit code 2) are unit-testable.
 */

export type CliOptions = { json: boolean; schemas: string | undefined; files: string[] };
export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; help: true } | { ok: false; help: false; error: string };

export const USAGE = `Usage: npm run validate -- [--json] [--schemas <dir>] <file.xml>...

Validates iWmo/iJw 3.2 messages: safe read (UTF-8 without BOM, no DTD), the XSD of the message
type, and the single-message rules CS002, CS003, TR018, TR101, TR134 and TR137.

  --json            one JSON object per file per line: {file, valid, messageCode, errors}
  --schemas <dir>   directory with wmo/xsd/*.xsd and jw/xsd/*.xsd (default: $ISTANDAARDEN_SCHEMA_DIR)
  -h, --help        this text

Exit code: 0 when every file is valid, 1 when one is not, 2 for a usage or configuration error.`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = { json: false, schemas: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      options.files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { ok: false, help: true };
    if (arg === '--json') options.json = true;
    else if (arg === '--schemas' || arg.startsWith('--schemas=')) {
      const value = arg === '--schemas' ? argv[++i] : arg.slice('--schemas='.length);
      if (!value) return { ok: false, help: false, error: '--schemas needs a directory.' };
      options.schemas = value;
    } else if (arg.startsWith('-')) return { ok: false, help: false, error: `Unknown option ${arg}.` };
    else options.files.push(arg);
  }
  if (options.files.length === 0) return { ok: false, help: false, error: 'No files given.' };
  return { ok: true, options };
}
