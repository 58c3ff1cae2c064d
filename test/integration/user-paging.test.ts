import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageCursor } from '../../db/queries/paging.ts';
import { listPendingRegistrations, listUsers, userHistory, type UserRow } from '../../db/queries/users.ts';
import { auditEvents, users } from '../../db/schema.ts';
import { parsePageNumber } from '../../web/paging.ts';
import { userList } from '../../web/views/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Paging of the user lists (by page number: the order is by name, and a name must not travel in
// URLs) and of a user's history (keyset, on audit rows timed by the database in microseconds).
let db: TestDatabase;
const GEMEENTE = '0363';
const base = Date.UTC(2026, 10, 1, 9, 0, 0);

function userValues(i: number, status: UserRow['status'] = 'actief'): typeof users.$inferInsert {
  return {
    userKey: `${GEMEENTE}/user-${String(i).padStart(4, '0')}`,
    gemeentecode: GEMEENTE,
    subject: `user-${String(i).padStart(4, '0')}`,
    organisationId: '00000000000000000363',
    status,
    // Ten people share each surname: the registration moment and then the key break the ties.
    achternaam: `Achternaam ${String(Math.floor(i / 10)).padStart(3, '0')}`,
    roles: { products: [], gebruikersbeheerder: false },
    registeredAt: new Date(base + (i % 3) * 1000),
    settingsSavedAt: new Date(base + Math.floor(i / 4) * 1000),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.db.insert(users).values(Array.from({ length: 230 }, (_, i) => userValues(i)));
  await db.db.insert(users).values(Array.from({ length: 130 }, (_, i) => userValues(1000 + i, 'wacht_op_verificatie')));
  // 250 events about one user; each statement's rows share one database `now()` (ties on the id).
  for (let batch = 0; batch < 25; batch++)
    await db.db
      .insert(auditEvents)
      .values(Array.from({ length: 10 }, () => ({ event: 'roles_changed', subject: `${GEMEENTE}/user-0001` })));
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

async function allPages<T>(read: (page: number) => Promise<{ rows: T[]; hasNext: boolean }>): Promise<T[][]> {
  const pages: T[][] = [];
  for (let page = 1; page <= 20; page++) {
    const result = await read(page);
    pages.push(result.rows);
    if (!result.hasNext) break;
  }
  return pages;
}

describe('the user list of a municipality', () => {
  it('shows every user once, in name order, a hundred a page', async () => {
    const pages = await allPages((page) => listUsers(db.db, GEMEENTE, { status: 'actief' }, page));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    const keys = pages.flat().map((r) => r.userKey);
    expect(new Set(keys).size).toBe(230);
    const sorted = [...pages.flat()].sort(
      (a, b) =>
        a.achternaam!.localeCompare(b.achternaam!) ||
        a.registeredAt.getTime() - b.registeredAt.getTime() ||
        (a.userKey < b.userKey ? -1 : 1),
    );
    expect(keys).toEqual(sorted.map((r) => r.userKey));
  });

  it('pages within a filter, and the links keep the filter', async () => {
    const first = await listUsers(db.db, GEMEENTE, { status: 'wacht_op_verificatie' }, 1);
    expect(first.rows).toHaveLength(100);
    expect(first.hasNext).toBe(true);
    const second = await listUsers(db.db, GEMEENTE, { status: 'wacht_op_verificatie' }, 2);
    expect(second.rows).toHaveLength(30);
    expect(second.hasNext).toBe(false);

    const page = String(
      userList({
        page: first,
        filters: { status: 'wacht_op_verificatie' },
        action: '/beheer/gebruikers',
        detailHref: (r) => `/beheer/gebruikers/${r.subject}`,
        title: 'Gebruikers',
      }),
    );
    expect(page).toContain('href="/beheer/gebruikers?status=wacht_op_verificatie&amp;pagina=2" rel="next"');
    expect(page).not.toContain('rel="prev"');
    const last = String(
      userList({
        page: second,
        filters: { status: 'wacht_op_verificatie' },
        action: '/beheer/gebruikers',
        detailHref: (r) => `/beheer/gebruikers/${r.subject}`,
        title: 'Gebruikers',
      }),
    );
    expect(last).toContain('href="/beheer/gebruikers?status=wacht_op_verificatie" rel="prev"');
    expect(last).not.toContain('rel="next"');
  });

  it('shows nothing past the end, and only one municipality', async () => {
    expect((await listUsers(db.db, GEMEENTE, {}, 50)).rows).toEqual([]);
    expect((await listUsers(db.db, '0599', {}, 1)).rows).toEqual([]);
  });
});

describe('the pending registrations', () => {
  it('shows every waiting registration once, oldest first, a hundred a page', async () => {
    const pages = await allPages((page) => listPendingRegistrations(db.db, GEMEENTE, page));
    expect(pages.map((p) => p.length)).toEqual([100, 30]);
    const rows = pages.flat();
    expect(new Set(rows.map((r) => r.userKey)).size).toBe(130);
    const moments = rows.map((r) => r.settingsSavedAt!.getTime());
    expect(moments).toEqual([...moments].sort((a, b) => a - b));
    // The servicedesk's list of all municipalities pages the same way.
    expect((await allPages((page) => listPendingRegistrations(db.db, undefined, page))).flat()).toHaveLength(130);
  });
});

describe("a user's history", () => {
  it('walks 250 events once, newest first, over pages whose rows share a database timestamp', async () => {
    const row = { userKey: `${GEMEENTE}/user-0001`, gemeentecode: GEMEENTE, subject: 'user-0001' };
    const seen: number[] = [];
    let cursor: PageCursor | undefined;
    let pages = 0;
    do {
      const page = await userHistory(db.db, row, cursor, 60);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(250);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });
});

describe('the page number in a URL', () => {
  it('reads a page number and takes anything else for the first page', () => {
    expect(parsePageNumber('2')).toBe(2);
    expect(parsePageNumber('10000')).toBe(10_000);
    for (const damaged of [undefined, '', '0', '-1', '1.5', '01', 'twee', '10001', '99999999', ['2']])
      expect(parsePageNumber(damaged)).toBe(1);
  });
});
