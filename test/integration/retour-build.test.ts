import { describe, expect, it } from 'vitest';
import { buildRetour, RetourBuildError } from '../../domain/messages/retour-build.ts';
import { readRetourCodes } from '../../domain/messages/retour-read.ts';
import { createValidator } from '../../validation/validator.ts';
import { exampleText, istandaardenDir } from '../helpers/istandaarden.ts';

// buildRetour on every official iWmo/iJw heen-bericht example, validated against the official
// retour XSD (libxml2-wasm through the project's validator) and read back with readRetourCodes.

const validator = createValidator(istandaardenDir());
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const options = { dagtekening: '2026-11-28', identificatieRetour: 'RET000000001' };

const PAIRS = ['301', '305', '307', '315', '317', '319'].flatMap((n) =>
  ['WMO', 'JW'].map((family) => ({ heen: `${family}${n}`, retour: `${family}${Number(n) + 1}` })),
);

/**
 * JW315.xml is invalid as published (ToewijzingEinddatum 2027-06-31, istandaarden README); the test repairs that date
 * and proves it had to.
 */
function heenText(code: string): string {
  const text = exampleText(code);
  if (code !== 'JW315') return text;
  expect(text).toContain('2027-06-31');
  return text.replaceAll('2027-06-31', '2027-06-30');
}

async function validate(name: string, xml: string) {
  const [result] = await validator.validate([{ name, bytes: bytes(xml) }]);
  return result!;
}

describe('buildRetour on the official heen-bericht examples', () => {
  it('JW315 as published is invalid, so it is repaired for this test', { timeout: 60_000 }, async () => {
    const result = await validate('JW315.xml', exampleText('JW315'));
    expect(result.valid).toBe(false);
    expect((await validate('JW315.xml', heenText('JW315'))).valid).toBe(true);
  });

  for (const { heen, retour } of PAIRS) {
    it(
      `turns ${heen} into a ${retour} that validates against ${retour}.xsd, with 0200 everywhere`,
      { timeout: 60_000 },
      async () => {
        const xml = buildRetour(heenText(heen), options);
        const result = await validate(`${retour}.xml`, xml);
        expect(result.findings.filter((f) => f.code === 'XSD' || f.code.startsWith('PZ'))).toEqual([]);
        expect(result.messageCode).toBe(retour);
        const codes = readRetourCodes(xml);
        expect(codes[0]).toEqual({ berichtklasse: 'Header', codes: ['0200'] });
        expect(codes.length).toBeGreaterThan(1);
        expect(codes.every((k) => k.codes.length === 1 && k.codes[0] === '0200')).toBe(true);
        expect(xml).toContain(`<${retour.toLowerCase()}:IdentificatieRetour>RET000000001</`);
        expect(xml).toContain(`<${retour.toLowerCase()}:DagtekeningRetour>2026-11-28</`);
        expect(xml).not.toContain(heen.toLowerCase());
      },
    );
  }

  it(
    'puts a rejection on the Header by default and on a named berichtklasse when asked, and stays valid',
    { timeout: 60_000 },
    async () => {
      const onHeader = buildRetour(heenText('WMO301'), { ...options, reject: { code: '9056' } });
      expect(readRetourCodes(onHeader).filter((k) => k.codes[0] !== '0200')).toEqual([
        { berichtklasse: 'Header', codes: ['9056'] },
      ]);
      const onProduct = buildRetour(heenText('JW301'), {
        ...options,
        reject: { code: '9332', berichtklasse: 'ToegewezenProduct' },
      });
      const rejected = readRetourCodes(onProduct).filter((k) => k.codes[0] !== '0200');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.berichtklasse).toMatch(/^ToegewezenProduct( 1)?$/);
      expect(rejected[0]!.codes).toEqual(['9332']);
      expect((await validate('JW302.xml', onProduct)).findings.filter((f) => f.code === 'XSD')).toEqual([]);
    },
  );

  it('has the same berichtklassen with RetourCodes as the official WMO302 example', () => {
    const built = readRetourCodes(buildRetour(heenText('WMO301'), options)).map((k) =>
      k.berichtklasse.replace(/ \d+$/, ''),
    );
    const official = readRetourCodes(exampleText('WMO302')).map((k) => k.berichtklasse.replace(/ \d+$/, ''));
    // The official 302 answers a 301 with two products; the 301 example has one.
    expect([...new Set(built)]).toEqual([...new Set(official)]);
  });

  it('refuses a retour, a 323 and a rejection on a berichtklasse the message does not have', () => {
    expect(() => buildRetour(exampleText('WMO302'), options)).toThrow(RetourBuildError);
    expect(() => buildRetour(exampleText('WMO323'), options)).toThrow(RetourBuildError);
    expect(() =>
      buildRetour(exampleText('WMO305'), { ...options, reject: { code: '9332', berichtklasse: 'ToegewezenProduct' } }),
    ).toThrow(RetourBuildError);
    expect(() => buildRetour(exampleText('WMO305'), { ...options, dagtekening: '28-11-2026' })).toThrow(
      RetourBuildError,
    );
  });

  it('echoes an iEb 405 as a 406 with RetourCodes on the Header', () => {
    const ns = 'http://www.istandaarden.nl/ieb/1_0/wmo405/schema';
    const heen = `<?xml version="1.0" encoding="UTF-8"?>\n<wmo405:Bericht xmlns:wmo405="${ns}">\n\t<wmo405:Header>\n\t\t<wmo405:BerichtCode>999</wmo405:BerichtCode>\n\t\t<wmo405:XsdVersie>\n\t\t\t<wmo405:BerichtXsdVersie>1.0.0</wmo405:BerichtXsdVersie>\n\t\t</wmo405:XsdVersie>\n\t</wmo405:Header>\n\t<wmo405:Client>\n\t\t<wmo405:Bsn>999900006</wmo405:Bsn>\n\t</wmo405:Client>\n</wmo405:Bericht>\n`;
    const retour = buildRetour(heen, options);
    expect(retour).toContain('xmlns:wmo406="http://www.istandaarden.nl/ieb/1_0/wmo406/schema"');
    expect(retour).toContain('<wmo406:XsdVersieRetour>');
    expect(readRetourCodes(retour)).toEqual([{ berichtklasse: 'Header', codes: ['0200'] }]);
  });
});
