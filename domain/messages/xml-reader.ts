/**
 * A small, strict, streaming XML reader for message payloads: the "safe parse" that runs before
 * anything reaches the XSD validator. It knows no DTDs at all: a DOCTYPE or any markup
 * declaration is refused on sight (`PZ-DTD`), so external entities (XXE) and entity expansion
 * (billion laughs) cannot happen, and the only entities are the five predefined ones and
 * character references. Everything else that is not well-formed is `PZ-XML`.
 *
 * It is deliberately not a full conformance checker (names, characters and duplicate attributes
 * are left to libxml2, which reads the file next); it must never accept a DTD and never reject a
 * well-formed message. One pass, no tree: callers keep what they need. Pure, no Node builtins.
 */

export type XmlRefusalCode = 'PZ-DTD' | 'PZ-XML';

export class XmlRefusal extends Error {
  constructor(
    public readonly code: XmlRefusalCode,
    message: string,
    /** Offset in the text where the problem was found. */
    public readonly pos: number,
  ) {
    super(message);
    this.name = 'XmlRefusal';
  }
}

export type Attribute = readonly [name: string, value: string];

export type XmlHandler = {
  /** A start tag (qualified name). Return false to stop reading: the rest is not looked at. */
  start(qname: string, pos: number, attributes: readonly Attribute[] | undefined): boolean | void;
  /** Character data inside the root element, entities decoded; may come in several pieces. */
  text(value: string): void;
  end(qname: string): void;
};

const NAME = /[^\s/>=<"'!?&]+/y;
const ATTRIBUTE = /\s+([^\s/>=<"'&]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_CLOSE = /\s*(\/?)>/y;
const END_TAG = /<\/([^\s/>=<"'!?&]+)\s*>/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/iy;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;

/** The 1-based line of an offset (counts line feeds; only called for the odd error). */
export function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The part after the prefix: `wmo301:Client` → `Client`. */
export const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

/** Decodes the predefined entities and character references; anything else with `&` is refused. */
function decodeEntities(raw: string, pos: number): string {
  if (!raw.includes('&')) return raw;
  if (raw.replace(ENTITY, '').includes('&')) throw new XmlRefusal('PZ-XML', 'Een entiteit die niet is gedeclareerd (alleen &amp; &lt; &gt; &quot; &apos; en tekenreferenties zijn toegestaan).', pos);
  return raw.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return PREDEFINED[named]!;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (!isXmlChar(cp)) throw new XmlRefusal('PZ-XML', `Tekenreferentie naar een teken dat in XML niet mag voorkomen (${cp}).`, pos);
    return String.fromCodePoint(cp);
  });
}

const malformed = (message: string, pos: number): XmlRefusal => new XmlRefusal('PZ-XML', message, pos);

/** Reads `text` from start to end, calling `handler`; throws XmlRefusal on the first problem. */
export function readXml(text: string, handler: XmlHandler): void {
  const open: string[] = [];
  let pos = 0;
  let rootSeen = false;
  if (text.startsWith('<?xml') && /\s/.test(text.charAt(5))) {
    const end = text.indexOf('?>', 5);
    if (end === -1) throw malformed('De XML-declaratie is niet afgesloten.', 0);
    pos = end + 2;
  }
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt === -1 ? text.length : lt;
    if (textEnd > pos) {
      const raw = text.slice(pos, textEnd);
      if (open.length > 0) handler.text(decodeEntities(raw, pos));
      else if (!ONLY_WHITESPACE.test(raw)) throw malformed('Er staat tekst buiten het root-element.', pos);
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) pos = readEndTag(text, lt, open, handler);
    else if (next === 0x3f /* ? */) pos = skipProcessingInstruction(text, lt);
    else if (next === 0x21 /* ! */) pos = readMarkup(text, lt, open.length > 0, handler);
    else {
      if (rootSeen && open.length === 0) throw malformed('Er is meer dan één root-element.', lt);
      rootSeen = true;
      const result = readStartTag(text, lt, handler);
      if (result === 'stop') return;
      if (result.selfClosing) handler.end(result.qname);
      else open.push(result.qname);
      pos = result.pos;
    }
  }
  if (open.length > 0) throw malformed(`Het element ${open[open.length - 1]} is niet afgesloten.`, text.length);
  if (!rootSeen) throw malformed('Het bestand bevat geen XML-element.', 0);
}

function readStartTag(text: string, lt: number, handler: XmlHandler): { qname: string; selfClosing: boolean; pos: number } | 'stop' {
  NAME.lastIndex = lt + 1;
  const qname = NAME.exec(text)?.[0];
  if (!qname) throw malformed('Ongeldig begin van een element.', lt);
  let pos = NAME.lastIndex;
  let attributes: Attribute[] | undefined;
  for (;;) {
    ATTRIBUTE.lastIndex = pos;
    const attribute = ATTRIBUTE.exec(text);
    if (!attribute) break;
    (attributes ??= []).push([attribute[1]!, decodeEntities(attribute[2] ?? attribute[3] ?? '', pos)]);
    pos = ATTRIBUTE.lastIndex;
  }
  TAG_CLOSE.lastIndex = pos;
  const close = TAG_CLOSE.exec(text);
  if (!close) throw malformed(`Het begin-element ${qname} is niet goed gevormd.`, lt);
  if (handler.start(qname, lt, attributes) === false) return 'stop';
  return { qname, selfClosing: close[1] === '/', pos: TAG_CLOSE.lastIndex };
}

function readEndTag(text: string, lt: number, open: string[], handler: XmlHandler): number {
  END_TAG.lastIndex = lt;
  const qname = END_TAG.exec(text)?.[1];
  const expected = open.pop();
  if (!qname || qname !== expected) {
    throw malformed(expected ? `Het element ${expected} wordt niet goed afgesloten.` : 'Een eind-element zonder begin-element.', lt);
  }
  handler.end(qname);
  return END_TAG.lastIndex;
}

function skipProcessingInstruction(text: string, lt: number): number {
  const end = text.indexOf('?>', lt + 2);
  if (end === -1) throw malformed('Een processing instruction is niet afgesloten.', lt);
  if (/^xml(\s|$)/i.test(text.slice(lt + 2, Math.min(end, lt + 7)))) throw malformed('De XML-declaratie staat niet aan het begin van het bestand.', lt);
  return end + 2;
}

function readMarkup(text: string, lt: number, insideRoot: boolean, handler: XmlHandler): number {
  if (text.startsWith('<!--', lt)) {
    const end = text.indexOf('--', lt + 4);
    if (end === -1 || text.charCodeAt(end + 2) !== 0x3e) throw malformed('Commentaar is niet goed afgesloten (of bevat --).', lt);
    return end + 3;
  }
  if (text.startsWith('<![CDATA[', lt)) {
    if (!insideRoot) throw malformed('Een CDATA-sectie buiten het root-element.', lt);
    const end = text.indexOf(']]>', lt + 9);
    if (end === -1) throw malformed('Een CDATA-sectie is niet afgesloten.', lt);
    handler.text(text.slice(lt + 9, end));
    return end + 3;
  }
  DECLARATION.lastIndex = lt;
  if (DECLARATION.test(text)) {
    throw new XmlRefusal('PZ-DTD', 'Het bestand bevat een DOCTYPE- of entiteitdeclaratie; dat is om veiligheidsredenen niet toegestaan en het bestand is niet verder gelezen.', lt);
  }
  throw malformed('Onbekende markup die met <! begint.', lt);
}
