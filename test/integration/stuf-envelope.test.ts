import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDi01, buildDu01, buildFo01, type Di01Input } from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { exampleText, requireXmllint } from '../helpers/istandaarden.ts';
import { sharedDir } from '../helpers/shared-dir.ts';

/**
 * Built envelopes against the official ggk0210 XSD with the real `xmllint` (the XSDs and examples
 * are read from ../shared/stuf-ggk, never copied into the repository), and an iWmo example
 * message through build → parse unchanged.
 */

const STUF_DIR = join(sharedDir(), 'stuf-ggk');
const XSD = join(STUF_DIR, 'xsd', 'ggk0210', 'ggkberichten', 'ggk0210_msg_ggkberichten.xsd');

let dir: string;
beforeAll(() => {
  requireXmllint();
  dir = mkdtempSync(join(tmpdir(), 'pz-stuf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `xmllint --noout --schema <ggk0210 xsd> <file>`: exit status and messages. */
function xmllint(name: string, xml: string): { ok: boolean; output: string } {
  const file = join(dir, name);
  writeFileSync(file, xml, 'utf8');
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: run.stderr };
}

const wmo301 = (): Uint8Array =>
  new Uint8Array(readFileSync(join(sharedDir(), 'istandaarden', 'wmo', 'examples', 'WMO301.xml')));

const input = (payload: Di01Input['payload']): Di01Input => ({
  zender: { organisatie: '0548', applicatie: 'Portaal Zorg & Co <test>', administratie: 'Wmo' },
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
  payload,
});

describe('StUF-GGk envelopes against ggk0210_msg_ggkberichten.xsd (real xmllint)', () => {
  it('the four official examples validate (the check has the right schema)', () => {
    for (const name of [
      'envelopHeenbericht-ggk_Di01_v21-xml.xml',
      'envelopHeenbericht-ggk_Di01_v21-tekst.xml',
      'envelopRetourbericht-ggk_Du01-v21.xml',
      'Fo01.xml',
    ]) {
      const result = xmllint(name, readFileSync(join(STUF_DIR, 'examples', name), 'utf8'));
      expect(result.ok, `${name}: ${result.output}`).toBe(true);
    }
  });

  it('a built Di01 with an xmlBestand validates', () => {
    const result = xmllint('di01-xml.xml', buildDi01(input({ kind: 'xml', bytes: wmo301() })));
    expect(result.ok, result.output).toBe(true);
  });

  it('a built Di01 with a tekstBestand validates', () => {
    const result = xmllint(
      'di01-tekst.xml',
      buildDi01(
        input({
          kind: 'tekst',
          bestandsnaam: 'Aanlevering_Q1-2026.csv',
          bytes: new TextEncoder().encode('bsn;naam\n999900006;Jansen\n'),
        }),
      ),
    );
    expect(result.ok, result.output).toBe(true);
  });

  it('a built Du01 validates', () => {
    const xml = buildDu01({
      ...input({ kind: 'xml', bytes: new TextEncoder().encode('<a/>') }),
      functie: 'WMO302',
      crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
    });
    const result = xmllint('du01.xml', xml);
    expect(result.ok, result.output).toBe(true);
  });

  it('a built Fo01 validates, with and without the optional parts', () => {
    const base = {
      zender: { organisatie: 'IB', applicatie: 'GGK' },
      ontvanger: { organisatie: '0548', applicatie: 'Portaal Zorg', administratie: 'test', gebruiker: 'gebruiker1' },
      referentienummer: '78002f23-5bc5-4e3e-96ad-1d209d32a5d5',
      tijdstipBericht: new Date('2026-01-15T08:00:00Z'),
      crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
      code: 'IB001',
      plek: 'client',
      omschrijving: 'Envelop voldoet niet aan het schema: <bericht> & meer',
    } as const;
    expect(xmllint('fo01-min.xml', buildFo01(base)).ok).toBe(true);
    const full = xmllint(
      'fo01-full.xml',
      buildFo01({
        ...base,
        details: 'regel 12, kolom 3',
        detailsXML: '<fout xmlns="urn:pz" regel="12">a &amp; b</fout>',
      }),
    );
    expect(full.ok, full.output).toBe(true);
  });

  it('xmllint does refuse a built envelope that was tampered with (the check has teeth)', () => {
    const xml = buildDi01(input({ kind: 'tekst', bestandsnaam: 'bestand.csv', bytes: new Uint8Array([1]) })).replace(
      'bestand.csv',
      'best and.csv',
    );
    expect(xmllint('tampered.xml', xml).ok).toBe(false);
  });
});

describe('build → parse round trip with a real iWmo message', () => {
  it('WMO301 comes back byte for byte, in a Di01 and in a Du01', () => {
    const bytes = wmo301();
    expect(new TextDecoder().decode(bytes)).toBe(exampleText('WMO301'));
    const di01 = parseEnvelope(Buffer.from(buildDi01(input({ kind: 'xml', bytes })), 'utf8'));
    expect(di01.kind === 'Di01' && di01.payload).toEqual({ kind: 'xml', bytes });
    expect(di01.stuurgegevens.zender.applicatie).toBe('Portaal Zorg & Co <test>');
    const du01 = parseEnvelope(
      buildDu01({
        ...input({ kind: 'tekst', bestandsnaam: 'WMO301.xml', bytes }),
        crossRefnummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
      }),
    );
    expect(du01.kind === 'Du01' && du01.payload).toEqual({ kind: 'tekst', bestandsnaam: 'WMO301.xml', bytes });
  });
});
