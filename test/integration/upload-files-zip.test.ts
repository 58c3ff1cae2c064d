import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { IdentificationLookup } from '../../domain/upload/identification.ts';
import { MAX_ZIP_ENTRIES } from '../../domain/upload/limits.ts';
import { checkUpload, type UploadCheck } from '../../uploads/check-upload.ts';
import { encryptedZip } from '../fixtures/upload/encrypted-zip.ts';
import { claimSize, zerosZip, zip } from '../fixtures/upload/zip-builders.ts';
import { exampleMessage, FIXTURES, GEMEENTE, ownMessage, withHeaderValue } from '../fixtures/upload/messages.ts';

/**
 * The ZIP rules (IB901–IB905, PZ-PATH, PZ-ZIP-TOTAL) on real ZIP files, built in the test with
 * fflate (zip-builders.ts) and, for the password case, by encrypted-zip.ts.
 */

const never = async (): Promise<boolean> => false;
const user = { gemeentecode: GEMEENTE, products: ['iwmo' as const, 'ijw' as const] };
const check = (
  fileName: string,
  bytes: Buffer,
  isIdentificationUsed: IdentificationLookup = never,
): Promise<UploadCheck> => checkUpload({ fileName, bytes, user, isIdentificationUsed });
const perFile = (result: UploadCheck): Record<string, string[]> =>
  Object.fromEntries(result.files.map((f) => [f.name, f.problems.map((p) => p.code)]));

const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

describe('ZIP bombs', () => {
  // First in the file, so the peak memory of the process is not already set by another test.
  it('stops inflating a bomb whose header lies (claims 24 MB, holds 128 MB) at the claimed size', async () => {
    const bomb = claimSize(zerosZip('WMO301.xml', 128), 24_000_000);
    const peakBefore = maxRssBytes();
    const result = await check('bom.zip', bomb);
    // Inflated in full, the 128 MB would be held in memory; cut off, at most the claimed 24 MB is.
    expect(maxRssBytes() - peakBefore).toBeLessThan(80_000_000);
    expect(result.files).toEqual([
      expect.objectContaining({
        name: 'WMO301.xml',
        problems: [expect.objectContaining({ code: 'IB901', detail: expect.stringContaining('ZIP-bom') })],
      }),
    ]);
  });

  it('refuses a 29 KB ZIP that unpacks to 30 MB before inflating it (IB904)', async () => {
    const bomb = zerosZip('WMO301.xml', 30);
    expect(bomb.length).toBeLessThan(40_000);
    const result = await check('bom.zip', bomb);
    expect(result.files[0]?.problems).toEqual([
      expect.objectContaining({ code: 'IB904', detail: 'Volgens het ZIP-bestand is het uitgepakt 30 MB.' }),
    ]);
  });

  it('stops inflating at the claimed size when a header claims 1 KB for 30 MB (IB901)', async () => {
    const result = await check('bom.zip', claimSize(zerosZip('WMO301.xml', 30), 1000));
    expect(perFile(result)).toEqual({ 'WMO301.xml': ['IB901'] });
  });

  it('refuses a ZIP whose files are together larger than 100 MB unpacked (PZ-ZIP-TOTAL)', async () => {
    const zeros = new Uint8Array(24_000_000);
    const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`${n}.xml`, zeros]));
    const result = await check('groot.zip', zip(files));
    expect(result.ok).toBe(false);
    expect(result.files[0]).toMatchObject({ name: 'groot.zip', problems: [{ code: 'PZ-ZIP-TOTAL' }] });
    expect(result.files.map((f) => f.name)).toEqual(['groot.zip', 'a.xml', 'b.xml', 'c.xml', 'd.xml']);
  });
});

