import { afterAll, describe, expect, it } from 'vitest';
import { createValidator } from '../../validation/validator.ts';
import { exampleText, istandaardenDir } from '../helpers/istandaarden.ts';

/**
 * Through the real validation threads: a valid message is judged by the streaming schema check
 * alone, and a message it cannot prove goes to libxml2, whose findings it gets (validation/xsd).
 */
describe('which schema check judges a file', () => {
  const validator = createValidator(istandaardenDir());
  afterAll(() => validator.close());
  const validate = async (name: string, text: string) =>
    (await validator.validate([{ name, bytes: Buffer.from(text) }]))[0]!;

  it('proves a valid WMO301 by the streaming check, without libxml2', { timeout: 60_000 }, async () => {
    const result = await validate('WMO301.xml', exampleText('WMO301'));
    expect(result).toMatchObject({ valid: true, messageCode: 'WMO301', schemaBy: 'streaming' });
  });

  it('leaves an invalid one to libxml2, with its own finding on the right line', { timeout: 60_000 }, async () => {
    const result = await validate('JW315.xml', exampleText('JW315'));
    expect(result.schemaBy).toBe('libxml2');
    const xsd = result.findings.filter((f) => f.code === 'XSD');
    expect(xsd.map((f) => f.line)).toEqual([44, 66]);
    expect(xsd[0]!.message).toContain('2027-06-31');
  });

  it(
    'leaves what it does not model to libxml2, which accepts it: a processing instruction in a valid message',
    { timeout: 60_000 },
    async () => {
      const text = exampleText('WMO301').replace(/(<wmo301:Client>)/, '$1<?pz toelichting?>');
      const result = await validate('WMO301.xml', text);
      expect(result.schemaBy).toBe('libxml2');
      expect(result.findings.filter((f) => f.code === 'XSD')).toEqual([]);
    },
  );

  it(
    'leaves white space in CDATA inside element content to libxml2, which refuses it as character data',
    { timeout: 60_000 },
    async () => {
      const result = await validate(
        'WMO301.xml',
        exampleText('WMO301').replace(/(<wmo301:Client>)/, '$1<![CDATA[ ]]>'),
      );
      expect(result.schemaBy).toBe('libxml2');
      expect(result.valid).toBe(false);
    },
  );

  it('does not run a schema for a file refused before it', { timeout: 60_000 }, async () => {
    const result = await validate('x.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>');
    expect(result).toMatchObject({ valid: false, schemaBy: 'none' });
  });
});
