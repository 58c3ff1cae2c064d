import { decodeMessageBytes } from '../domain/messages/encoding.ts';
import { finding, type Finding } from '../domain/messages/findings.ts';
import { messageFromRoot, RULE_CHECKED, type MessageId } from '../domain/messages/message-codes.ts';
import { lineAt, readXml, XmlRefusal, type Attribute } from '../domain/messages/xml-reader.ts';
import { declaredMessage } from '../domain/message-types.ts';
import { RuleEvaluator, type RawViolation } from './rules/evaluator.ts';
import { ruleDefinition, tableFor } from './rules/registry.ts';
import type { CompiledSchema } from './xsd/compile-schema.ts';
import { documentPreconditions, StreamSchemaCheck } from './xsd/stream-schema.ts';

/**
 * Everything about one payload that needs no schema and no history, in one pass over the bytes:
 * OP192 encoding, the safe read (no DTD, well-formed), which message it is, and the
 * single-message rules of its table (validation/rules). The XSD comes beside this and counts only
 * for a payload that was read (`readable`): a refused one is never judged by a schema.
 */
export type MessageCheck = {
  message: MessageId | undefined;
  findings: Finding[];
  /** Read to the end without refusal and a known message: ready for its XSD. */
  readable: boolean;
  /** The streaming schema check proved the message valid against its XSD, so libxml2 need not read it. */
  schemaProven: boolean;
};

/** The compiled streaming schema of a message, or undefined where only libxml2 can judge it. */
export type StreamSchemaLookup = (message: MessageId) => CompiledSchema | undefined;

import { MAX_FINDINGS_PER_CODE } from './rules/limits.ts';

export { MAX_FINDINGS_PER_CODE };

/** The namespace a root element declares for its own prefix (the root has no ancestors to inherit from). */
function rootNamespace(qname: string, attributes: readonly Attribute[] | undefined): string | undefined {
  const colon = qname.indexOf(':');
  const declaration = colon === -1 ? 'xmlns' : `xmlns:${qname.slice(0, colon)}`;
  return attributes?.find(([name]) => name === declaration)?.[1];
}

/** `rules: false` leaves out the single-message rules (the benchmark's breakdown of where the time goes). */
export function checkMessage(
  bytes: Uint8Array,
  streamSchema?: StreamSchemaLookup,
  options: { rules?: boolean } = {},
): MessageCheck {
  const decoded = decodeMessageBytes(bytes);
  if (!decoded.ok) return { message: undefined, findings: [decoded.finding], readable: false, schemaProven: false };
  const { text } = decoded;
  let message: MessageId | undefined;
  let evaluator: RuleEvaluator | undefined;
  let schema: StreamSchemaCheck | undefined;
  let unknown: Finding | undefined;
  let started = false;
  try {
    readXml(text, {
      start(qname, pos, attributes) {
        const colon = qname.indexOf(':');
        const name = colon === -1 ? qname : qname.slice(colon + 1);
        if (!started) {
          started = true;
          const namespace = rootNamespace(qname, attributes);
          message = messageFromRoot(name, namespace);
          if (!message) {
            unknown = finding('IB004', '/', unknownMessage(name, namespace));
            return false;
          }
          const table = options.rules !== false && RULE_CHECKED.has(message.number) ? tableFor(message) : undefined;
          if (table) evaluator = new RuleEvaluator(table, message);
          // The model first: the scan of the whole text is only worth it for a type that has one.
          const compiled = streamSchema?.(message);
          if (compiled && documentPreconditions(text)) schema = new StreamSchemaCheck(compiled);
        }
        schema?.start(qname, colon, name, attributes);
        evaluator?.start(name, pos);
      },
      text(value, cdata) {
        schema?.text(value, cdata);
        evaluator?.text(value);
      },
      end() {
        schema?.end();
        evaluator?.end();
      },
    });
  } catch (error) {
    if (!(error instanceof XmlRefusal)) throw error;
    const line = lineAt(text, error.pos);
    return {
      message,
      findings: [finding(error.code, '/', `${error.message} (regel ${line})`, line)],
      readable: false,
      schemaProven: false,
    };
  }
  if (unknown || !message)
    return { message: undefined, findings: unknown ? [unknown] : [], readable: false, schemaProven: false };
  const findings = evaluator ? ruleFindings(message, evaluator.finish(), text) : [];
  return { message, findings, readable: true, schemaProven: schema?.proven ?? false };
}

/** Violations as findings, in document order, with their lines; capped per code with a count of the rest. */
function ruleFindings(message: MessageId, violations: readonly RawViolation[], text: string): Finding[] {
  const findings: Finding[] = [];
  const counts = new Map<string, number>();
  let line = 1;
  let counted = 0;
  for (const v of violations) {
    const count = (counts.get(v.code) ?? 0) + 1;
    counts.set(v.code, count);
    if (count > MAX_FINDINGS_PER_CODE) continue;
    for (let i = text.indexOf('\n', counted); i !== -1 && i < v.at.pos; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, v.at.pos);
    const definition = ruleDefinition(message.standard, v.code);
    if (!definition) throw new Error(`Rule ${v.code} of ${message.code} has no definition in the catalogue.`);
    findings.push({
      code: v.code,
      severity: definition.severity,
      location: v.at.xpath(),
      line,
      message: v.detail ?? definition.text,
      rule: definition.text,
      retourcode: definition.retourcode,
    });
  }
  for (const [code, count] of counts) {
    if (count <= MAX_FINDINGS_PER_CODE) continue;
    const definition = ruleDefinition(message.standard, code)!;
    findings.push({
      code,
      severity: definition.severity,
      location: '/',
      line: null,
      message: `Nog ${count - MAX_FINDINGS_PER_CODE} keer gevonden; alleen de eerste ${MAX_FINDINGS_PER_CODE} staan hierboven.`,
      rule: definition.text,
      retourcode: definition.retourcode,
      omitted: count - MAX_FINDINGS_PER_CODE,
    });
  }
  return findings;
}

function unknownMessage(rootName: string, namespace: string | undefined): string {
  const shown = namespace === undefined ? 'zonder namespace' : `in namespace ${namespace.slice(0, 120)}`;
  if (rootName !== 'Bericht')
    return `Onbekend bericht: het root-element is ${rootName.slice(0, 60)} (${shown}), geen iWmo- of iJw-Bericht.`;
  const declared = declaredMessage(rootName, namespace);
  if (declared && declared.product !== 'ieb' && declared.release !== '3_2') {
    const standard = declared.product === 'iwmo' ? 'iWmo' : 'iJw';
    return `Release ${declared.release.replace('_', '.')} van ${standard} wordt niet ondersteund: deze validator heeft schema's en regels voor release 3.2 (${declared.code}).`;
  }
  return `Onbekend bericht: Bericht ${shown}. Verwacht wordt een iWmo 3.2- of iJw 3.2-bericht, bijvoorbeeld http://www.istandaarden.nl/iwmo/3_2/wmo301/schema.`;
}
