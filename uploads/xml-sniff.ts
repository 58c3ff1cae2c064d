import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { MessageHeader } from '../domain/upload/header-rules.ts';
import { MAX_HEADER_VALUE_LENGTH } from '../domain/upload/limits.ts';
import { uploadProblem, type UploadProblem } from '../domain/upload/problems.ts';
import { xmlErrorDetail } from './xml-errors.ts';

/**
 * One safe pass over a message file: byte-order mark and encoding, well-formedness, and the header
 * fields that identify the message. The parser (saxes) never reads a DTD, never fetches anything
 * and knows only the five predefined entities, so XXE and entity expansion ("billion laughs")
 * cannot happen; on top of that any DOCTYPE stops the pass at once. Memory is the file (at most
 * 25 MB, checked before) plus one chunk of text; the header values are capped.
 */

export type XmlSniff = {
  header: MessageHeader;
  problems: UploadProblem[];
  /** False when the file cannot be read as XML at all (encoding, DOCTYPE, not well-formed). */
  readable: boolean;
  /**
   * Every ReferentieAanbieder in the message (at most MAX_REFERENCES): a 301 or 319 naming the
   * reference of a 315/317 answers that request.
   */
  references: string[];
};

const MAX_REFERENCES = 1000;

const CHUNK_BYTES = 64 * 1024;
// Parsing runs at about 20 MB/s; yielding to the event loop every megabyte keeps a web process
// answering other requests while it checks a 25 MB file.
const CHUNKS_PER_YIELD = 16;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const UTF8_BOM = [0xef, 0xbb, 0xbf];
// UTF-16 and UTF-32 byte-order marks; UTF-32 LE starts like UTF-16 LE.
const OTHER_BOMS = [
  [0xfe, 0xff],
  [0xff, 0xfe],
  [0x00, 0x00, 0xfe, 0xff],
];

type Field = Exclude<keyof MessageHeader, 'rootNamespace' | 'rootName'>;
// Paths of local names from the root. Namespaces are left to the XSD validator: here a value only
// steers the file checks, and a mismatch in namespace shows up there anyway.
const FIELDS: ReadonlyArray<readonly [string, Field]> = [
  ['Bericht/Header/BerichtCode', 'berichtCode'],
  ['Bericht/Header/Afzender', 'afzender'],
  ['Bericht/Header/Ontvanger', 'ontvanger'],
  ['Bericht/Header/BerichtIdentificatie/Identificatie', 'identificatie'],
  ['Bericht/Header/IdentificatieRetour', 'identificatieRetour'],
  ['Bericht/Header/DeclaratieIdentificatie/Identificatie', 'declaratieIdentificatie'],
];
const MAX_TRACKED_DEPTH = 4;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b);

export async function sniffXml(bytes: Uint8Array): Promise<XmlSniff> {
  const header: MessageHeader = {};
  const problems: UploadProblem[] = [];
  // Nothing from an unreadable file is passed on, not even what was read before the problem.
  const unreadable = (problem: UploadProblem): XmlSniff => ({
    header: {},
    problems: [...problems, problem],
    readable: false,
    references: [],
  });
  const references = new Set<string>();
  let reference: { depth: number; text: string } | undefined;
  if (bytes.length === 0) return unreadable(uploadProblem('PZ-XML', 'Het bestand is leeg.'));
  let start = 0;
  if (startsWith(bytes, UTF8_BOM)) {
    problems.push(uploadProblem('PZ-BOM'));
    start = UTF8_BOM.length;
  } else if (OTHER_BOMS.some((bom) => startsWith(bytes, bom)) || bytes.subarray(0, 4).includes(0)) {
    // '<' in UTF-16 or UTF-32 has zero bytes next to it; UTF-8 XML never starts with one.
    return unreadable(uploadProblem('PZ-ENCODING', 'Het bestand is in UTF-16 of UTF-32 opgeslagen.'));
  }

  let fatal: UploadProblem | undefined;
  const path: string[] = [];
  let depth = 0;
  let capture: { field: Field; depth: number; text: string } | undefined;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const append = (text: string): void => {
    if (!fatal && capture && capture.text.length <= MAX_HEADER_VALUE_LENGTH)
      capture.text += text.slice(0, MAX_HEADER_VALUE_LENGTH + 1);
    if (!fatal && reference && reference.text.length <= MAX_HEADER_VALUE_LENGTH)
      reference.text += text.slice(0, MAX_HEADER_VALUE_LENGTH + 1);
  };

  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding;
    if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') {
      problems.push(uploadProblem('PZ-ENCODING', `Volgens de XML-declaratie is de codering ${encoding.slice(0, 40)}.`));
    }
  });
  parser.on('doctype', () => {
    fatal ??= uploadProblem('PZ-DTD', `Gevonden in regel ${parser.line}.`);
  });
  parser.on('error', (error) => {
    fatal ??= uploadProblem('PZ-XML', xmlErrorDetail(error.message, parser.line, parser.column));
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth += 1;
    if (depth === 1) {
      header.rootNamespace = tag.uri;
      header.rootName = tag.local;
    }
    if (tag.local === 'ReferentieAanbieder' && references.size < MAX_REFERENCES) reference = { depth, text: '' };
    if (depth > MAX_TRACKED_DEPTH) return;
    path.push(tag.local);
    const joined = path.join('/');
    const field = FIELDS.find(([p, f]) => p === joined && header[f] === undefined)?.[1];
    if (field) capture = { field, depth, text: '' };
  });
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', () => {
    if (capture && capture.depth === depth) {
      header[capture.field] = capture.text.trim().slice(0, MAX_HEADER_VALUE_LENGTH + 1);
      capture = undefined;
    }
    if (reference && reference.depth === depth) {
      const value = reference.text.trim();
      if (value && value.length <= MAX_HEADER_VALUE_LENGTH) references.add(value);
      reference = undefined;
    }
    if (depth <= MAX_TRACKED_DEPTH) path.pop();
    depth -= 1;
  });

  // fatal: TextDecoder throws on the first byte sequence that is not UTF-8.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let offset = start, chunk = 1; offset < bytes.length && !fatal; offset += CHUNK_BYTES, chunk++) {
    if (chunk % CHUNKS_PER_YIELD === 0) await yieldToEventLoop();
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(offset, offset + CHUNK_BYTES), { stream: true });
    } catch {
      return unreadable(
        uploadProblem('PZ-ENCODING', `Het bestand bevat tekens die geen UTF-8 zijn (ergens na byte ${offset}).`),
      );
    }
    parser.write(text);
  }
  if (!fatal) {
    try {
      parser.write(decoder.decode());
    } catch {
      return unreadable(uploadProblem('PZ-ENCODING', 'Het bestand eindigt midden in een UTF-8-teken.'));
    }
    parser.close();
  }
  return fatal ? unreadable(fatal) : { header, problems, readable: true, references: [...references] };
}
