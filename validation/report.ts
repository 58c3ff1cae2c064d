import type { FileResult } from './validator.ts';

/**
 * What `npm run validate` prints per file. The verdict lines are Dutch, like the findings they
 * carry (GELDIG/ONGELDIG); usage and configuration errors stay English, like config.ts.
 */

/** `--json`: one object per line, `errors` in the iStandaarden vocabulary (with the retourcode as extra). */
export function jsonLine(file: string, result: FileResult): string {
  return JSON.stringify({
    file,
    valid: result.valid,
    messageCode: result.messageCode,
    errors: result.findings.map(({ code, location, message, retourcode }) => ({ code, location, message, retourcode })),
  });
}

export function humanLines(file: string, result: FileResult): string {
  const head = `${result.valid ? 'GELDIG  ' : 'ONGELDIG'}  ${(result.messageCode ?? '-').padEnd(6)}  ${file}`;
  const details = result.findings.map((f) => {
    const retour = f.retourcode ? ` (retourcode ${f.retourcode})` : '';
    return `    ${f.code.padEnd(11)} ${f.location}\n                ${f.message}${retour}`;
  });
  return [head, ...details].join('\n');
}

export function humanSummary(total: number, valid: number): string {
  const files = total === 1 ? '1 bestand' : `${total} bestanden`;
  return `\n${files}: ${valid} geldig, ${total - valid} ongeldig.`;
}
