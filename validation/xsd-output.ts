/**
 * Reads what xmllint prints on stderr for a run over several documents:
 *
 *     d1f…-0.xml:11: Schemas validity error : Element '{ns}Dagtekening': '2023-02-30' is not …
 *     d1f…-0.xml fails to validate
 *     d1f…-1.xml validates
 *
 * A document is valid only when its own `validates` line is there (a parser error prints no
 * verdict line at all). Every document gets a random file name per run, so a value quoted in an
 * error (which may contain line breaks) cannot pass for another document's verdict.
 */

export type XsdProblem = {
  line: number | undefined;
  /** Local name of the element the error is about, when libxml2 names one. */
  element: string | undefined;
  /** libxml2's text without file name, line and namespace URIs. */
  text: string;
  /** A well-formedness error rather than a schema error. */
  parserError: boolean;
};

export type XsdOutcome = { valid: boolean; problems: XsdProblem[] };

const ELEMENT = /Element '(?:\{[^}]*\})?([^']+)'/;
// `{http://…}Bsn`: a namespace URI has a scheme, unlike an enumeration set `{'0', '1', '2'}`.
const NAMESPACE_URI = /\{[a-z][a-z0-9+.-]*:[^}']*\}/gi;

export function parseXmllintOutput(stderr: string, fileNames: readonly string[]): XsdOutcome[] {
  const index = new Map(fileNames.map((name, i) => [name, i]));
  const outcomes: XsdOutcome[] = fileNames.map(() => ({ valid: false, problems: [] }));
  for (const line of stderr.split('\n')) {
    const verdict = /^(\S+) (validates|fails to validate)$/.exec(line);
    if (verdict) {
      const i = index.get(verdict[1]!);
      if (i !== undefined) outcomes[i]!.valid = verdict[2] === 'validates';
      continue;
    }
    const error = /^(\S+?):(\d+): (?:element [^:]+: )?(.*\berror\b.*)$/.exec(line);
    const i = error ? index.get(error[1]!) : undefined;
    if (!error || i === undefined) continue; // libxml2's echo of the offending source line, or a caret under it
    const text = error[3]!.replace(/^[\w ]*?error : /, '').replace(NAMESPACE_URI, '');
    outcomes[i]!.problems.push({
      line: Number(error[2]),
      element: ELEMENT.exec(error[3]!)?.[1],
      text,
      parserError: /\bparser error\b/.test(error[3]!),
    });
  }
  // A document with errors is never valid, whatever else was printed for it.
  for (const outcome of outcomes) if (outcome.problems.length > 0) outcome.valid = false;
  return outcomes;
}
