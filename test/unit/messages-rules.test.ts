import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../validation/check-message.ts';

// The single-message rules on small hand-written messages: only the elements a rule looks at, so
// these are not XSD-valid (the rules never need them to be).

const BASIS: Record<string, string> = {
  wmo: 'http://www.istandaarden.nl/iwmo/3_2/basisschema/schema',
  jw: 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema',
};

/**
 * `<m:Bericht>` of message `code` (e.g. WMO301) with a header carrying `dagtekening`, then `body` (unprefixed names get
 * `m:`).
 */
function message(code: string, body: string, dagtekening = '2023-08-13'): Uint8Array {
  const [, prefix, number] = /^(WMO|JW)(\d{3})$/.exec(code)!;
  const std = prefix!.toLowerCase();
  const ns = `http://www.istandaarden.nl/${std === 'wmo' ? 'iwmo' : 'ijw'}/3_2/${std}${number}/schema`;
  const qualified = body.replace(/<(\/?)(?![a-z]+:)([A-Z]\w*)/g, '<$1m:$2');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<m:Bericht xmlns:m="${ns}" xmlns:b="${BASIS[std]}"><m:Header><m:BerichtIdentificatie><b:Identificatie>1</b:Identificatie><b:Dagtekening>${dagtekening}</b:Dagtekening></m:BerichtIdentificatie></m:Header>${qualified}</m:Bericht>`,
  );
}

/**
 * The rules these tests are about. The hand-written messages leave out what other rules (CD079's
 * Product, for one) require, so findings of other codes are left to the corpus test, which runs
 * every rule on XSD-valid messages.
 */
const UNDER_TEST = new Set(['IB004', 'CS002', 'CS003', 'TR018', 'TR101', 'TR134', 'TR137']);
const findingsOf = (bytes: Uint8Array) => checkMessage(bytes).findings.filter((f) => UNDER_TEST.has(f.code));
const found = (bytes: Uint8Array) => findingsOf(bytes).map((f) => [f.code, f.location]);

describe('message detection', () => {
  it('reads the message from the namespace of the root element', () => {
    expect(checkMessage(message('WMO301', '<Client/>')).message).toEqual({
      standard: 'iwmo',
      number: '301',
      code: 'WMO301',
    });
    expect(checkMessage(message('JW325', '<Client/>')).message).toEqual({
      standard: 'ijw',
      number: '325',
      code: 'JW325',
    });
  });

  it.each([
    ['<m:Bericht xmlns:m="http://www.istandaarden.nl/iwmo/3_2/wmo399/schema"/>', 'an unknown message number'],
    ['<m:Bericht xmlns:m="http://www.istandaarden.nl/iwmo/3_1/wmo301/schema"/>', 'another release'],
    ['<m:Bericht xmlns:m="http://www.istandaarden.nl/iwmo/3_2/jw301/schema"/>', 'a Jw message in the Wmo namespace'],
    ['<Bericht/>', 'no namespace'],
    ['<m:Bericht/>', 'an undeclared prefix'],
    ['<m:Toewijzing xmlns:m="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"/>', 'another root element'],
  ])('calls %s unknown (%s)', (xml) => {
    const check = checkMessage(Buffer.from(xml));
    expect(check).toMatchObject({ message: undefined, readable: false });
    expect(check.findings.map((f) => f.code)).toEqual(['IB004']);
  });
});

describe('CS002: 11-proef on every Bsn', () => {
  it('reports each failing Bsn at its own location, with retourcode 0001 and without the number', () => {
    const findings = findingsOf(
      message(
        'WMO323',
        '<Clienten><Client><Bsn>999900006</Bsn></Client><Client><Bsn>123456789</Bsn></Client></Clienten>',
      ),
    );
    expect(findings).toEqual([
      {
        code: 'CS002',
        severity: 'fout',
        location: '/Bericht/Clienten/Client[2]/Bsn',
        line: 2,
        message: 'Het BSN voldoet niet aan de 11-proef.',
        rule: 'De waarde moet voldoen aan de 11-proef.',
        retourcode: '0001',
      },
    ]);
  });

  it('leaves a Bsn that is not nine digits to the XSD', () => {
    expect(found(message('WMO301', '<Client><Bsn>12345678</Bsn></Client>'))).toEqual([]);
  });

  it('does not check retour messages: they echo the sender’s values', () => {
    expect(found(message('WMO302', '<Client><Bsn>123456789</Bsn></Client>'))).toEqual([]);
  });
});

describe('end not before begin (CS003, TR018, TR137)', () => {
  let nummer = 0; // every product its own ToewijzingNummer, or TR101 would speak up
  const product = (ingang: string, eind?: string) =>
    `<ToegewezenProduct><ToewijzingNummer>${++nummer}</ToewijzingNummer><Ingangsdatum>${ingang}</Ingangsdatum>${eind ? `<Einddatum>${eind}</Einddatum>` : ''}</ToegewezenProduct>`;

  it('CS003 for a ToegewezenProduct ending before its Ingangsdatum; the same day is fine', () => {
    const body = `<Client><ToegewezenProducten>${product('2023-01-01', '2022-12-31')}${product('2023-01-01', '2023-01-01')}${product('2023-01-01')}</ToegewezenProducten></Client>`;
    expect(found(message('WMO301', body))).toEqual([
      ['CS003', '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum'],
    ]);
  });

  it('CS003 in JW317 for a NieuwProduct (as the official XSLT reports for the JW317 example)', () => {
    const body =
      '<Client><Verzoek><NieuweProducten><NieuwProduct><GewensteIngangsdatum>2026-11-01</GewensteIngangsdatum><Einddatum>2024-02-28</Einddatum></NieuwProduct></NieuweProducten></Verzoek></Client>';
    const findings = findingsOf(message('JW317', body, '2026-01-02'));
    expect(findings.map((f) => [f.code, f.location, f.message])).toEqual([
      [
        'CS003',
        '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum',
        'Einddatum 28-02-2024 ligt voor GewensteIngangsdatum (01-11-2026).',
      ],
    ]);
  });

  it('CS003 when Einddatum is there but Begindatum is not (XSLT checkafter)', () => {
    const body =
      '<Client><Contactgegevens><Contact><Periode><b:Einddatum>2023-01-01</b:Einddatum></Periode></Contact></Contactgegevens></Client>';
    expect(found(message('WMO301', body))).toEqual([
      ['CS003', '/Bericht/Client/Contactgegevens/Contact/Periode/Einddatum'],
    ]);
  });

  it('TR018 for a StopProduct in WMO307 and JW307, not for the same element elsewhere', () => {
    const stop =
      '<Client><StopProducten><StopProduct><Begindatum>2025-04-15</Begindatum><Einddatum>2025-04-10</Einddatum></StopProduct></StopProducten></Client>';
    expect(found(message('WMO307', stop, '2025-07-21'))).toEqual([
      ['TR018', '/Bericht/Client/StopProducten/StopProduct/Einddatum'],
    ]);
    expect(found(message('JW307', stop, '2025-07-21'))).toEqual([
      ['TR018', '/Bericht/Client/StopProducten/StopProduct/Einddatum'],
    ]);
    expect(found(message('WMO305', stop, '2025-07-21'))).toEqual([]);
  });

  it('TR137 for a ProductPeriode ending before it begins or after the Dagtekening', () => {
    const periode = (begin: string, eind: string) =>
      `<Prestatie><ProductReferentie><b:ReferentieNummer>${begin}${eind}</b:ReferentieNummer></ProductReferentie><ProductPeriode><b:Begindatum>${begin}</b:Begindatum><b:Einddatum>${eind}</b:Einddatum></ProductPeriode></Prestatie>`;
    const body = `<Clienten><Client><Prestaties>${periode('2023-05-01', '2023-04-30')}${periode('2023-07-01', '2023-08-14')}${periode('2023-07-01', '2023-07-31')}</Prestaties></Client></Clienten>`;
    expect(found(message('WMO325', body, '2023-08-13'))).toEqual([
      ['TR137', '/Bericht/Clienten/Client/Prestaties/Prestatie[1]/ProductPeriode/Einddatum'],
      ['TR137', '/Bericht/Clienten/Client/Prestaties/Prestatie[2]/ProductPeriode/Einddatum'],
    ]);
  });

  it('leaves dates that are no dates to the XSD', () => {
    const body = `<Client><ToegewezenProducten>${product('2023-02-30', '2023-01-01')}${product('01-01-2023', '2022-01-01')}</ToegewezenProducten></Client>`;
    expect(found(message('WMO301', body))).toEqual([]);
  });
});

describe('TR134: not after the Dagtekening', () => {
  it('reports a Toewijzingsdatum and a Geboortedatum after the Dagtekening; the Dagtekening itself is fine', () => {
    const body =
      '<Client><Geboortedatum><b:Datum>2023-08-14</b:Datum></Geboortedatum><ToegewezenProducten><ToegewezenProduct><ToewijzingNummer>1</ToewijzingNummer><Toewijzingsdatum>2023-08-13</Toewijzingsdatum></ToegewezenProduct><ToegewezenProduct><ToewijzingNummer>2</ToewijzingNummer><Toewijzingsdatum>2023-09-01</Toewijzingsdatum></ToegewezenProduct></ToegewezenProducten></Client>';
    const findings = findingsOf(message('WMO301', body, '2023-08-13'));
    expect(findings.map((f) => [f.code, f.location, f.message])).toEqual([
      [
        'TR134',
        '/Bericht/Client/Geboortedatum/Datum',
        'Datum 14-08-2023 ligt na de Dagtekening van het bericht (13-08-2023).',
      ],
      [
        'TR134',
        '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Toewijzingsdatum',
        'Toewijzingsdatum 01-09-2023 ligt na de Dagtekening van het bericht (13-08-2023).',
      ],
    ]);
  });

  it('says nothing when the Dagtekening is not a date (that is an XSD error)', () => {
    expect(
      found(
        message(
          'WMO301',
          '<Client><ToegewezenProducten><ToegewezenProduct><Toewijzingsdatum>2023-09-01</Toewijzingsdatum></ToegewezenProduct></ToegewezenProducten></Client>',
          '2023-02-30',
        ),
      ),
    ).toEqual([]);
  });
});

describe('TR101: no duplicate lines', () => {
  const product = (nummer: string, commentaar = '') =>
    `<ToegewezenProduct><ToewijzingNummer>${nummer}</ToewijzingNummer><Commentaar>${commentaar}</Commentaar></ToegewezenProduct>`;

  it('reports a duplicate key once, on its last line, naming the first', () => {
    const body = `<Client><ToegewezenProducten>${product('101')}${product('102')}${product('101', 'anders')}${product('101')}</ToegewezenProducten></Client>`;
    const findings = findingsOf(message('WMO301', body));
    expect(findings.map((f) => [f.code, f.location, f.message])).toEqual([
      [
        'TR101',
        '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[4]',
        'ToegewezenProduct komt 3 keer voor met dezelfde sleutel (ToewijzingNummer); de eerste staat op /Bericht/Client/ToegewezenProducten/ToegewezenProduct[1].',
      ],
    ]);
  });

  it('compares the whole key, grandchildren included, and only among siblings', () => {
    const prestatie = (ref: string, vorig?: string) =>
      `<Prestatie><ProductReferentie><b:ReferentieNummer>${ref}</b:ReferentieNummer>${vorig ? `<b:VorigReferentieNummer>${vorig}</b:VorigReferentieNummer>` : ''}</ProductReferentie></Prestatie>`;
    const client = (bsn: string, prestaties: string) =>
      `<Client><Bsn>${bsn}</Bsn><Prestaties>${prestaties}</Prestaties></Client>`;
    const body = `<Clienten>${client('999900006', prestatie('RN1') + prestatie('RN1', 'RN0'))}${client('111222333', prestatie('RN1') + prestatie('RN2') + prestatie('RN2'))}</Clienten>`;
    expect(found(message('JW323', body))).toEqual([['TR101', '/Bericht/Clienten/Client[2]/Prestaties/Prestatie[3]']]);
  });

  it('treats a missing key element as equal only to another missing one', () => {
    const start = (categorie?: string) =>
      `<StartProduct><Begindatum>2023-01-01</Begindatum><Product>${categorie ? `<b:Categorie>${categorie}</b:Categorie>` : ''}</Product></StartProduct>`;
    const body = `<Client><StartProducten>${start('01')}${start()}${start()}</StartProducten></Client>`;
    expect(found(message('WMO305', body))).toEqual([['TR101', '/Bericht/Client/StartProducten/StartProduct[3]']]);
  });

  it('finds duplicate clients by Bsn in a declaratie', () => {
    const body = '<Clienten><Client><Bsn>999900006</Bsn></Client><Client><Bsn>999900006</Bsn></Client></Clienten>';
    expect(found(message('WMO323', body))).toEqual([['TR101', '/Bericht/Clienten/Client[2]']]);
  });
});
