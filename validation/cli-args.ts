/**
 * Command line of `npm run validate`. Pure, so the usage errors (exit code 2) are unit-testable.
 */

export type CliOptions = {
  json: boolean;
  /** `--rules`: print the rule tables (checked or not, per code) instead of validating files. */
  rules: boolean;
  schemas: string | undefined;
  /** `--xslt <dir>`: the official rule files to run beside ours (validation/xslt). */
  xslt: string | undefined;
  files: string[];
};
export type ParsedArgs =
  { ok: true; options: CliOptions } | { ok: false; help: true } | { ok: false; help: false; error: string };

export const USAGE = `Usage: npm run validate -- [--json] [--schemas <dir>] [--xslt <dir>] <file.xml>...
       npm run validate -- --rules [--json]

Validates iWmo/iJw 3.2 messages: safe read (UTF-8 without BOM, no DTD), the XSD of the message
type, and the single-message rules (TR, CS and CD codes) of its rule table. Per finding it prints
the code, fout or waarschuwing, the location with its line, the Dutch message, the official rule
text and the retourcode.

  --json            one JSON object per file per line: {file, valid, messageCode, errors}, each
                    error {code, severity, location, line, message, rule, retourcode} and, when
                    an official rule file reported or confirmed it, official {ruleFile, role}
  --schemas <dir>   directory with wmo/xsd/*.xsd and jw/xsd/*.xsd (default: $ISTANDAARDEN_SCHEMA_DIR)
  --xslt <dir>      also run the validation module's official XSLT rule files in <dir> with xsltproc
                    and merge their findings (default: $ISTANDAARDEN_XSLT_DIR; optional)
  --rules           print every rule code per standard and message type: its kind, whether it is
                    checked (and why not), the release of the table and the official rule text;
                    needs no files and no schema directory (with --json: one JSON object)
  -h, --help        this text

Exit code: 0 when every file is valid, 1 when one is not, 2 for a usage or configuration error.`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = { json: false, rules: false, schemas: undefined, xslt: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      options.files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { ok: false, help: true };
    if (arg === '--json') options.json = true;
    else if (arg === '--rules') options.rules = true;
    else if (arg === '--schemas' || arg.startsWith('--schemas=')) {
      const value = arg === '--schemas' ? argv[++i] : arg.slice('--schemas='.length);
      if (!value) return { ok: false, help: false, error: '--schemas needs a directory.' };
      options.schemas = value;
    } else if (arg === '--xslt' || arg.startsWith('--xslt=')) {
      const value = arg === '--xslt' ? argv[++i] : arg.slice('--xslt='.length);
      if (!value) return { ok: false, help: false, error: '--xslt needs a directory.' };
      options.xslt = value;
    } else if (arg.startsWith('-')) return { ok: false, help: false, error: `Unknown option ${arg}.` };
    else options.files.push(arg);
  }
  if (options.rules && options.files.length > 0)
    return { ok: false, help: false, error: '--rules takes no files: it prints the rule tables only.' };
  if (!options.rules && options.files.length === 0) return { ok: false, help: false, error: 'No files given.' };
  return { ok: true, options };
}
