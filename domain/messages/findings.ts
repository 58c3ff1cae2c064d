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
    source: 'Refused before the schema; the chain answers such a payload with Fo01 (domain.md §3), not a retour.',
  },
  IB004: {
    retourcode: null,
    rule: 'Het bestand moet een iWmo 3.2- of iJw 3.2-bericht zijn (root Bericht in de namespace van het berichttype).',
    source: 'GGk Fo01 IB004 "functie niet ondersteund" (domain.md §3); there is no retourcode for an unknown message.',
  },
  XSD: {
    retourcode: null,
    rule: 'Het bericht moet voldoen aan het XSD-schema van het berichttype.',
    source: 'A payload that fails its XSD is refused in the chain with Fo01 IB014 (domain.md §3); no retour is built.',
  },
  CS002: {
    retourcode: '0001',
    rule: 'De waarde moet voldoen aan de 11-proef.',
    source: 'domain.md §2.4 (LDT_BurgerServicenummer, CS002 → 0001).',
  },
  CS003: {
    retourcode: null,
    rule: 'Indien van toepassing vullen met een waarde die groter is dan, of gelijk is aan de Begindatum (of Ingangsdatum) van de aangeduide periode.',
    source: 'Unknown: the CS003 retourcode was not found in the sources read (the CD/CS/RS table per data element in jaapjunior was not readable); 0001 like CS002 is likely.',
  },
  TR018: {
    retourcode: '0001',
    rule: 'Einddatum moet groter dan of gelijk zijn aan Begindatum.',
    source: 'jaapjunior regels/technische-regels/xslt/TR018.md (Retourcode 0001).',
  },
  TR101: {
    retourcode: '0001',
    rule: 'Binnen een bericht zijn dubbele regels niet toegestaan.',
    source: 'jaapjunior regels/technische-regels/xslt/TR101.md (Retourcode 0001).',
  },
  TR134: {
    retourcode: '0001',
    rule: 'Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht.',
    source: 'jaapjunior regels/technische-regels/xslt/TR134.md (Retourcode 0001).',
  },
  TR137: {
    retourcode: '0001',
    rule: 'Vullen met een waarde die groter is dan, of gelijk is aan de Begindatum van de aangeduide periode én die niet groter is dan de Dagtekening van het bericht.',
    source: 'jaapjunior regels/technische-regels/xslt/TR137.md (Retourcode 0001).',
  },
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDING_CODES;

/** One problem in one message. */
export type Finding = {
  code: FindingCode;
  /** XPath-like, local names, `[n]` only where an element has siblings of the same name; `/` for the file itself. */
  location: string;
  /** Dutch, for the person who has to fix the file. */
  message: string;
  retourcode: string | null;
};

export function finding(code: FindingCode, location: string, message: string): Finding {
  return { code, location, message, retourcode: FINDING_CODES[code].retourcode };
}

/** Codes that stop validation of a file before its schema: nothing after them is checked. */
export const REFUSAL_CODES: ReadonlySet<FindingCode> = new Set(['PZ-BOM', 'PZ-ENCODING', 'PZ-DTD', 'PZ-XML', 'IB004']);
