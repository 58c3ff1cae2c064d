import { describe, expect, it } from 'vitest';
import { decodeMessageBytes } from '../../domain/messages/encoding.ts';
import { lineAt, readXml, XmlRefusal, type XmlHandler } from '../../domain/messages/xml-reader.ts';

/** Reads `xml` and returns what the handler saw, or the refusal code and message. */
function read(xml: string): { events: string[] } | { refused: string; message: string; pos: number } {
  const events: string[] = [];
  const handler: XmlHandler = {
    start: (qname, _pos, attributes) =>
      void events.push(`<${qname}${(attributes ?? []).map(([n, v]) => ` ${n}=${v}`).join('')}>`),
    text: (value) => void (value.trim() && events.push(value)),
    end: (qname) => void events.push(`</${qname}>`),
  };
  try {
    readXml(xml, handler);
    return { events };
  } catch (error) {
    if (!(error instanceof XmlRefusal)) throw error;
    return { refused: error.code, message: error.message, pos: error.pos };
  }
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
]>
<lolz>&lol9;</lolz>`;

describe('readXml: no DTD ever', () => {
  it('refuses a billion-laughs document at its DOCTYPE, without expanding anything', () => {
    const result = read(billionLaughs);
    // Refused where the DOCTYPE starts: nothing after it, the entity declarations least of all, was read.
    expect(result).toMatchObject({ refused: 'PZ-DTD', pos: billionLaughs.indexOf('<!DOCTYPE') });
  });

  it('refuses an external entity (XXE) and never shows what it points at', () => {
    const result = read(
      '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<r>&xxe;</r>',
    );
    expect(result).toMatchObject({ refused: 'PZ-DTD' });
    expect(JSON.stringify(result)).not.toContain('passwd');
  });

  it('refuses a DOCTYPE without internal subset and markup declarations anywhere', () => {
    expect(read('<!DOCTYPE r SYSTEM "r.dtd"><r/>')).toMatchObject({ refused: 'PZ-DTD' });
    expect(read('<r><!ENTITY x "y"></r>')).toMatchObject({ refused: 'PZ-DTD' });
    expect(read('<r/><!doctype r>')).toMatchObject({ refused: 'PZ-DTD' });
  });

  it('knows only the five predefined entities and character references', () => {
    expect(read('<r a="&lt;&#x41;">&amp;&gt;&quot;&apos;&#65;</r>')).toEqual({
      events: ['<r a=<A>', '&>"\'A', '</r>'],
    });
    expect(read('<r>&nbsp;</r>')).toMatchObject({ refused: 'PZ-XML' });
    expect(read('<r>a & b</r>')).toMatchObject({ refused: 'PZ-XML' });
    expect(read('<r>&#0;</r>')).toMatchObject({ refused: 'PZ-XML' });
  });
});

describe('readXml: well-formedness', () => {
  it('reads elements, attributes with > inside quotes, CDATA, comments and processing instructions', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><p:r xmlns:p="urn:x" b=\'1>2\'><?pi x?><a>t<![CDATA[<raw>]]></a><b/></p:r>\n';
    expect(read(xml)).toEqual({
      events: ['<p:r xmlns:p=urn:x b=1>2>', '<a>', 't', '<raw>', '</a>', '<b>', '</b>', '</p:r>'],
    });
  });

  it.each([
    ['<r><a></r>', 'a mismatched end tag'],
    ['<r><a>', 'an unclosed element'],
    ['<r/><s/>', 'two root elements'],
    ['text<r/>', 'text before the root'],
    ['<r/>text', 'text after the root'],
    ['', 'nothing at all'],
    ['<r a="1"b="2"/>', 'attributes without white space between them'],
    ['<r a=1/>', 'an unquoted attribute'],
    ['<r a="<"/>', 'a < in an attribute value'],
    ['<r><!-- a -- b --></r>', '-- inside a comment'],
    ['<r/><?xml version="1.0"?>', 'an XML declaration that is not at the start'],
    ['<![CDATA[x]]><r/>', 'CDATA outside the root'],
    ['<r><!FOO></r>', 'unknown markup'],
  ])('refuses %s (%s)', (xml) => {
    expect(read(xml)).toMatchObject({ refused: 'PZ-XML' });
  });

  it('stops when the handler says so', () => {
    const seen: string[] = [];
    readXml('<r><a/><b/></r>', { start: (q) => (seen.push(q), q !== 'a'), text: () => {}, end: () => {} });
    expect(seen).toEqual(['r', 'a']);
  });

  it('tells the line of an offset', () => {
    const text = 'a\nb\r\nc';
    expect([0, 2, 5].map((pos) => lineAt(text, pos))).toEqual([1, 2, 3]);
  });
});

describe('decodeMessageBytes (OP192: UTF-8 without BOM)', () => {
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('accepts UTF-8, also with non-ASCII letters', () => {
    expect(decodeMessageBytes(bytes('<?xml version="1.0" encoding="utf-8"?><r>Zoë</r>'))).toEqual({
      ok: true,
      text: '<?xml version="1.0" encoding="utf-8"?><r>Zoë</r>',
    });
  });

  it('refuses a BOM, UTF-16, invalid UTF-8 and another declared encoding', () => {
    expect(decodeMessageBytes(bytes([0xef, 0xbb, 0xbf], '<r/>'))).toMatchObject({
      ok: false,
      finding: { code: 'PZ-BOM' },
    });
    expect(decodeMessageBytes(bytes([0xff, 0xfe], '<\0r\0/\0>\0'))).toMatchObject({
      ok: false,
      finding: { code: 'PZ-ENCODING' },
    });
    expect(decodeMessageBytes(bytes('<r>', [0xe9], '</r>'))).toMatchObject({
      ok: false,
      finding: { code: 'PZ-ENCODING' },
    });
    expect(decodeMessageBytes(bytes('<?xml version="1.0" encoding="ISO-8859-1"?><r/>'))).toMatchObject({
      ok: false,
      finding: { code: 'PZ-ENCODING' },
    });
  });
});
