import { finding, type Finding } from './findings.ts';

/**
 * OP192: a message is UTF-8 without a BOM. Checked on the bytes, before any XML is read: a BOM is
 * refused (xmllint would silently accept it), invalid UTF-8 is refused (a lenient decoder would
 * turn it into U+FFFD and validate something else than what was sent), and an XML declaration that
 * names another encoding is refused (libxml2 would decode by that declaration instead).
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const DECLARED_ENCODING = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/;

export type Decoded = { ok: true; text: string } | { ok: false; finding: Finding };

export function decodeMessageBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      ok: false,
      finding: finding(
        'PZ-BOM',
        '/',
        'Het bestand begint met een BOM (byte order mark). Sla het op als UTF-8 zonder BOM.',
      ),
    };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      ok: false,
      finding: finding('PZ-ENCODING', '/', 'Het bestand is in UTF-16 opgeslagen. Sla het op als UTF-8 zonder BOM.'),
    };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return {
      ok: false,
      finding: finding(
        'PZ-ENCODING',
        '/',
        'Het bestand bevat tekens die geen geldige UTF-8 zijn. Sla het op als UTF-8 zonder BOM.',
      ),
    };
  }
  const declared = DECLARED_ENCODING.exec(text.slice(0, 200))?.[2];
  if (declared !== undefined && declared.toLowerCase() !== 'utf-8') {
    return {
      ok: false,
      finding: finding(
        'PZ-ENCODING',
        '/',
        `De XML-declaratie noemt encoding "${declared.slice(0, 40)}"; alleen UTF-8 is toegestaan.`,
      ),
    };
  }
  return { ok: true, text };
}
