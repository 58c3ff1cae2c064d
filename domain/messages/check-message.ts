import { decodeMessageBytes } from './encoding.ts';
import { finding, type Finding } from './findings.ts';
import { messageFromRoot, RULE_CHECKED, type MessageId } from './message-codes.ts';
import { RuleEngine } from './rule-engine.ts';
import { rulesFor } from './rule-table.ts';
import { lineAt, localName, readXml, XmlRefusal, type Attribute } from './xml-reader.ts';

/**
 * Everything about one payload that needs no schema and no history, in one pass over the bytes:
 * OP192 encoding, the safe read (no DTD, well-formed), which message it is, and the single-message
 * rules (CS002, CS003, TR018, TR101, TR134, TR137; see rule-table.ts). The XSD comes after this
 * and only for a payload that was read (`readable`): a refused one never reaches a schema parser.
 */
export type MessageCheck = {
  message: MessageId | undefined;
  findings: Finding[];
  /** Read to the end without refusal and a known message: ready for its XSD. */
  readable: boolean;
};

/** The namespace a root element declares for its own prefix (the root has no ancestors to inherit from). */
function rootNamespace(qname: string, attributes: readonly Attribute[] | undefined): string | undefined {
  const colon = qname.indexOf(':');
  const declaration = colon === -1 ? 'xmlns' : `xmlns:${qname.slice(0, colon)}`;
  return attributes?.find(([name]) => name === declaration)?.[1];
}

export function checkMessage(bytes: Uint8Array): MessageCheck {
  const decoded = decodeMessageBytes(bytes);
  if (!decoded.ok) return { message: undefined, findings: [decoded.finding], readable: false };
  const { text } = decoded;
  let message: MessageId | undefined;
  let engine: RuleEngine | undefined;
  let unknown: Finding | undefined;
  try {
    readXml(text, {
      start(qname, _pos, attributes) {
        if (!engine) {
          const namespace = rootNamespace(qname, attributes);
          message = messageFromRoot(localName(qname), namespace);
          if (!message) {
            unknown = finding('IB004', '/', unknownMessage(localName(qname), namespace));
            return false;
          }
          engine = new RuleEngine(rulesFor(message.number, RULE_CHECKED.has(message.number)));
        }
        engine.start(localName(qname));
      },
      text(value) {
        engine?.text(value);
      },
      end() {
        engine?.end();
      },
    });
  } catch (error) {
    if (!(error instanceof XmlRefusal)) throw error;
    return { message, findings: [finding(error.code, '/', `${error.message} (regel ${lineAt(text, error.pos)})`)], readable: false };
  }
  if (unknown || !engine) return { message: undefined, findings: unknown ? [unknown] : [], readable: false };
  return { message, findings: engine.finish(), readable: true };
}

function unknownMessage(rootName: string, namespace: string | undefined): string {
  const shown = namespace === undefined ? 'zonder namespace' : `in namespace ${namespace.slice(0, 120)}`;
  if (rootName !== 'Bericht') return `Onbekend bericht: het root-element is ${rootName.slice(0, 60)} (${shown}), geen iWmo- of iJw-Bericht.`;
  return `Onbekend bericht: Bericht ${shown}. Verwacht wordt een iWmo 3.2- of iJw 3.2-bericht, bijvoorbeeld http://www.istandaarden.nl/iwmo/3_2/wmo301/schema.`;
}
