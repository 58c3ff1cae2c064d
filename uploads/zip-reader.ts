import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isXmlName, zipEntryNameProblem } from '../domain/upload/file-names.ts';
import { MAX_FILE_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_TOTAL_BYTES, megabytes } from '../domain/upload/limits.ts';
import { uploadProblem, type UploadProblem } from '../domain/upload/problems.ts';
import { readLimited } from './read-limited.ts';

/**
 * Unpacks a ZIP upload under the ZIP rules of the GGk (IB901–IB905) and the portal's own bounds.
 * yauzl reads the central directory of the buffer and inflates one entry at a time as a stream.
 * The sizes a ZIP declares can refuse a file but never let one through: while inflating, an entry
 * is cut off at its declared size, which was itself checked to be at most 25 MB and within the
 * 100 MB total. A ZIP bomb (a header that lies, or a tiny file that inflates to gigabytes) costs
 * at most that in memory and is stopped within one chunk of crossing it.
 */

export type ZipEntryRead = { name: string; problems: UploadProblem[]; bytes?: Buffer };
/** `problems` concern the ZIP as a whole; `entries` are the files in it, in ZIP order. */
export type ZipRead = { problems: UploadProblem[]; entries: ZipEntryRead[] };

const STORED = 0;
const DEFLATED = 8;

export async function readZip(zip: Buffer): Promise<ZipRead> {
  let zipFile: ZipFile;
  try {
    // decodeStrings: false keeps yauzl from rejecting the whole ZIP over one bad name, so each
    // name gets its own problem. validateEntrySizes: false because the sizes are checked here,
    // with our own Dutch problems.
    zipFile = await yauzl.fromBufferPromise(zip, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: false,
    });
  } catch (error) {
    return { problems: [zipError(error)], entries: [] };
  }
  if (zipFile.entryCount === 0) return { problems: [uploadProblem('IB905')], entries: [] };
  if (zipFile.entryCount > MAX_ZIP_ENTRIES) {
    return {
      problems: [uploadProblem('IB902', `Het ZIP-bestand bevat ${zipFile.entryCount} bestanden.`)],
      entries: [],
    };
  }

  const entries: ZipEntryRead[] = [];
  let declaredTotal = 0;
  try {
    for await (const entry of zipFile.eachEntry()) {
      // strict: keep backslashes as they are, so the user sees the name their ZIP tool shows.
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const refusal = refuseBeforeInflating(entry, name);
      if (refusal) {
        entries.push({ name, problems: [refusal] });
        continue;
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > MAX_ZIP_TOTAL_BYTES) {
        zipFile.close();
        return { problems: [uploadProblem('PZ-ZIP-TOTAL')], entries };
      }
      entries.push({ name, ...(await inflate(zipFile, entry)) });
    }
  } catch (error) {
    zipFile.close();
    return { problems: [zipError(error)], entries };
  }
  zipFile.close();
  return { problems: [], entries };
}

/** What can be refused from the central directory alone, without inflating a byte. */
function refuseBeforeInflating(entry: Entry, name: string): UploadProblem | undefined {
  const nameProblem = zipEntryNameProblem(name);
  if (nameProblem) return nameProblem;
  if (!isXmlName(name)) return uploadProblem('PZ-EXTENSION', 'Dit bestand in het ZIP-bestand is geen .xml-bestand.');
  if (entry.isEncrypted()) return uploadProblem('IB903');
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    return uploadProblem('IB901', `Onbekende compressiemethode (${entry.compressionMethod}).`);
  }
  if (entry.uncompressedSize > MAX_FILE_BYTES) {
    return uploadProblem('IB904', `Volgens het ZIP-bestand is het uitgepakt ${megabytes(entry.uncompressedSize)}.`);
  }
  return undefined;
}

async function inflate(zipFile: ZipFile, entry: Entry): Promise<Omit<ZipEntryRead, 'name'>> {
  const declared = entry.uncompressedSize;
  let stream;
  try {
    stream = await zipFile.openReadStreamPromise(entry);
  } catch {
    return { problems: [uploadProblem('IB901', 'Dit bestand kan niet worden uitgepakt.')] };
  }
  // declared ≤ MAX_FILE_BYTES (refused above) and the declared total fits the budget, so cutting
  // off at `declared` bounds both; the explicit minimum keeps that true if the checks above move.
  const read = await readLimited(stream, Math.min(declared, MAX_FILE_BYTES, MAX_ZIP_TOTAL_BYTES));
  switch (read.kind) {
    case 'exceeded':
      return { problems: [uploadProblem(declared >= MAX_FILE_BYTES ? 'IB904' : 'IB901', BOMB_DETAIL)] };
    case 'failed':
      return { problems: [uploadProblem('IB901', 'Dit bestand kan niet worden uitgepakt; het is beschadigd.')] };
    case 'complete':
      if (read.bytes.length !== declared) {
        return {
          problems: [uploadProblem('IB901', 'Dit bestand is korter dan het ZIP-bestand aangeeft; het is beschadigd.')],
        };
      }
      return { problems: [], bytes: read.bytes };
  }
}

const BOMB_DETAIL =
  'Dit bestand pakt groter uit dan het ZIP-bestand aangeeft (mogelijk een ZIP-bom); het uitpakken is gestopt.';

/** yauzl's errors on the ZIP structure; only "strong encryption" has a code of its own. */
function zipError(error: unknown): UploadProblem {
  const message = error instanceof Error ? error.message : '';
  if (/encrypt/i.test(message)) return uploadProblem('IB903');
  return uploadProblem('IB901', 'De inhoudsopgave van het ZIP-bestand is onleesbaar.');
}
