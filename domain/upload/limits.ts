/**
 * Hard limits of an upload (tab Aanleveren). They bound memory and time as much as they follow
 * the GGk: nothing larger than these is ever held in memory by the file checks.
 */

/**
 * 25 MB per message file (OP179; GGk Fo01 IB003/IB904). Counted in decimal megabytes: the GGk and
 * VECOZO lists say "25MB" without a unit definition, and the stricter reading never lets through
 * a file that the chain would refuse later.
 */
export const MAX_FILE_BYTES = 25_000_000;

/** The uploaded file itself (one XML, or a ZIP as sent): the same 25 MB, checked before anything is unpacked. */
export const MAX_UPLOAD_BYTES = MAX_FILE_BYTES;

/**
 * Files in one ZIP (IB902). The GGk does not publish its number; 100 keeps one upload reviewable
 * on one page and bounds the work per request.
 */
export const MAX_ZIP_ENTRIES = 100;

/**
 * All files of one ZIP together, unpacked. Every accepted file is kept in memory for the next step
 * (payload validation), so this is the memory bound of one upload.
 */
export const MAX_ZIP_TOTAL_BYTES = 100_000_000;

/** Longest file name shown back to the user (the StUF tekstBestand limit); longer names are cut. */
export const MAX_NAME_LENGTH = 255;

/** Longest header value kept from a message (Identificatie is at most 12 characters in the XSD). */
export const MAX_HEADER_VALUE_LENGTH = 64;

/** Megabytes for Dutch texts: 25_000_000 → "25 MB". */
export const megabytes = (bytes: number): string => `${Math.round(bytes / 1_000_000)} MB`;
