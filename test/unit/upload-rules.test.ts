import { describe, expect, it } from 'vitest';
import { displayName, zipEntryNameProblem } from '../../domain/upload/file-names.ts';
import {
  checkHeader,
  identifyMessage,
  type MessageHeader,
  type OwnIdentification,
} from '../../domain/upload/header-rules.ts';
import { identificationProblems } from '../../domain/upload/identification.ts';
import { MESSAGE_TYPES } from '../../domain/message-types.ts';
import { UPLOADABLE_CODES, uploadableCodes } from '../../domain/upload/upload-rights.ts';
import { UPLOAD_PROBLEMS } from '../../domain/upload/problems.ts';

const WMO = 'http://www.istandaarden.nl/iwmo/3_2';
const user = { gemeentecode: '0344', products: ['iwmo', 'ijw'] as const };
const codes = (
  header: MessageHeader,
  u: { gemeentecode: string; products: readonly ('iwmo' | 'ijw' | 'ieb' | 'wlz')[] } = user,
): string[] => checkHeader(header, u).problems.map((p) => p.code);

/** A WMO301 header as the sniff reads it from a good file of gemeente 0344. */
const wmo301: MessageHeader = {
  rootNamespace: `${WMO}/wmo301/schema`,
  rootName: 'Bericht',
  berichtCode: '414',
  afzender: '0344',
  ontvanger: '42420001',
  identificatie: '123456789012',
};

describe('message types', () => {
  it('lets a municipality upload exactly the types it sends itself, per product', () => {
    expect(UPLOADABLE_CODES.iwmo).toEqual(['WMO301', 'WMO306', 'WMO308', 'WMO316', 'WMO318', 'WMO319', 'WMO325']);
    expect(UPLOADABLE_CODES.ijw).toEqual(['JW301', 'JW306', 'JW308', 'JW316', 'JW318', 'JW319', 'JW325']);
    expect(UPLOADABLE_CODES.ieb).toEqual(['WMO405', 'WMO407']);
    expect(UPLOADABLE_CODES.wlz).toEqual([]);
  });

  it('carries iEb with the iWmo Gebruiker role, since iEb has no Gebruiker role of its own', () => {
    expect(uploadableCodes(['iwmo']).has('WMO405')).toBe(true);
    expect(uploadableCodes(['ijw']).has('WMO405')).toBe(false);
    expect(uploadableCodes(['ijw']).has('JW301')).toBe(true);
    expect(uploadableCodes(['wlz']).size).toBe(0);
  });

  it('knows the COD002 BerichtCode of every iWmo and iJw type and no type twice', () => {
    expect(new Set(MESSAGE_TYPES.map((t) => t.code)).size).toBe(MESSAGE_TYPES.length);
    expect(MESSAGE_TYPES.filter((t) => t.product !== 'ieb').every((t) => /^4\d\d$/.test(t.berichtCode ?? ''))).toBe(
      true,
    );
    expect(MESSAGE_TYPES.find((t) => t.code === 'JW325')?.berichtCode).toBe('491');
  });
});

describe('identifyMessage', () => {
  it('reads the type from the root namespace', () => {
    expect(identifyMessage(`${WMO}/wmo301/schema`, 'Bericht')).toMatchObject({ type: { code: 'WMO301' } });
    expect(identifyMessage('http://www.istandaarden.nl/ijw/3_2/jw319/schema', 'Bericht')).toMatchObject({
      type: { code: 'JW319' },
    });
  });

  it('refuses an unknown type as IB004, an old release as IB023 and anything else as IB004', () => {
    expect(identifyMessage(`${WMO}/wmo399/schema`, 'Bericht')).toMatchObject({
      problem: { code: 'IB004' },
      messageCode: 'WMO399',
    });
    expect(identifyMessage('http://www.istandaarden.nl/iwmo/3_1/wmo301/schema', 'Bericht')).toMatchObject({
      problem: { code: 'IB023' },
    });
    expect(identifyMessage('http://www.istandaarden.nl/iwmo/3_2/jw301/schema', 'Bericht')).toMatchObject({
      problem: { code: 'IB004' },
    });
    expect(identifyMessage(`${WMO}/wmo301/schema`, 'Envelope')).toMatchObject({ problem: { code: 'IB004' } });
    expect(identifyMessage('urn:iets-anders', 'Bericht')).toMatchObject({ problem: { code: 'IB004' } });
    expect(identifyMessage(undefined, undefined)).toMatchObject({ problem: { code: 'IB004' } });
  });
});

