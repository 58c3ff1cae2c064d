import type { Finding } from '../domain/messages/findings.ts';
import type { FileResult } from './validator.ts';

/**
 * What `npm run validate` prints per file: its verdict and findings (`--rules` is rules-report.ts,
 * kept apart so a validation run does not load the rule tables in its main thread). Verdicts,
 * findings and rule texts are Dutch (GELDIG/ONGELDIG, like the findings they carry); usage and
 * configuration errors stay English, like config.ts.
 */

/** `--json`: one object per line, `errors` in the iStandaarden vocabulary plus severity, line, rule and retourcode. */
export function jsonLine(file: string, result: FileResult): string {
  return JSON.stringify({
    file,
    valid: result.valid,
    messageCode: result.messageCode,
    errors: result.findings.map(({ code, severity, location, line, message, rule, retourcode, official }) => ({
      code,
      severity,
      location,
      line,
      message,
      rule,
      retourcode,
      ...(official ? { official } : {}),
    })),
  });
}

const INDENT = ' '.repeat(16);

/** `/Bericht/Client/Bsn, regel 12`; the location alone when the line is not known. */
export function whereText(f: Pick<Finding, 'location' | 'line'>): string {
  return f.line === null ? f.location : `${f.location}, regel ${f.line}`;
}

/**
 * The verdict line and each finding: code, fout/waarschuwing, location with line, the Dutch message
 * with its retourcode, and the official rule text once per code, where it says more than the message.
 */
export function humanLines(file: string, result: FileResult): string {
  const head = `${result.valid ? 'GELDIG  ' : 'ONGELDIG'}  ${(result.messageCode ?? '-').padEnd(6)}  ${file}`;
  const ruleShown = new Set<string>();
  const details = result.findings.map((f) => {
    const retour = f.retourcode ? ` (retourcode ${f.retourcode})` : '';
    const agrees = f.official?.role === 'confirmed' ? ' (de officiële regelset meldt dit ook)' : '';
    const lines = [
      `    ${f.code.padEnd(11)} ${f.severity.padEnd(12)} ${whereText(f)}`,
      `${INDENT}${f.message}${retour}${agrees}`,
    ];
    if (f.rule && f.rule !== f.message && !ruleShown.has(f.code)) {
      ruleShown.add(f.code);
      lines.push(`${INDENT}Validatieregel ${f.code}: ${f.rule}`);
    }
    return lines.join('\n');
  });
  return [head, ...details].join('\n');
}

export function humanSummary(total: number, valid: number): string {
  const files = total === 1 ? '1 bestand' : `${total} bestanden`;
  return `\n${files}: ${valid} geldig, ${total - valid} ongeldig.`;
}
