/**
 * The vocabulary of the official iStandaarden rule files ("TR-CD-CS regels WMO 3.2.xsl" and its
 * JW sibling) as this module reports them. Deliberately not the validator's `Finding`: that type
 * grows (severity, lines, rule texts) while these stay what the XSLT's report says. merge.ts maps
 * between the two.
 */

/** The variable beside ISTANDAARDEN_SCHEMA_DIR that names the directory with the stylesheets. */
export const XSLT_DIR_VARIABLE = 'ISTANDAARDEN_XSLT_DIR';

/** Namespace of the report the stylesheets write (iStandaarden validatie rapport 1.1, rapport.xsd). */
export const RAPPORT_NAMESPACE = 'http://www.istandaarden.nl/validatie/1_1/rapport/schema';

/** One `Fout` of a report. */
export type XsltFinding = {
  /** `Fout/Code`, e.g. TR018, CS002, CD041. */
  code: string;
  /**
   * The first `Locatie`: XPath-like with local names, e.g.
   * `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum`.
   */
  location: string;
  /** Every `Locatie` of the Fout (at least one; a CD rule often names the two elements it relates). */
  locations: string[];
  /** `Fout/Details`, whitespace-normalised; null when absent or empty. */
  details: string | null;
  /** `Fout/Retourcode`; null when absent or empty. */
  retourcode: string | null;
  /** File name of the stylesheet that reported it, e.g. `TR-CD-CS regels WMO 3.2.xsl`. */
  source: string;
};

/** The directory or the engine is missing: nothing can run until the operator fixes it. */
export class XsltConfigurationError extends Error {
  override name = 'XsltConfigurationError';
}

/**
 * A stylesheet that is refused at start: not well-formed, not XSLT 1.0, does not compile, or
 * reaches for files, the network or dynamic evaluation. Names the file.
 */
export class XsltStylesheetError extends Error {
  override name = 'XsltStylesheetError';

  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${XSLT_DIR_VARIABLE}: stylesheet "${file}" ${message}`);
  }
}

/**
 * A stylesheet that compiled but wrote something for one message that is not a report. `message` is Dutch, without the
 * file.
 */
export class XsltRunError extends Error {
  override name = 'XsltRunError';

  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}
