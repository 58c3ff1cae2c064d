import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncoming, listOutgoing } from '../../db/queries/messages.ts';
import type { PageCursor } from '../../db/queries/paging.ts';
import { listNotifications } from '../../db/queries/users.ts';
import type { Direction, MessageState } from '../../domain/message-exchange.ts';
import { messageFiles, messages, notifications } from '../../db/schema.ts';
import { notificationList } from '../../web/views/notifications.ts';
import { cursorParameter, parseCursor } from '../../web/paging.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Keyset paging of the message lists on a real PostgreSQL: every row exactly once, in order, also
// where several rows share a timestamp and while new rows arrive.
let db: TestDatabase;
const base = Date.UTC(2026, 10, 1, 9, 0, 0);
const ids: string[] = [];

async function seedMessage(
  id: string,
  direction: Direction,
  receivedAt: Date,
  state: MessageState = 'afgerond',
): Promise<void> {
  await db.db.insert(messageFiles).values({
    id: `file-${id}`,
    gemeentecode: '0363',
    fileName: `${id}.xml`,
    sha256: 'x',
    sizeBytes: 1,
    content: Buffer.from('x'),
  });
  await db.db.insert(messages).values({
    id,
    workflowId: `msg/${id}`,
    gemeentecode: '0363',
    product: 'iwmo',
    messageCode: direction === 'uit' ? 'WMO301' : 'WMO305',
    direction,
    role: 'heen',
    state,
    identificatie: id,
    counterparty: '12345678',
    fileId: `file-${id}`,
    fileName: `${id}.xml`,
    sizeBytes: 1,
    receivedAt,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  // 230 outgoing messages, seven at a time on the same millisecond: the id breaks the ties.
  for (let i = 0; i < 230; i++) {
    const id = `P-${String(i).padStart(4, '0')}`;
    ids.push(id);
    await seedMessage(id, 'uit', new Date(base + Math.floor(i / 7) * 1000));
  }
  for (let i = 0; i < 30; i++)
    await seedMessage(
      `IN-${String(i).padStart(3, '0')}`,
      'in',
      new Date(base + i * 1000),
      i % 2 === 0 ? 'te_beantwoorden' : 'beantwoord',
    );
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('keyset paging of the message lists', () => {
  it('walks every outgoing message once, newest first, over pages that share timestamps', async () => {
    const newestFirst = [...ids].sort((a, b) => {
      const at = (id: string) => Math.floor(Number(id.slice(2)) / 7);
      return at(b) - at(a) || (a < b ? 1 : -1);
    });
    const seen: string[] = [];
    let cursor: PageCursor | undefined;
    let pages = 0;
    do {
      const page = await listOutgoing(db.db, '0363', 'iwmo', cursor, 50);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(newestFirst);
  });

  it('keeps the next page where it was while newer messages arrive', async () => {
    const first = await listOutgoing(db.db, '0363', 'iwmo', undefined, 50);
    const expected = await listOutgoing(db.db, '0363', 'iwmo', first.next, 50);
    await seedMessage('P-NEWER', 'uit', new Date(base + 10_000_000));
    const second = await listOutgoing(db.db, '0363', 'iwmo', first.next, 50);
    expect(second.rows.map((r) => r.id)).toEqual(expected.rows.map((r) => r.id));
    expect((await listOutgoing(db.db, '0363', 'iwmo', undefined, 50)).rows[0]!.id).toBe('P-NEWER');
  });

  it('pages a filtered incoming list within the filter', async () => {
    const first = await listIncoming(db.db, '0363', 'iwmo', { status: 'te_beantwoorden' }, undefined, 10);
    expect(first.rows).toHaveLength(10);
    const second = await listIncoming(db.db, '0363', 'iwmo', { status: 'te_beantwoorden' }, first.next, 10);
    expect(second.rows.map((r) => r.id)).toEqual(['IN-008', 'IN-006', 'IN-004', 'IN-002', 'IN-000']);
    expect(second.next).toBeUndefined();
    expect([...first.rows, ...second.rows].every((r) => r.state === 'te_beantwoorden')).toBe(true);
  });
});

describe('keyset paging of notifications', () => {
  it('walks 130 notifications once, newest first, with ids breaking ties, and links the pages', async () => {
    await db.db.insert(notifications).values(
      Array.from({ length: 130 }, (_, i) => ({
        key: `paging-${i}`,
        audience: 'servicedesk',
        kind: 'agreement_reminder' as const,
        title: `Melding ${i}`,
        body: 'Tekst',
        createdAt: new Date(base + Math.floor(i / 10) * 1000),
      })),
    );
    const first = await listNotifications(db.db, 'servicedesk');
    expect(first.rows).toHaveLength(100);
    const second = await listNotifications(db.db, 'servicedesk', first.next);
    expect(second.next).toBeUndefined();
    const titles = [...first.rows, ...second.rows].map((n) => n.title);
    expect(new Set(titles).size).toBe(130);
    expect(titles[0]).toBe('Melding 129');
    expect(titles.at(-1)).toBe('Melding 0');
    const firstPage = notificationList(first, { path: '/servicedesk/meldingen', laterPage: false }).toString();
    expect(firstPage).toMatch(/href="\/servicedesk\/meldingen\?vanaf=[^"]+" rel="next">Oudere meldingen/);
    const secondPage = notificationList(second, { path: '/servicedesk/meldingen', laterPage: true }).toString();
    expect(secondPage).toContain('href="/servicedesk/meldingen">Naar de nieuwste meldingen');
    expect(secondPage).not.toContain('Oudere meldingen');
  });
});

describe('the page cursor in a URL', () => {
  it('reads back what it wrote, for any id', () => {
    const cursor = { at: new Date('2026-11-01T09:00:00.123Z'), id: 'a|b/ü&c' };
    expect(parseCursor(cursorParameter(cursor))).toEqual(cursor);
  });

  it('takes anything else for the first page', () => {
    for (const value of [
      undefined,
      '',
      'garbage',
      ['a', 'b'],
      Buffer.from('not-a-date|x').toString('base64url'),
      Buffer.from('2026-11-01T09:00:00.000Z|').toString('base64url'),
      'x'.repeat(500),
    ]) {
      expect(parseCursor(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});
