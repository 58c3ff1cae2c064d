import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset paging for lists that run newest first on (a timestamp, an id): a page is the rows older
 * than the last row of the page before, so rows arriving meanwhile never shift a page or show
 * twice, and a deep page costs what the first costs (no OFFSET).
 */

export const PAGE_SIZE = 100;

/** Where a page starts: just after (older than) this row. */
export type PageCursor = { at: Date; id: string };
/** One page; `next` is set when there are older rows. */
export type Page<T> = { rows: T[]; next: PageCursor | undefined };

/**
 * The condition "older than the cursor" on (at, id) descending, or undefined for the first page.
 * `at` must be written from a JavaScript Date (millisecond precision, as every writer here does):
 * the cursor carries milliseconds, and a column with microseconds could fall between two pages (pass
 * `date_trunc('milliseconds', column)` for one that the database fills).
 */
export function olderThan(
  at: AnyColumn | SQL,
  id: AnyColumn,
  cursor: PageCursor | undefined,
  idType: 'text' | 'bigint' = 'text',
): SQL | undefined {
  return cursor
    ? sql`(${at}, ${id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::${sql.raw(idType)})`
    : undefined;
}

/**
 * A numbered page of a list in name order (users, registrations). Those lists are short (a
 * municipality's staff), so OFFSET costs nothing, and unlike a keyset cursor the page number
 * carries no name into URLs and access logs.
 */
export type NumberedPage<T> = { rows: T[]; page: number; hasNext: boolean };

/** The highest page number a link may ask for: beyond it the list starts again at page 1. */
export const MAX_PAGE_NUMBER = 10_000;

export function offsetOf(page: number, size: number): number {
  return (page - 1) * size;
}

/** The numbered page from `size + 1` rows read from `offsetOf(page, size)`. */
export function numberedPageOf<T>(rows: T[], page: number, size: number): NumberedPage<T> {
  return { rows: rows.slice(0, size), page, hasNext: rows.length > size };
}

/** The page from `size + 1` rows read: the extra row only says that there is a next page. */
export function pageOf<T>(rows: T[], size: number, cursorOf: (row: T) => PageCursor): Page<T> {
  if (rows.length <= size) return { rows, next: undefined };
  const shown = rows.slice(0, size);
  return { rows: shown, next: cursorOf(shown[shown.length - 1]!) };
}
