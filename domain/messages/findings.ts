/**
 * The result vocabulary of payload validation, in the terms of the iStandaarden: a rule code (as
 * the official XSLT's `Fout/Code`), an XPath-like location (as its `Locatie`, e.g.
 * `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum`), a Dutch message and the
 * retourcode the receiver would answer with. Codes for problems before the schema (encoding,
 * DTD, well-formedness) are the same `PZ-` codes the upload checks use (domain/upload/problems.ts).
 */

type FindingDefinition = {
  /** WJ001 retourcode a receiver answers with; null when there is none or none is known (see `source`). */
  retourcode: string | null;
  /** What the rule says, in Dutch (the official rule text where there is one). */
  rule: string;
  /** Where the retourcode comes from, so a maintainer can check it. */
  source: string;
};

export const FINDING_CODES = {
  'PZ-BOM': {
    retourcode: null,
    rule: 'Berichten zijn in UTF-8 zonder BOM opgeslagen (OP192).',
    source: 'Refused before reading; no retour is made for a file that is not read.',
  },
  'PZ-ENCODING': {
    retourcode: null,
    rule: 'Berichten zijn in UTF-8 opgeslagen (OP192).',
    source: 'Refused before reading.',
  },
  'PZ-DTD': {
    retourcode: null,
    rule: 'Een bericht bevat geen DOCTYPE, DTD of entiteitdeclaraties (veiligheid: geen XXE of entity-expansie).',
    source: 'Our own refusal, before any parser sees the file.',
  },
  'PZ-XML': {
    retourcode: null,
    rule: 'Het bestand moet goed gevormde XML zijn.',
    source: 'Refused before the schema; the chain answers such a payload with a StUF-GGk Fo01, not a retour.',
  },
  IB004: {
    retourcode: null,
    rule: 'Het bestand moet een iWmo 3.2- of iJw 3.2-bericht zijn (root Bericht in de namespace van het berichttype).',
    source: 'GGk Fo01 IB004 "functie niet ondersteund"; there is no retourcode for an unknown message.',
  },
  XSD: {
    retourcode: null,
    rule: 'Het bericht moet voldoen aan het XSD-schema van het berichttype.',
    source: 'A payload that fails its XSD is refused in the chain with Fo01 IB014 (payload XSD); no retour is built.',
  },
  'PZ-XSLT': {
    retourcode: null,
    rule: 'De officiële regelset van de validatiemodule (ISTANDAARDEN_XSLT_DIR) moet het bericht kunnen controleren.',
    source:
      'Our own: an official rule file failed on this message, so its rules are not known to hold (validation/xslt).',
  },
  'PZ-VALIDATIE': {
    retourcode: null,
    rule: 'Het bestand moet volledig gecontroleerd kunnen worden voordat het verstuurd wordt.',
    source:
      'Our own: the validation thread failed on this file (a crash or a fault in a check), so nothing is known to hold and it is not sent.',
  },
} as const satisfies Record<string, FindingDefinition>;

/** The codes of problems found before or beside the rules: file, XML, message type and XSD. */
export type FindingCode = keyof typeof FINDING_CODES;

/**
 * `fout`: the file will be refused (XSD, unreadable) or the receiver rejects it with the
 * retourcode; `waarschuwing`: reported, but nobody rejects on it.
 */
export type Severity = 'fout' | 'waarschuwing';

/** One problem in one message. */
export type Finding = {
  /** A FindingCode, or a rule code of the iStandaarden (CS002, TR018, CD041, …). */
  code: string;
  severity: Severity;
  /** XPath-like, local names, `[n]` only where an element has siblings of the same name; `/` for the file itself. */
  location: string;
  /** 1-based line of the element in the file, when known. */
  line: number | null;
  /** Dutch, for the person who has to fix the file: what is wrong here. */
  message: string;
  /** The rule as the iStandaarden word it (or our own wording for the FindingCodes). */
  rule: string;
  retourcode: string | null;
  /** Only on the note that stands for findings beyond the per-code cap: how many were not listed. */
  omitted?: number;
  /**
   * Set when an official rule file (ISTANDAARDEN_XSLT_DIR, validation/xslt) reported it:
   * `reported` when only the rule file did, `confirmed` when it is ours and the rule file agrees.
   */
  official?: { ruleFile: string; role: 'reported' | 'confirmed' };
};

export function finding(code: FindingCode, location: string, message: string, line: number | null = null): Finding {
  const definition: FindingDefinition = FINDING_CODES[code];
  return { code, severity: 'fout', location, line, message, rule: definition.rule, retourcode: definition.retourcode };
}

/** Codes that stop validation of a file before its schema: nothing after them is checked. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set<FindingCode>([
  'PZ-BOM',
  'PZ-ENCODING',
  'PZ-DTD',
  'PZ-XML',
  'IB004',
]);
