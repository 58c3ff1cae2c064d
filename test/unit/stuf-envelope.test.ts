import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../domain/stuf/base64.ts';
import {
  buildDi01,
  buildDu01,
  buildFo01,
  escapeAttribute,
  escapeText,
  formatTijdstip,
  type Di01Input,
} from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { StufEnvelopeError, type ParsedEnvelope, type StufErrorCode } from '../../domain/stuf/types.ts';
import { sharedDir } from '../helpers/shared-dir.ts';

/** The official ggk0210 examples, read from ../shared (never copied into the repository). */
const EXAMPLES = join(sharedDir(), 'stuf-ggk', 'examples');
const example = (name: string): string => readFileSync(join(EXAMPLES, name), 'utf8');
const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function refusal(input: string | Uint8Array): { code: StufErrorCode; message: string } {
  try {
    parseEnvelope(input);
  } catch (error) {
    if (error instanceof StufEnvelopeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('parseEnvelope accepted the input');
}

function refusalOf(build: () => unknown): { code: StufErrorCode; message: string } {
  try {
    build();
  } catch (error) {
    if (error instanceof StufEnvelopeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the builder accepted the input');
}

const DI01_XML = example('envelopHeenbericht-ggk_Di01_v21-xml.xml');

describe('parseEnvelope: the four official examples', () => {
  it('Di01 with an xmlBestand', () => {
    const parsed = parseEnvelope(Buffer.from(DI01_XML, 'utf8'));
    expect(parsed).toEqual({
      kind: 'Di01',
      stuurgegevens: {
        berichtcode: 'Di01',
        zender: { organisatie: '0548', applicatie: 'Wmo Applicatie' },
        ontvanger: { organisatie: '01023456', applicatie: 'GGk' },
        referentienummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
        tijdstipBericht: '20160421132514',
        functie: 'WMO301',
      },
      parameters: {
        applicatieVersie: '0004',
        applicatieSubversie: '0003',
        functieVersie: '0002',
        functieSubversie: '0002',
      },
      payload: { kind: 'xml', bytes: expect.any(Uint8Array) },
    } satisfies ParsedEnvelope);
    expect(parsed.kind === 'Di01' && utf8(parsed.payload.bytes)).toBe('Hier staat een iWmo/iJw-heenbericht.');
  });

  it('Di01 with a tekstBestand and its bestandsnaam', () => {
    const parsed = parseEnvelope(example('envelopHeenbericht-ggk_Di01_v21-tekst.xml'));
    expect(parsed.kind).toBe('Di01');
    if (parsed.kind === 'Fo01') throw new Error('unreachable');
    expect(parsed.stuurgegevens).toMatchObject({
      ontvanger: { organisatie: 'CBS', applicatie: 'GGk' },
      functie: 'Dummy',
    });
    expect(parsed.payload).toMatchObject({ kind: 'tekst', bestandsnaam: 'AanleveringQ1.csv' });
    expect(utf8(parsed.payload.bytes)).toBe('Hier staat een dummy-tekstbericht.');
  });

  it('Du01 with its crossRefnummer', () => {
    const parsed = parseEnvelope(example('envelopRetourbericht-ggk_Du01-v21.xml'));
    expect(parsed.kind).toBe('Du01');
    if (parsed.kind === 'Fo01') throw new Error('unreachable');
    expect(parsed.stuurgegevens).toEqual({
      berichtcode: 'Du01',
      zender: { organisatie: '01023456', applicatie: 'Applicatie leverancier' },
      ontvanger: { organisatie: '0484', applicatie: 'GGk' },
      referentienummer: 'b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0',
      tijdstipBericht: '20160422142804',
      crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
      functie: 'WMO302',
    });
    expect(parsed.payload.kind).toBe('xml');
    expect(utf8(parsed.payload.bytes)).toBe('Hier staat een iWmo/iJw-retourbericht.');
  });

  it('Fo01 with its body (the crossRefnummer of the example is a UUID v1: allowed, StUF:Refnummer)', () => {
    const parsed = parseEnvelope(example('Fo01.xml'));
    expect(parsed).toEqual({
      kind: 'Fo01',
      stuurgegevens: {
        berichtcode: 'Fo01',
        zender: { organisatie: 'IB', applicatie: 'GGK' },
        ontvanger: {
          organisatie: '54540051',
          applicatie: 'JW Applicatie',
          administratie: 'test',
          gebruiker: 'gebruiker1',
        },
        referentienummer: '78002f23-5bc5-4e3e-96ad-1d209d32a5d5',
        tijdstipBericht: '20160421144534',
        crossRefnummer: '9c0f7b90-5c69-11e5-a837-0800200c9a66',
      },
      fo01: {
        code: 'IB210',
        plek: 'client',
        omschrijving: 'Ontvangende organisatie onbekend. Organisatie 99999',
        details: 'JW315-00010004',
        detailsXML: '<root></root>',
      },
    } satisfies ParsedEnvelope);
  });
});

const di01Input = (overrides: Partial<Di01Input> = {}): Di01Input => ({
  zender: { organisatie: '0548', applicatie: 'Portaal Zorg' },
  ontvanger: { organisatie: '01023456', applicatie: 'GGk' },
  referentienummer: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tijdstipBericht: new Date('2026-07-01T10:15:30Z'),
  functie: 'WMO301',
  parameters: {
    applicatieVersie: '0004',
    applicatieSubversie: '0003',
    functieVersie: '0002',
    functieSubversie: '0002',
  },
  payload: { kind: 'xml', bytes: new TextEncoder().encode('<a>é &amp; ü</a>') },
  ...overrides,
});

describe('build → parse', () => {
  it('round-trips a Di01, escaping every text value', () => {
    const input = di01Input({
      zender: { organisatie: '0548', applicatie: 'A&B <Zorg> "x" \'y\'', administratie: 'Wmo & Jw]]>' },
    });
    const xml = buildDi01(input);
    expect(xml).toContain('<StUF:applicatie>A&amp;B &lt;Zorg&gt; "x" \'y\'</StUF:applicatie>');
    expect(xml).toContain('Wmo &amp; Jw]]&gt;');
    expect(xml.charCodeAt(0)).not.toBe(0xfeff);
    const parsed = parseEnvelope(xml);
    expect(parsed.stuurgegevens.zender).toEqual(input.zender);
    expect(parsed.stuurgegevens.tijdstipBericht).toBe('20260701121530'); // CEST, UTC+2
    expect(parsed.kind === 'Di01' && parsed.payload).toEqual(input.payload);
  });

  it('round-trips a Du01 and a tekstBestand', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const xml = buildDu01({
      ...di01Input({ payload: { kind: 'tekst', bestandsnaam: 'Retour_2026-07.csv', bytes } }),
      crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
    });
    const parsed = parseEnvelope(xml);
    expect(parsed.kind).toBe('Du01');
    expect(parsed.stuurgegevens.crossRefnummer).toBe('9c0f7b90-5c69-41e5-a837-0800200c9a66');
    expect(parsed.kind === 'Du01' && parsed.payload).toEqual({
      kind: 'tekst',
      bestandsnaam: 'Retour_2026-07.csv',
      bytes,
    });
  });

  it('round-trips a Fo01 with detailsXML and escaped omschrijving', () => {
    const xml = buildFo01({
      zender: { organisatie: 'IB', applicatie: 'GGK' },
      ontvanger: { organisatie: '0548', applicatie: 'Portaal Zorg' },
      referentienummer: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      tijdstipBericht: new Date('2026-01-15T08:00:00Z'),
      crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
      code: 'IB001',
      plek: 'client',
      omschrijving: 'Envelop <ongeldig> & afgekeurd',
      details: 'regel 3',
      detailsXML: '<fout regel="3">a &amp; b</fout>',
    });
    const parsed = parseEnvelope(xml);
    expect(parsed.stuurgegevens.tijdstipBericht).toBe('20260115090000'); // CET, UTC+1
    expect(parsed.kind === 'Fo01' && parsed.fo01).toEqual({
      code: 'IB001',
      plek: 'client',
      omschrijving: 'Envelop <ongeldig> & afgekeurd',
      details: 'regel 3',
      detailsXML: '<fout regel="3">a &amp; b</fout>',
    });
  });
});

describe('the builder refuses what the XSD would refuse', () => {
  it.each<[string, () => unknown, StufErrorCode]>([
    [
      'referentienummer not v4',
      () => buildDi01(di01Input({ referentienummer: '9c0f7b90-5c69-11e5-a837-0800200c9a66' })),
      'STUF-REFERENTIENUMMER',
    ],
    [
      'referentienummer upper case',
      () => buildDi01(di01Input({ referentienummer: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' })),
      'STUF-REFERENTIENUMMER',
    ],
    [
      'crossRefnummer of a Du01 not v4',
      () => buildDu01({ ...di01Input(), crossRefnummer: 'abc' }),
      'STUF-REFERENTIENUMMER',
    ],
    [
      'bestandsnaam with a space',
      () =>
        buildDi01(di01Input({ payload: { kind: 'tekst', bestandsnaam: 'mijn bestand.csv', bytes: new Uint8Array() } })),
      'STUF-BESTANDSNAAM',
    ],
    [
      'bestandsnaam of 256 characters',
      () =>
        buildDi01(
          di01Input({ payload: { kind: 'tekst', bestandsnaam: `${'a'.repeat(252)}.csv`, bytes: new Uint8Array() } }),
        ),
      'STUF-BESTANDSNAAM',
    ],
    [
      'versienr of 3 digits',
      () =>
        buildDi01(
          di01Input({
            parameters: {
              applicatieVersie: '004',
              applicatieSubversie: '0003',
              functieVersie: '0002',
              functieSubversie: '0002',
            },
          }),
        ),
      'STUF-WAARDE',
    ],
    [
      'applicatie shorter than 3',
      () => buildDi01(di01Input({ zender: { organisatie: '0548', applicatie: 'PZ' } })),
      'STUF-WAARDE',
    ],
    ['a control character', () => buildDi01(di01Input({ functie: 'WMO\u0001' })), 'STUF-WAARDE'],
    ['an invalid date', () => buildDi01(di01Input({ tijdstipBericht: new Date('x') })), 'STUF-WAARDE'],
  ])('%s', (_name, build, code) => {
    expect(refusalOf(build).code).toBe(code);
  });

  it('accepts a bestandsnaam of exactly 255 characters', () => {
    expect(() =>
      buildDi01(
        di01Input({ payload: { kind: 'tekst', bestandsnaam: `${'a'.repeat(251)}.csv`, bytes: new Uint8Array() } }),
      ),
    ).not.toThrow();
  });

  it('refuses a DOCTYPE or malformed detailsXML in a Fo01', () => {
    const fo01 = (detailsXML: string) => () =>
      buildFo01({
        zender: { applicatie: 'GGK' },
        ontvanger: { applicatie: 'Portaal Zorg' },
        referentienummer: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        tijdstipBericht: new Date(),
        crossRefnummer: 'x',
        code: 'IB001',
        plek: 'server',
        omschrijving: 'o',
        detailsXML,
      });
    expect(refusalOf(fo01('<!DOCTYPE x><x/>')).code).toBe('STUF-DTD');
    expect(refusalOf(fo01('<x>')).code).toBe('STUF-WAARDE');
  });
});

describe('parseEnvelope: refusals with a Dutch message', () => {
  const replace = (from: string | RegExp, to: string): string => {
    const changed = DI01_XML.replace(from, to);
    expect(changed).not.toBe(DI01_XML);
    return changed;
  };

  it.each<[string, () => string | Uint8Array, StufErrorCode, RegExp]>([
    ['not well-formed', () => DI01_XML.replace('</GGK:parameters>', ''), 'STUF-XML', /geen goed gevormde XML/],
    [
      'an undeclared prefix',
      () => replace('<GGK:bericht>', '<X:bericht>').replace('</GGK:bericht>', '</X:bericht>'),
      'STUF-XML',
      /niet gedeclareerd/,
    ],
    [
      'a DOCTYPE',
      () =>
        replace(
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        ),
      'STUF-DTD',
      /DOCTYPE/,
    ],
    ['a BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DI01_XML)]), 'STUF-ENCODING', /BOM/],
    [
      'invalid UTF-8',
      () => Buffer.from(DI01_XML.replace('Wmo Applicatie', 'Wmo \u0000'), 'utf8').map((b) => (b === 0 ? 0xff : b)),
      'STUF-ENCODING',
      /UTF-8/,
    ],
    [
      'an unknown kind',
      () => replace(/envelopHeenbericht-ggk_Di01/g, 'envelopHeenbericht-ggk_Lk01'),
      'STUF-SOORT',
      /Onbekend berichttype/,
    ],
    [
      'a known name in the wrong namespace',
      () => replace('xmlns:GGK="http://www.stufstandaarden.nl/koppelvlak/ggk0210"', 'xmlns:GGK="urn:x"'),
      'STUF-SOORT',
      /Onbekend berichttype/,
    ],
    [
      'a berichtcode that does not fit',
      () => replace('<StUF:berichtcode>Di01<', '<StUF:berichtcode>Du01<'),
      'STUF-STRUCTUUR',
      /berichtcode/,
    ],
    [
      'a missing referentienummer',
      () => replace(/<StUF:referentienummer>[^<]*<\/StUF:referentienummer>/, ''),
      'STUF-REFERENTIENUMMER',
      /referentienummer ontbreekt/,
    ],
    [
      'a referentienummer that is not a UUID v4',
      () => replace('9c0f7b90-5c69-41e5', '9c0f7b90-5c69-11e5'),
      'STUF-REFERENTIENUMMER',
      /geen UUID versie 4/,
    ],
    [
      'a Du01 without crossRefnummer',
      () =>
        example('envelopRetourbericht-ggk_Du01-v21.xml').replace(
          /<StUF:crossRefnummer>[^<]*<\/StUF:crossRefnummer>/,
          '',
        ),
      'STUF-REFERENTIENUMMER',
      /crossRefnummer ontbreekt/,
    ],
    [
      'a bestandsnaam with a space',
      () => example('envelopHeenbericht-ggk_Di01_v21-tekst.xml').replace('AanleveringQ1.csv', 'Aanlevering Q1.csv'),
      'STUF-BESTANDSNAAM',
      /bestandsnaam/,
    ],
    [
      'a bestandsnaam of 256 characters',
      () => example('envelopHeenbericht-ggk_Di01_v21-tekst.xml').replace('AanleveringQ1.csv', `${'a'.repeat(252)}.csv`),
      'STUF-BESTANDSNAAM',
      /4 tot 255 tekens/,
    ],
    [
      'a tekstBestand without bestandsnaam',
      () => example('envelopHeenbericht-ggk_Di01_v21-tekst.xml').replace(' bestandsnaam="AanleveringQ1.csv"', ''),
      'STUF-BESTANDSNAAM',
      /bestandsnaam nodig/,
    ],
    [
      'a payload that is not base64',
      () =>
        replace('SGllciBzdGFhdCBlZW4gaVdtby9pSnctaGVlbmJlcmljaHQu', 'SGllciBzdGFhdCBlZW4*aVdtby9pSnctaGVlbmJlcmljaHQu'),
      'STUF-BASE64',
      /geen geldige base64/,
    ],
    [
      'a payload with a wrong length',
      () =>
        replace('SGllciBzdGFhdCBlZW4gaVdtby9pSnctaGVlbmJlcmljaHQu', 'SGllciBzdGFhdCBlZW4gaVdtby9pSnctaGVlbmJlcmljaHQ'),
      'STUF-BASE64',
      /geen geldige base64/,
    ],
    [
      'an unexpected element',
      () => replace('<StUF:functie>', '<StUF:extra>x</StUF:extra><StUF:functie>'),
      'STUF-STRUCTUUR',
      /Onverwacht element StUF:extra/,
    ],
    [
      'a missing bericht',
      () => replace(/<GGK:bericht>[\s\S]*<\/GGK:bericht>/, ''),
      'STUF-STRUCTUUR',
      /bericht ontbreekt/,
    ],
    [
      'a Versienr that is not 4 digits',
      () => replace('<GGK:functieVersie>0002<', '<GGK:functieVersie>2<'),
      'STUF-WAARDE',
      /4 cijfers/,
    ],
    [
      'text where elements belong',
      () => replace('<GGK:bericht>', '<GGK:bericht>tekst'),
      'STUF-STRUCTUUR',
      /geen tekst/,
    ],
    [
      'a Fo01 with an unknown plek',
      () => example('Fo01.xml').replace('<StUF:plek>client<', '<StUF:plek>ergens<'),
      'STUF-WAARDE',
      /client/,
    ],
  ])('%s', (_name, input, code, message) => {
    const result = refusal(input());
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });
});

describe('parts', () => {
  it('base64 round-trips every length and refuses non-canonical padding', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text, 'x')).toEqual(bytes);
    }
    expect(decodeBase64('SGVs\n bG8=', 'x')).toEqual(new TextEncoder().encode('Hello'));
    expect(() => decodeBase64('SGVsbG9=', 'x')).toThrow(StufEnvelopeError); // 'o' = 0b101000: non-zero leftover bits
    expect(() => decodeBase64('=AAA', 'x')).toThrow(StufEnvelopeError);
  });

  it('escapes text and attributes', () => {
    expect(escapeText('a&b<c>d"e\'')).toBe('a&amp;b&lt;c&gt;d"e\'');
    expect(escapeAttribute('a"b\n<&')).toBe('a&quot;b&#10;&lt;&amp;');
  });

  it('writes tijdstipBericht in Europe/Amsterdam, across the DST change', () => {
    expect(formatTijdstip(new Date('2026-03-29T00:59:59Z'))).toBe('20260329015959');
    expect(formatTijdstip(new Date('2026-03-29T01:00:00Z'))).toBe('20260329030000');
    expect(formatTijdstip(new Date('2026-12-31T23:30:00Z'))).toBe('20270101003000');
  });
});
