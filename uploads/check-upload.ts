import { displayName, isXmlName, isZipName } from '../domain/upload/file-names.ts';
import { checkHeader, type OwnIdentification, type Uploader } from '../domain/upload/header-rules.ts';
import { identificationProblems, type IdentificationLookup } from '../domain/upload/identification.ts';
import { MAX_UPLOAD_BYTES } from '../domain/upload/limits.ts';
import { uploadProblem, type UploadProblem } from '../domain/upload/problems.ts';
import { readLimited } from './read-limited.ts';
import { sniffXml } from './xml-sniff.ts';
import { readZip } from './zip-reader.ts';

/**
 * The file checks of an upload (tab Aanleveren), as the GGk does them: one XML file or a ZIP of
 * XML files in, per file a list of problems with a code and a Dutch explanation out. It stores
 * nothing and never throws: every failure, even a bug of ours, becomes a problem on the file.
 * Payload validation (XSD, single-message rules) is the next step and gets `xml` of each file
 * without problems.
 */

export type CheckUploadInput = {
  fileName: string;
  user: Uploader;
  isIdentificationUsed: IdentificationLookup;
} & ({ bytes: Uint8Array } | { stream: AsyncIterable<unknown> });

export type CheckedFile = {
  /** Shown to the user: the upload's name, or the name inside the ZIP. */
  name: string;
  messageCode?: string;
  afzender?: string;
  ontvanger?: string;
  /** BerichtIdentificatie; in a retour that of the heen-bericht it answers (for correlation). */
  identificatie?: string;
  /** A retour's own identification. */
  identificatieRetour?: string;
  /** A 325's reference to the 323 it answers. */
  declaratieIdentificatie?: string;
  /** ReferentieAanbieder values (a 301/319 answering a 315/317 names the request's reference). */
  references?: string[];
  problems: UploadProblem[];
  /** The file's bytes, only when it has no problems. */
  xml?: Buffer;
};

/** `ok`: at least one file and not a single problem anywhere. */
export type UploadCheck = { files: CheckedFile[]; ok: boolean };

/** A database that does not answer in time ends the upload as unavailable instead of holding it open. */
export const IDENTIFICATION_LOOKUP_TIMEOUT_MS = 10_000;

// Local file header, or the end-of-central-directory record that an empty ZIP consists of.
const ZIP_SIGNATURES = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

type Unpacked = { name: string; problems: UploadProblem[]; bytes?: Buffer };

/**
 * Reads and checks every file, then asks whether their identifications were used before. A fault
 * in reading refuses the upload (PZ-INTERNAL); a failed lookup is thrown on, because it says
 * nothing about the file and the caller answers an outage with "try again".
 */
export async function checkUpload(input: CheckUploadInput): Promise<UploadCheck> {
  let checked: Checked[] | UploadCheck;
  try {
    checked = await checkFiles(input);
  } catch {
    return finish([{ name: displayName(String(input.fileName)), problems: [uploadProblem('PZ-INTERNAL')] }]);
  }
  if (!Array.isArray(checked)) return checked;
  const duplicates = await identificationProblems(
    checked.map((c) => c.ownIdentification),
    withTimeout(input.isIdentificationUsed),
  );
  checked.forEach(({ file }, i) => file.problems.push(...(duplicates[i] ?? [])));
  return finish(checked.map(({ file }) => file));
}

/** The files as checked on their own, or the refusal of the whole upload. */
async function checkFiles(input: CheckUploadInput): Promise<Checked[] | UploadCheck> {
  const name = displayName(input.fileName);
  const received = await receive(input);
  if ('problem' in received) return finish([{ name, problems: [received.problem] }]);
  const bytes = received.bytes;

  let unpacked: Unpacked[];
  if (isZipName(input.fileName) || ZIP_SIGNATURES.some((signature) => bytes.subarray(0, 4).equals(signature))) {
    const zip = await readZip(bytes);
    unpacked = zip.entries.map((entry) => ({ ...entry, name: displayName(entry.name) }));
    if (zip.problems.length > 0) unpacked.unshift({ name, problems: zip.problems });
  } else if (isXmlName(input.fileName)) {
    unpacked = [{ name, problems: [], bytes }];
  } else {
    return finish([{ name, problems: [uploadProblem('PZ-EXTENSION')] }]);
  }

  const checked: Checked[] = [];
  for (const file of unpacked) {
    checked.push(
      file.bytes
        ? await checkXml(file.name, file.bytes, input.user)
        : { file: { name: file.name, problems: file.problems } },
    );
  }
  return checked;
}

async function receive(input: CheckUploadInput): Promise<{ bytes: Buffer } | { problem: UploadProblem }> {
  if ('bytes' in input) {
    if (input.bytes.byteLength > MAX_UPLOAD_BYTES) return { problem: uploadProblem('IB003') };
    // A copy: the bytes passed on must not change when the caller reuses its buffer.
    return { bytes: Buffer.from(input.bytes) };
  }
  const read = await readLimited(input.stream, MAX_UPLOAD_BYTES);
  if (read.kind === 'exceeded') return { problem: uploadProblem('IB003') };
  if (read.kind === 'failed') return { problem: uploadProblem('PZ-RECEIVE') };
  return { bytes: read.bytes };
}

type Checked = { file: CheckedFile; ownIdentification?: OwnIdentification };

/** One message file: encoding and well-formedness first, the header rules only for readable XML. */
async function checkXml(name: string, bytes: Buffer, user: Uploader): Promise<Checked> {
  const sniff = await sniffXml(bytes);
  const file: CheckedFile = { name, problems: sniff.problems, xml: bytes };
  if (!sniff.readable) return { file };
  const header = checkHeader(sniff.header, user);
  if (header.messageCode !== undefined) file.messageCode = header.messageCode;
  for (const field of [
    'afzender',
    'ontvanger',
    'identificatie',
    'identificatieRetour',
    'declaratieIdentificatie',
  ] as const) {
    const value = sniff.header[field];
    if (value) file[field] = value;
  }
  if (sniff.references.length > 0) file.references = sniff.references;
  file.problems.push(...header.problems);
  return header.ownIdentification ? { file, ownIdentification: header.ownIdentification } : { file };
}

function withTimeout(lookup: IdentificationLookup): IdentificationLookup {
  return async (afzender, identificatie, messageCode) => {
    let timer: NodeJS.Timeout | undefined;
    // Coded like a socket timeout: a database that does not answer is an outage, not a fault.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('identification lookup timed out'), { code: 'ETIMEDOUT' })),
        IDENTIFICATION_LOOKUP_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([lookup(afzender, identificatie, messageCode), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Bytes leave only with a file that passed every check: a refused file carries nothing onward. */
function finish(files: CheckedFile[]): UploadCheck {
  const checked = files.map(({ xml, ...file }) => (file.problems.length === 0 && xml ? { ...file, xml } : file));
  return { files: checked, ok: checked.length > 0 && checked.every((file) => file.problems.length === 0) };
}