describe('checkHeader', () => {
  it('accepts a 301 of the own municipality and names its identification', () => {
    expect(checkHeader(wmo301, user)).toEqual({
      messageCode: 'WMO301',
      problems: [],
      ownIdentification: { afzender: '0344', messageCode: 'WMO301', identificatie: '123456789012' },
    });
  });

  it('refuses a type a municipality never sends (IB007), whatever else the header says', () => {
    expect(codes({ ...wmo301, rootNamespace: `${WMO}/wmo302/schema`, berichtCode: '415' })).toEqual(['IB007']);
    expect(codes({ ...wmo301, rootNamespace: `${WMO}/wmo323/schema`, berichtCode: '484' })).toEqual(['IB007']);
  });

  it('refuses a type of a product the user has no Gebruiker role for', () => {
    const jw301 = { ...wmo301, rootNamespace: 'http://www.istandaarden.nl/ijw/3_2/jw301/schema', berichtCode: '436' };
    expect(codes(jw301, { gemeentecode: '0344', products: ['iwmo'] })).toEqual(['PZ-PRODUCT']);
    expect(checkHeader(jw301, { gemeentecode: '0344', products: ['wlz'] }).problems[0]?.detail).toBe(
      'JW301 hoort bij iJw.',
    );
  });

  it('refuses an Afzender that is not the user’s municipality, and does not offer it for the duplicate check', () => {
    const check = checkHeader({ ...wmo301, afzender: '0363' }, user);
    expect(check.problems.map((p) => p.code)).toEqual(['PZ-AFZENDER']);
    expect(check.problems[0]?.detail).toBe('Afzender is 0363; uw gemeentecode is 0344.');
    expect(check.ownIdentification).toBeUndefined();
  });

  it('expects the municipality as Ontvanger of a retour it sends, and leaves its identification alone', () => {
    const wmo306 = {
      ...wmo301,
      rootNamespace: `${WMO}/wmo306/schema`,
      berichtCode: '419',
      afzender: '65656055',
      ontvanger: '0344',
      identificatieRetour: 'R-1',
    };
    expect(checkHeader(wmo306, user)).toEqual({ messageCode: 'WMO306', problems: [] });
    expect(codes({ ...wmo306, ontvanger: '0363' })).toEqual(['PZ-ONTVANGER']);
    expect(codes({ ...wmo306, identificatieRetour: undefined })).toEqual(['PZ-HEADER']);
  });

  it('refuses a BerichtCode that does not belong to the type, and a header without its fields', () => {
    expect(codes({ ...wmo301, berichtCode: '415' })).toEqual(['PZ-BERICHTCODE']);
    const bare = checkHeader({ rootNamespace: wmo301.rootNamespace, rootName: 'Bericht' }, user);
    expect(bare.problems).toEqual([
      expect.objectContaining({
        code: 'PZ-HEADER',
        detail: 'Ontbreekt: BerichtCode, Afzender, Ontvanger, Identificatie.',
      }),
    ]);
  });

  it('accepts an iEb 405 from an iWmo user without checking a BerichtCode nobody has published', () => {
    const wmo405 = {
      ...wmo301,
      rootNamespace: 'http://www.istandaarden.nl/ieb/1_0/wmo405/schema',
      berichtCode: '999',
      ontvanger: 'CAK',
    };
    expect(codes(wmo405, { gemeentecode: '0344', products: ['iwmo'] })).toEqual([]);
    expect(codes(wmo405, { gemeentecode: '0344', products: ['ijw'] })).toEqual(['PZ-PRODUCT']);
  });
});

describe('identificationProblems', () => {
  const own = (identificatie: string, messageCode = 'WMO301'): OwnIdentification => ({
    afzender: '0344',
    messageCode,
    identificatie,
  });

  it('refuses an identification already used per message type, and the second use within one upload', async () => {
    const asked: string[] = [];
    const used = async (afzender: string, identificatie: string, messageCode: string): Promise<boolean> => {
      asked.push(`${afzender}/${messageCode}/${identificatie}`);
      return identificatie === 'OUD';
    };
    const problems = await identificationProblems(
      [own('A'), own('OUD'), undefined, own('A'), own('A', 'WMO319')],
      used,
    );
    expect(problems.map((list) => list.map((p) => p.code))).toEqual([
      [],
      ['PZ-DUPLICATE-ID'],
      [],
      ['PZ-DUPLICATE-ID'],
      [],
    ]);
    expect(problems[3]?.[0]?.detail).toBe('Identificatie A komt meer dan eens voor in deze aanlevering.');
    expect(asked).toEqual(['0344/WMO301/A', '0344/WMO301/OUD', '0344/WMO319/A']);
  });

  it('passes a failing lookup on instead of judging the file by it', async () => {
    const down = new Error('database down');
    await expect(identificationProblems([own('A')], () => Promise.reject(down))).rejects.toBe(down);
  });
});

describe('file names', () => {
  it('refuses folders, ../ and drive letters inside a ZIP and accepts a plain name', () => {
    expect(zipEntryNameProblem('WMO301.xml')).toBeUndefined();
    expect(zipEntryNameProblem('map/WMO301.xml')?.code).toBe('PZ-PATH');
    expect(zipEntryNameProblem('map\\WMO301.xml')?.code).toBe('PZ-PATH');
    expect(zipEntryNameProblem('../WMO301.xml')?.detail).toMatch(/buiten het ZIP-bestand/);
    expect(zipEntryNameProblem('/etc/passwd')?.code).toBe('PZ-PATH');
    expect(zipEntryNameProblem('C:bestand.xml')?.code).toBe('PZ-PATH');
    expect(zipEntryNameProblem('map/')?.detail).toBe('Dit is een map, geen bestand.');
    expect(zipEntryNameProblem('..')?.code).toBe('PZ-PATH');
  });

  it('shows a name without invisible characters and never longer than 255 characters', () => {
    expect(displayName('be\u202Erich\u0000t.xml')).toBe('bericht.xml');
    expect(displayName('\u200B')).toBe('(bestand zonder naam)');
    expect(displayName(`${'a'.repeat(300)}.xml`)).toHaveLength(256);
  });
});

describe('problem texts', () => {
  it('explain every code in Dutch, with the limits filled in', () => {
    expect(UPLOAD_PROBLEMS.IB003).toBe(
      'Het bestand is groter dan 25 MB. Verdeel de berichten over meerdere bestanden.',
    );
    expect(UPLOAD_PROBLEMS.IB902).toContain('meer dan 100 bestanden');
    for (const message of Object.values(UPLOAD_PROBLEMS)) expect(message).toMatch(/^[A-Z].*\.$/);
  });
});
