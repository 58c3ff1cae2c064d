import type { OwnIdentification } from './header-rules.ts';
import { uploadProblem, type UploadProblem } from './problems.ts';

/**
 * "Identificatie moet per berichtsoort uniek zijn voor de verzendende partij" (TR056, retourcode
 * 9056). Checked against what the municipality already sent (a lookup the caller provides) and
 * within the upload itself, since two files of one ZIP are not stored yet when they are checked.
 */

/**
 * True when `afzender` already sent a message of type `messageCode` (e.g. WMO301) with this
 * Identificatie. May reject (database down). The message code narrows the rule to what TR056
 * says: a WMO301 and a WMO319 may carry the same number.
 */
export type IdentificationLookup = (afzender: string, identificatie: string, messageCode: string) => Promise<boolean>;

/**
 * One list of problems per file, in input order; `undefined` for a file without an own
 * identification. Only the user's own identifications reach this function (checkHeader sees to
 * that): asking about another municipality's would tell the user whether that municipality used
 * them. A failing lookup refuses the file (fail closed) with a problem asking to try again.
 */
export async function identificationProblems(
  identifications: ReadonlyArray<OwnIdentification | undefined>,
  isIdentificationUsed: IdentificationLookup,
): Promise<UploadProblem[][]> {
  const seen = new Set<string>();
  const results: UploadProblem[][] = [];
  for (const own of identifications) {
    if (!own) {
      results.push([]);
      continue;
    }
    const key = JSON.stringify([own.afzender, own.messageCode, own.identificatie]);
    if (seen.has(key)) {
      results.push([
        uploadProblem(
          'PZ-DUPLICATE-ID',
          `Identificatie ${own.identificatie} komt meer dan eens voor in deze aanlevering.`,
        ),
      ]);
      continue;
    }
    seen.add(key);
    results.push(await lookUp(own, isIdentificationUsed));
  }
  return results;
}

async function lookUp(own: OwnIdentification, isUsed: IdentificationLookup): Promise<UploadProblem[]> {
  // A lookup that fails is not a finding about the file: the error goes to the caller, which
  // tells an outage (503, try again) from a fault.
  return (await isUsed(own.afzender, own.identificatie, own.messageCode))
    ? [uploadProblem('PZ-DUPLICATE-ID', `Identificatie ${own.identificatie} is al eerder gebruikt.`)]
    : [];
}
