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
  /**
   * Character data inside the root element, entities decoded; may come in several pieces. `cdata` for a CDATA section.
   */
  text(value: string, cdata: boolean): void;
  end(qname: string): void;
};

const ATTRIBUTE = /\s+([^\s/>=<"'&]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_CLOSE = /\s*(\/?)>/y;
const END_TAG = /<\/([^\s/>=<"'!?&]+)\s*>/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/iy;

/** The 1-based line of an offset (counts line feeds; only called for the odd error). */
export function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The part after the prefix: `wmo301:Client` → `Client`. */
export const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** Decodes the predefined entities and character references; anything else with `&` is refused. */
function decodeEntities(raw: string, pos: number): string {
  if (!raw.includes('&')) return raw;
  if (raw.replace(ENTITY, '').includes('&'))
    throw new XmlRefusal(
      'PZ-XML',
      'Een entiteit die niet is gedeclareerd (alleen &amp; &lt; &gt; &quot; &apos; en tekenreferenties zijn toegestaan).',
      pos,
    );
  return raw.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return PREDEFINED[named]!;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (!isXmlChar(cp))
      throw new XmlRefusal('PZ-XML', `Tekenreferentie naar een teken dat in XML niet mag voorkomen (${cp}).`, pos);
    return String.fromCodePoint(cp);
  });
}

const malformed = (message: string, pos: number): XmlRefusal => new XmlRefusal('PZ-XML', message, pos);

/** Space, tab, line feed, carriage return: XML's white space. */
const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Characters that end a name in a tag (the reader's notion, as NAME: white space and markup characters). */
function endsName(code: number): boolean {
  return code <= 0x20
    ? isSpace(code)
    : code === 0x2f ||
        code === 0x3e ||
        code === 0x3d ||
        code === 0x3c ||
        code === 0x22 ||
        code === 0x27 ||
        code === 0x21 ||
        code === 0x3f ||
        code === 0x26;
}

/**
 * Reads `text` from start to end, calling `handler`; throws XmlRefusal on the first problem.
 *
 * White space between tags that cannot be part of a value is not reported: before a start tag,
 * and before an end tag that follows an end tag (the element has child elements). What is
 * reported is every other piece of character data, so an element without child elements gets
 * all of its text, white space included.
 */
export function readXml(text: string, handler: XmlHandler): void {
  const open: string[] = [];
  const length = text.length;
  let pos = 0;
  let rootSeen = false;
  /** The last tag was a start tag: the open element has no child element yet. */
  let leaf = false;
  if (text.startsWith('<?xml') && /\s/.test(text.charAt(5))) {
    const end = text.indexOf('?>', 5);
    if (end === -1) throw malformed('De XML-declaratie is niet afgesloten.', 0);
    pos = end + 2;
  }
  while (pos < length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt === -1 ? length : lt;
    const next = lt === -1 ? -1 : text.charCodeAt(lt + 1);
    if (textEnd > pos) {
      if (open.length === 0) {
        if (!onlySpace(text, pos, textEnd)) throw malformed('Er staat tekst buiten het root-element.', pos);
      } else {
        const beforeStartTag = next !== 0x2f && next !== 0x21 && next !== 0x3f;
        const betweenEndTags = next === 0x2f && !leaf;
        if (!((beforeStartTag || betweenEndTags) && onlySpace(text, pos, textEnd)))
          handler.text(decodeEntities(text.slice(pos, textEnd), pos), false);
      }
    }
    if (lt === -1) break;
    if (next === 0x2f /* / */) {
      pos = readEndTag(text, lt, open, handler);
      leaf = false;
    } else if (next === 0x3f /* ? */) pos = skipProcessingInstruction(text, lt);
    else if (next === 0x21 /* ! */) pos = readMarkup(text, lt, open.length > 0, handler);
    else {
      if (rootSeen && open.length === 0) throw malformed('Er is meer dan één root-element.', lt);
      rootSeen = true;
      const depth = open.length;
      pos = readStartTag(text, lt, handler, open);
      if (pos === -1) return;
      leaf = open.length > depth;
    }
  }
  if (open.length > 0) throw malformed(`Het element ${open[open.length - 1]} is niet afgesloten.`, text.length);
  if (!rootSeen) throw malformed('Het bestand bevat geen XML-element.', 0);
}

/**
 * One start tag at `lt`: reported, and pushed on `open` unless it closes itself. Returns the
 * position after it, or -1 when the handler stops the reading.
 */
function readStartTag(text: string, lt: number, handler: XmlHandler, open: string[]): number {
  let nameEnd = lt + 1;
  while (nameEnd < text.length && !endsName(text.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd === lt + 1) throw malformed('Ongeldig begin van een element.', lt);
  const qname = text.slice(lt + 1, nameEnd);
  const after = text.charCodeAt(nameEnd);
  let selfClosing: boolean;
  let pos: number;
  let attributes: Attribute[] | undefined;
  if (after === 0x3e /* > */) {
    selfClosing = false;
    pos = nameEnd + 1;
  } else if (after === 0x2f /* / */ && text.charCodeAt(nameEnd + 1) === 0x3e) {
    selfClosing = true;
    pos = nameEnd + 2;
  } else {
    pos = nameEnd;
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
    selfClosing = close[1] === '/';
    // Taken before the handler runs: a handler may read another document, which moves the shared sticky expressions.
    pos = TAG_CLOSE.lastIndex;
  }
  if (handler.start(qname, lt, attributes) === false) return -1;
  if (selfClosing) {
    handler.end(qname);
    return pos;
  }
  open.push(qname);
  return pos;
}

function readEndTag(text: string, lt: number, open: string[], handler: XmlHandler): number {
  const expected = open.pop();
  const nameEnd = lt + 2 + (expected?.length ?? 0);
  let after: number;
  if (expected !== undefined && text.charCodeAt(nameEnd) === 0x3e && text.startsWith(expected, lt + 2)) {
    after = nameEnd + 1;
  } else {
    END_TAG.lastIndex = lt;
    const qname = END_TAG.exec(text)?.[1];
    if (!qname || qname !== expected) {
      throw malformed(
        expected ? `Het element ${expected} wordt niet goed afgesloten.` : 'Een eind-element zonder begin-element.',
        lt,
      );
    }
    after = END_TAG.lastIndex;
  }
  handler.end(expected);
  return after;
}

function skipProcessingInstruction(text: string, lt: number): number {
  const end = text.indexOf('?>', lt + 2);
  if (end === -1) throw malformed('Een processing instruction is niet afgesloten.', lt);
  if (/^xml(\s|$)/i.test(text.slice(lt + 2, Math.min(end, lt + 7))))
    throw malformed('De XML-declaratie staat niet aan het begin van het bestand.', lt);
  return end + 2;
}

function readMarkup(text: string, lt: number, insideRoot: boolean, handler: XmlHandler): number {
  if (text.startsWith('<!--', lt)) {
    const end = text.indexOf('--', lt + 4);
    if (end === -1 || text.charCodeAt(end + 2) !== 0x3e)
      throw malformed('Commentaar is niet goed afgesloten (of bevat --).', lt);
    return end + 3;
  }
  if (text.startsWith('<![CDATA[', lt)) {
    if (!insideRoot) throw malformed('Een CDATA-sectie buiten het root-element.', lt);
    const end = text.indexOf(']]>', lt + 9);
    if (end === -1) throw malformed('Een CDATA-sectie is niet afgesloten.', lt);
    handler.text(text.slice(lt + 9, end), true);
    return end + 3;
  }
  DECLARATION.lastIndex = lt;
  if (DECLARATION.test(text)) {
    throw new XmlRefusal(
      'PZ-DTD',
      'Het bestand bevat een DOCTYPE- of entiteitdeclaratie; dat is om veiligheidsredenen niet toegestaan en het bestand is niet verder gelezen.',
      lt,
    );
  }
  throw malformed('Onbekende markup die met <! begint.', lt);
}
