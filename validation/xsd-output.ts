import type { ErrorDetail } from 'libxml2-wasm';

/**
 * libxml2's diagnostics for one document as XSD problems: each with its line, the element it is
 * about and libxml2's text without namespace URIs (xsd-messages.ts puts it in Dutch).
 */

export type XsdProblem = {
  line: number | undefined;
  /** Local name of the element the error is about, when libxml2 names one. */
  element: string | undefined;
  /** libxml2's text without namespace URIs and without the line end. */
  text: string;
  /** A well-formedness error rather than a schema error. */
  parserError: boolean;
  /** libxml2's path of the node, when it names one (`/wmo301:Bericht/wmo301:Client/…`). */
  xpath?: string;
};

export type XsdOutcome = { valid: boolean; problems: XsdProblem[] };

const ELEMENT = /Element '(?:\{[^}]*\})?([^']+)'/;
// `{http://…}Bsn`: a namespace URI has a scheme, unlike an enumeration set `{'0', '1', '2'}`.
const NAMESPACE_URI = /\{[a-z][a-z0-9+.-]*:[^}']*\}/gi;

/** The outcome of a document with these diagnostics (errors only): never valid when there are any. */
export function xsdOutcome(details: readonly ErrorDetail[], parserError: boolean): XsdOutcome {
  return {
    valid: false,
    problems: details.map((d) => ({
      line: d.line > 0 ? d.line : undefined,
      element: ELEMENT.exec(d.message)?.[1],
      text: d.message.trim().replace(NAMESPACE_URI, ''),
      parserError,
      ...(d.xpath ? { xpath: d.xpath } : {}),
    })),
  };
}
