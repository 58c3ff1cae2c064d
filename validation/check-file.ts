import { pathsAtLines } from '../domain/messages/element-path.ts';
import { finding, type Finding } from '../domain/messages/findings.ts';
import { checkMessage, MAX_FINDINGS_PER_CODE } from './check-message.ts';
import type { SchemaStore } from './schemas.ts';
import { dutchSchemaMessage } from './xsd-messages.ts';
import type { XsdOutcome } from './xsd-output.ts';
import { validateWithSchema } from './xsd-runner.ts';
import type { StreamSchemas } from './xsd/stream-schemas.ts';

/**
 * Everything the validator does for one file, in the thread that runs it (validation-worker.ts):
 * the safe read and the single-message rules (check-message.ts), then, for a file that was read,
 * the XSD of its message type. The XSD is checked in the same pass where the streaming model
 * proves the file valid (validation/xsd); otherwise, and for every invalid file, libxml2 reads it
 * and its verdict counts. XSD findings come first, as the schema is what refuses a file.
 */
export type FileCheck = {
  messageCode: string | null;
  findings: Finding[];
  /** Who judged the XSD: the streaming model, libxml2, or nobody (the file was refused before). */
  schemaBy: 'streaming' | 'libxml2' | 'none';
};

export function checkFile(schemas: SchemaStore, streamSchemas: StreamSchemas, bytes: Uint8Array): FileCheck {
  const check = checkMessage(bytes, streamSchemas.lookup);
  const messageCode = check.message?.code ?? null;
  if (!check.message || !check.readable) return { messageCode, findings: check.findings, schemaBy: 'none' };
  if (check.schemaProven) return { messageCode, findings: check.findings, schemaBy: 'streaming' };
  const outcome = validateWithSchema(schemas.schemaFor(check.message), bytes);
  return { messageCode, findings: [...xsdFindings(outcome, bytes), ...check.findings], schemaBy: 'libxml2' };
}

/** XSD problems as findings, each with its line and the element libxml2 names (capped like the rules). */
export function xsdFindings(outcome: XsdOutcome, bytes: Uint8Array): Finding[] {
  if (outcome.valid && outcome.problems.length === 0) return [];
  if (outcome.problems.length === 0)
    return [finding('XSD', '/', 'Het bericht voldoet niet aan het XSD-schema (libxml2 gaf geen verdere uitleg).')];
  const listed = outcome.problems.slice(0, MAX_FINDINGS_PER_CODE);
  const located = listed.map((p) => (p.xpath ? localPath(p.xpath) : undefined));
  // Only where libxml2 gave no usable path (a default namespace gives `*`): find the element by its line.
  const wanted = new Map(
    listed.filter((p, i) => located[i] === undefined && p.line !== undefined).map((p) => [p.line!, p.element]),
  );
  const paths = wanted.size > 0 ? pathsAtLines(new TextDecoder().decode(bytes), wanted) : new Map<number, string>();
  const findings = listed.map((p, i) => {
    const where = p.line === undefined ? '' : ` (regel ${p.line})`;
    const location = located[i] ?? (p.line !== undefined ? paths.get(p.line) : undefined) ?? '/';
    return p.parserError
      ? finding('PZ-XML', location, `Het bestand is geen goed gevormde XML: ${p.text}${where}`, p.line ?? null)
      : finding('XSD', location, `${dutchSchemaMessage(p.text)}${where}`, p.line ?? null);
  });
  const rest = outcome.problems.length - listed.length;
  if (rest > 0) {
    findings.push({
      ...finding(
        'XSD',
        '/',
        `Nog ${rest} XSD-fouten gevonden; alleen de eerste ${MAX_FINDINGS_PER_CODE} staan hierboven.`,
      ),
      omitted: rest,
    });
  }
  return findings;
}

const STEP = /^[\w.-]+:([\w.-]+(?:\[\d+\])?)$/;

/**
 * `/wmo301:Bericht/wmo301:Client/wmo301:Relatie[2]` as the findings' `/Bericht/Client/Relatie[2]`; undefined unless
 * every step is a prefixed element.
 */
function localPath(xpath: string): string | undefined {
  const steps = xpath.split('/').slice(1);
  const local = steps.map((step) => STEP.exec(step)?.[1]);
  return steps.length > 0 && local.every(Boolean) ? `/${local.join('/')}` : undefined;
}
