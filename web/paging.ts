import { MAX_PAGE_NUMBER, type PageCursor } from '../db/queries/paging.ts';

/**
 * A page cursor in a URL (`?vanaf=…`): the timestamp and id of the last row shown, base64url so
 * an id of any form survives. Anything that does not read back as a cursor is the first page: a
 * changed or stale link shows the newest rows, never an error.
 */

export const CURSOR_PARAMETER = 'vanaf';
/** The page number of a list in name order (`?pagina=2`). */
export const PAGE_NUMBER_PARAMETER = 'pagina';

export function cursorParameter(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function parseCursor(value: unknown): PageCursor | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 400) return undefined;
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  if (bar === -1) return undefined;
  const at = new Date(decoded.slice(0, bar));
  const id = decoded.slice(bar + 1);
  if (Number.isNaN(at.getTime()) || id.length === 0 || at.toISOString() !== decoded.slice(0, bar)) return undefined;
  return { at, id };
}

/** A page number from a URL; anything else (absent, damaged, out of range) is page 1. */
export function parsePageNumber(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,4}$/.test(value)) return 1;
  const page = Number(value);
  return page <= MAX_PAGE_NUMBER ? page : 1;
}