describe('ZIP rules', () => {
  it('refuses what is not a ZIP, a truncated ZIP and a damaged entry (IB901)', async () => {
    expect(perFile(await check('berichten.zip', Buffer.from('dit is geen zip')))).toEqual({
      'berichten.zip': ['IB901'],
    });
    const good = zip({ 'WMO301.xml': ownMessage('WMO301') });
    expect(perFile(await check('berichten.zip', good.subarray(0, good.length - 30)))).toEqual({
      'berichten.zip': ['IB901'],
    });
    const damaged = Buffer.from(good);
    damaged[30 + 'WMO301.xml'.length] = 0xff; // first byte of the deflate data: block type 11 does not exist
    expect(perFile(await check('berichten.zip', damaged))).toEqual({ 'WMO301.xml': ['IB901'] });
  });

  it('refuses an empty ZIP (IB905)', async () => {
    expect(perFile(await check('leeg.zip', zip({})))).toEqual({ 'leeg.zip': ['IB905'] });
  });

  it('refuses a ZIP with a password (IB903); the file is real ZipCrypto', async () => {
    const encrypted = encryptedZip('WMO301.xml', ownMessage('WMO301'), 'geheim');
    expect(perFile(await check('beveiligd.zip', encrypted))).toEqual({ 'WMO301.xml': ['IB903'] });
    const dir = await mkdtemp(join(tmpdir(), 'pz-zip-'));
    try {
      await writeFile(join(dir, 'beveiligd.zip'), encrypted);
      const extracted = tryUnzip(['-P', 'geheim', '-p', join(dir, 'beveiligd.zip')]);
      if (extracted !== undefined) expect(extracted.equals(ownMessage('WMO301'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a ZIP marked with strong (certificate) encryption as a whole (IB903)', async () => {
    const archive = zip({ 'WMO301.xml': ownMessage('WMO301') });
    archive.writeUInt16LE(0x0041, archive.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1')) + 8);
    expect(perFile(await check('beveiligd.zip', archive))).toEqual({ 'beveiligd.zip': ['IB903'] });
  });

  it(`accepts ${MAX_ZIP_ENTRIES} files and refuses one more (IB902)`, async () => {
    const files = (count: number): Zippable =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          `WMO301-${i}.xml`,
          withHeaderValue(ownMessage('WMO301'), 'Identificatie', `ID${i}`),
        ]),
      );
    const full = await check('vol.zip', zip(files(MAX_ZIP_ENTRIES)));
    expect(full.ok).toBe(true);
    expect(full.files).toHaveLength(MAX_ZIP_ENTRIES);
    const tooMany = await check('te-vol.zip', zip(files(MAX_ZIP_ENTRIES + 1)));
    expect(tooMany.files).toEqual([
      {
        name: 'te-vol.zip',
        problems: [expect.objectContaining({ code: 'IB902', detail: 'Het ZIP-bestand bevat 101 bestanden.' })],
      },
    ]);
  });

  it('refuses folders, ../ and backslash paths per file, and other files than .xml', async () => {
    const message = ownMessage('WMO301');
    const archive = zip({
      'WMO301.xml': message,
      'map/': new Uint8Array(0),
      'map\\WMO319.xml': message,
      '../WMO325.xml': message,
      'leesmij.txt': Buffer.from('lees mij'),
      'binnen.zip': zip({ 'WMO301.xml': message }),
    });
    expect(perFile(await check('paden.zip', archive))).toEqual({
      'WMO301.xml': [],
      'map/': ['PZ-PATH'],
      'map\\WMO319.xml': ['PZ-PATH'],
      '../WMO325.xml': ['PZ-PATH'],
      'leesmij.txt': ['PZ-EXTENSION'],
      'binnen.zip': ['PZ-EXTENSION'],
    });
  });
});

describe('a ZIP of good and bad messages', () => {
  it('lists every file with its own problems and passes on only the good ones', async () => {
    const archive = zip({
      'WMO301.xml': ownMessage('WMO301'),
      'JW319.xml': ownMessage('JW319'),
      'WMO302.xml': exampleMessage('WMO302'),
      'bom.xml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ownMessage('WMO325')]),
      'xxe.xml': await readFile(join(FIXTURES, 'xxe-etc-passwd.xml')),
      'afgebroken.xml': ownMessage('JW301').subarray(0, 1500),
      'andere-gemeente.xml': ownMessage('JW301', '0363'),
      'WMO399.xml': Buffer.from(ownMessage('WMO301').toString('utf8').replaceAll('wmo301', 'wmo399')),
    });
    const result = await check('aanlevering.zip', archive);
    expect(result.ok).toBe(false);
    expect(perFile(result)).toEqual({
      'WMO301.xml': [],
      'JW319.xml': [],
      'WMO302.xml': ['IB007'],
      'bom.xml': ['PZ-BOM'],
      'xxe.xml': ['PZ-DTD'],
      'afgebroken.xml': ['PZ-XML'],
      'andere-gemeente.xml': ['PZ-AFZENDER'],
      'WMO399.xml': ['IB004'],
    });
    expect(result.files.filter((f) => f.xml).map((f) => f.name)).toEqual(['WMO301.xml', 'JW319.xml']);
    expect(result.files.find((f) => f.name === 'JW319.xml')?.xml?.equals(ownMessage('JW319'))).toBe(true);
  });

  it('refuses the second file with the same identification, and asks the database once', async () => {
    const asked: string[] = [];
    const lookup = async (afzender: string, identificatie: string, messageCode: string): Promise<boolean> => {
      asked.push(`${afzender}/${messageCode}/${identificatie}`);
      return false;
    };
    const archive = zip({ 'a.xml': ownMessage('WMO301'), 'b.xml': ownMessage('WMO301'), 'c.xml': ownMessage('JW301') });
    expect(perFile(await check('dubbel.zip', archive, lookup))).toEqual({
      'a.xml': [],
      'b.xml': ['PZ-DUPLICATE-ID'],
      'c.xml': [],
    });
    expect(asked).toEqual([`${GEMEENTE}/WMO301/123456789012`, `${GEMEENTE}/JW301/123456789012`]);
  });

  it('reads a ZIP by its content, also when it is named .xml', async () => {
    const result = await check('bericht.xml', zip({ 'WMO301.xml': ownMessage('WMO301') }));
    expect(result).toMatchObject({ ok: true, files: [{ name: 'WMO301.xml', messageCode: 'WMO301' }] });
  });
});

/** `unzip`'s output, or undefined where unzip is not installed (the check is then skipped). */
function tryUnzip(args: string[]): Buffer | undefined {
  try {
    return execFileSync('unzip', args, { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
