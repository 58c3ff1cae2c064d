import { randomBytes } from 'node:crypto';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { MessageSchema } from './schemas.ts';
import { parseXmllintOutput, type XsdOutcome } from './xsd-output.ts';

/**
 * XSD validation with libxml2's own xmllint, compiled to WebAssembly (xmllint-wasm; no native
 * build, and the verdicts are libxml2's, as with `xmllint --noout --schema`). Each call runs
 * xmllint once in a worker thread over an in-memory file system holding only the schema files and
 * the documents: the schema is compiled once per call, so callers pass every document of one
 * message type in one call (docs/decisions.md). Nothing from disk or network is reachable from
 * inside, and documents only get here after the safe read (no DTD).
 */

/** libxml2 holds one document tree at a time; a 25 MB message needs about 200 MB of it. */
const MAX_MEMORY_PAGES = memoryPages.GiB;

export async function validateWithSchema(schema: MessageSchema, documents: readonly Uint8Array[]): Promise<XsdOutcome[]> {
  if (documents.length === 0) return [];
  const run = randomBytes(8).toString('hex');
  const fileNames = documents.map((_, i) => `d${run}-${i}.xml`);
  let stderr: string;
  try {
    const result = await validateXML({
      xml: documents.map((contents, i) => ({ fileName: fileNames[i]!, contents })),
      schema: [schema.main],
      preload: schema.imports,
      maxMemoryPages: MAX_MEMORY_PAGES,
    });
    stderr = result.rawOutput;
  } catch (error) {
    // Exit code 1: a document that libxml2 could not parse. That is a verdict on the document (our
    // safe read should have caught it first). Other codes (schema does not compile, out of memory)
    // are a problem of this installation, not a verdict.
    if (error instanceof Error && (error as Error & { code?: unknown }).code === 1) return parseXmllintOutput(error.message, fileNames);
    const detail = error instanceof Error ? error.message.slice(0, 2000) : String(error);
    throw new Error(`xmllint could not validate against ${schema.main.fileName}: ${detail}`);
  }
  return parseXmllintOutput(stderr, fileNames);
}
