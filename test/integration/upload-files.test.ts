import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../domain/user.ts';
import { MAX_UPLOAD_BYTES } from '../../domain/upload/limits.ts';
import { checkUpload, type UploadCheck } from '../../uploads/check-upload.ts';
import {
  AANBIEDER_SENDS,
  exampleMessage,
  FIXTURES,
  GEMEENTE,
  GEMEENTE_SENDS,
  ownMessage,
  withHeaderValue,
} from '../fixtures/upload/messages.ts';

/**
 * The file checks of one uploaded XML file, on real files on disk: the official examples, the
 * hand-made attack files in test/fixtures/upload and files this test writes to a temporary folder.
 * Files are read as a stream, as the upload route will pass them.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pz-upload-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const never = async (): Promise<boolean> => false;
const user = (products: Product[] = ['iwmo', 'ijw']) => ({ gemeentecode: GEMEENTE, products });

async function uploadFile(
  path: string,
  fileName = path.split('/').pop() ?? '',
  products?: Product[],
): Promise<UploadCheck> {
  return checkUpload({ fileName, stream: createReadStream(path), user: user(products), isIdentificationUsed: never });
}

async function upload(fileName: string, bytes: Buffer, products?: Product[]): Promise<UploadCheck> {
  const path = join(dir, fileName);
  await writeFile(path, bytes);
  return uploadFile(path, fileName, products);
}

const problemCodes = (check: UploadCheck): string[] => check.files.flatMap((f) => f.problems.map((p) => p.code));

describe('good files', () => {
  const own = [...GEMEENTE_SENDS.heen, ...GEMEENTE_SENDS.retour].flatMap((n) => [`WMO${n}`, `JW${n}`]);

  it.each(own)('accepts the official %s example as sent by the user’s municipality', async (code) => {
    const bytes = ownMessage(code);
    const check = await upload(`${code}.xml`, bytes);
    expect(check).toEqual({
      ok: true,
      files: [expect.objectContaining({ name: `${code}.xml`, messageCode: code, problems: [] })],
    });
    expect(check.files[0]?.xml?.equals(bytes)).toBe(true);
  });

  it('accepts a WMO301 of almost 25 MB, and keeps the event loop turning while it reads it', async () => {
    const text = ownMessage('WMO301').toString('utf8');
    const [start, end] = [text.indexOf('<wmo301:Client>'), text.lastIndexOf('</wmo301:Bericht>')];
    const clients = text.slice(start, end).repeat(Math.floor((MAX_UPLOAD_BYTES - text.length) / (end - start)));
    const big = Buffer.from(text.slice(0, start) + clients + text.slice(end));
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const check = await upload('groot-WMO301.xml', big);
    clearInterval(ticker);
    expect(big.length).toBeGreaterThan(MAX_UPLOAD_BYTES - 100_000);
    expect(check).toMatchObject({ ok: true, files: [{ messageCode: 'WMO301', problems: [] }] });
    expect(turns).toBeGreaterThan(5);
  });

  it('names the parties and the identification of a retour, for correlation with the heen-bericht', async () => {
    const check = await upload('WMO306.xml', ownMessage('WMO306'));
    expect(check.files[0]).toMatchObject({
      afzender: '65656055',
      ontvanger: GEMEENTE,
      identificatie: '123456789013',
      identificatieRetour: '7ae60051-e0f',
    });
  });
});

describe('refused messages', () => {
  it.each(AANBIEDER_SENDS.flatMap((n) => [`WMO${n}`, `JW${n}`]))(
    'refuses %s: a care provider sends it, not a municipality (IB007)',
    async (code) => {
      const check = await upload(`${code}.xml`, exampleMessage(code));
      expect(check.ok).toBe(false);
      expect(check.files[0]).toMatchObject({ messageCode: code, problems: [{ code: 'IB007' }] });
      expect(check.files[0]?.xml).toBeUndefined();
    },
  );

  it('refuses a message type that does not exist (WMO399, IB004)', async () => {
    const wmo399 = Buffer.from(ownMessage('WMO301').toString('utf8').replaceAll('wmo301', 'wmo399'));
    const check = await upload('WMO399.xml', wmo399);
    expect(check.files[0]).toMatchObject({
      messageCode: 'WMO399',
      problems: [{ code: 'IB004', detail: 'Het berichttype WMO399 bestaat niet.' }],
    });
  });

  it('refuses a message of a product the user holds no Gebruiker role for', async () => {
    const check = await upload('JW301.xml', ownMessage('JW301'), ['iwmo']);
    expect(check.files[0]?.problems).toEqual([
      expect.objectContaining({ code: 'PZ-PRODUCT', detail: 'JW301 hoort bij iJw.' }),
    ]);
  });

  it('refuses a message whose Afzender is another municipality (the example as published, 0384)', async () => {
    const check = await upload('WMO301.xml', exampleMessage('WMO301'));
    expect(check.files[0]?.problems).toEqual([
      expect.objectContaining({ code: 'PZ-AFZENDER', detail: `Afzender is 0384; uw gemeentecode is ${GEMEENTE}.` }),
    ]);
  });

  it('refuses an identification the municipality already used for this message type', async () => {
    const asked: string[][] = [];
    const usedBefore = async (afzender: string, identificatie: string, messageCode: string): Promise<boolean> => {
      asked.push([afzender, identificatie, messageCode]);
      return true;
    };
    const check = await checkUpload({
      fileName: 'WMO301.xml',
      bytes: ownMessage('WMO301'),
      user: user(),
      isIdentificationUsed: usedBefore,
    });
    expect(problemCodes(check)).toEqual(['PZ-DUPLICATE-ID']);
    expect(asked).toEqual([[GEMEENTE, '123456789012', 'WMO301']]);
  });

  it('does not judge the file when the duplicate check cannot be done: the failure goes to the caller', async () => {
    const refused = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    const check = checkUpload({
      fileName: 'WMO301.xml',
      bytes: ownMessage('WMO301'),
      user: user(),
      isIdentificationUsed: () => Promise.reject(refused),
    });
    await expect(check).rejects.toBe(refused);
  });
});

describe('bad files', () => {
  it('refuses a file with a byte-order mark', async () => {
    const check = await upload('WMO301.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ownMessage('WMO301')]));
    expect(check).toMatchObject({ ok: false, files: [{ messageCode: 'WMO301', problems: [{ code: 'PZ-BOM' }] }] });
    expect(check.files[0]?.xml).toBeUndefined();
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = withHeaderValue(ownMessage('WMO301'), 'Achternaam', 'Caf\u00e9').toString('utf8');
    expect(problemCodes(await upload('latin1.xml', Buffer.from(latin1, 'latin1')))).toEqual(['PZ-ENCODING']);
    expect(problemCodes(await upload('utf16.xml', Buffer.from(`\uFEFF${latin1}`, 'utf16le')))).toEqual(['PZ-ENCODING']);
  });

  it('refuses a file larger than 25 MB and stops reading it there', async () => {
    const path = join(dir, 'groot.xml');
    const file = await open(path, 'w');
    await file.truncate(MAX_UPLOAD_BYTES + 10_000_000); // 35 MB on disk
    await file.close();
    const stream = createReadStream(path);
    const check = await checkUpload({ fileName: 'groot.xml', stream, user: user(), isIdentificationUsed: never });
    expect(check).toMatchObject({ ok: false, files: [{ name: 'groot.xml', problems: [{ code: 'IB003' }] }] });
    expect(stream.bytesRead).toBeLessThan(MAX_UPLOAD_BYTES + 1_000_000);
    expect(stream.destroyed).toBe(true);
  });

  it('refuses a file that is not well-formed, with the line of the error', async () => {
    const truncated = ownMessage('WMO301').subarray(0, 2000);
    const check = await upload('afgebroken.xml', truncated);
    expect(check.files[0]?.problems).toEqual([
      expect.objectContaining({ code: 'PZ-XML', detail: expect.stringMatching(/^Regel \d+, kolom \d+: /) }),
    ]);
  });

  it('refuses an external entity (XXE) on /etc/passwd, and nothing of that file appears anywhere', async () => {
    const check = await uploadFile(join(FIXTURES, 'xxe-etc-passwd.xml'));
    expect(check).toMatchObject({
      ok: false,
      files: [{ problems: [{ code: 'PZ-DTD', detail: 'Gevonden in regel 4.' }] }],
    });
    const passwd = await readFile('/etc/passwd', 'utf8');
    const firstEntry = passwd.split('\n')[0] ?? 'root:x:0:0';
    expect(JSON.stringify(check)).not.toContain(firstEntry.slice(0, 10));
    expect(check.files[0]?.identificatie).toBeUndefined();
  });

  it('refuses a billion-laughs document in bounded memory', async () => {
    const before = process.memoryUsage().heapUsed;
    const check = await uploadFile(join(FIXTURES, 'billion-laughs.xml'));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50_000_000); // expanded it would be 3 GB
    expect(problemCodes(check)).toEqual(['PZ-DTD']);
  });

  it('refuses a file that is neither .xml nor .zip', async () => {
    expect(problemCodes(await upload('WMO301.txt', ownMessage('WMO301')))).toEqual(['PZ-EXTENSION']);
  });

  it('reports a broken upload stream as a problem, not as an exception', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    const check = await checkUpload({
      fileName: 'WMO301.xml',
      stream: broken,
      user: user(),
      isIdentificationUsed: never,
    });
    expect(problemCodes(check)).toEqual(['PZ-RECEIVE']);
  });

  it('never throws, whatever it is given', async () => {
    const odd = {
      fileName: 42 as unknown as string,
      bytes: null as unknown as Uint8Array,
      user: user(),
      isIdentificationUsed: never,
    };
    await expect(checkUpload(odd)).resolves.toMatchObject({
      ok: false,
      files: [{ name: '42', problems: [{ code: 'PZ-INTERNAL' }] }],
    });
  });
});
