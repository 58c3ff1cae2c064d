import { describe, expect, it } from 'vitest';
import { checkMessage, MAX_FINDINGS_PER_CODE } from '../../validation/check-message.ts';
import { El, normalizeSpace } from '../../validation/rules/element.ts';
import { RuleEvaluator } from '../../validation/rules/evaluator.ts';
import { noOverlap, periodsOverlap } from '../../validation/rules/checks/sets.ts';
import { implication, same, empty } from '../../validation/rules/checks/xslt.ts';
import type { MessageRuleTable } from '../../validation/rules/types.ts';
import { addMonths, dateOf, lastOfMonth, matchesPattern, testValue } from '../../validation/rules/values.ts';
import { localName, readXml } from '../../domain/messages/xml-reader.ts';

const leaf = (name: string, text: string, parent?: El): El => {
  const el = new El(name, parent, 0);
  el.text = text;
  return el;
};

describe('the XSLT value tests (testvalue)', () => {
  const filled = leaf('Code', ' 01 ');
  const blank = leaf('Code', '  ');
  it.each([
    ['', undefined, true],
    ['', blank, true],
    ['', filled, false],
    ['*', filled, true],
    ['*', blank, false],
    ['*', undefined, false],
    ['#', blank, true],
    ['#', undefined, false],
    ['01,03', filled, true],
    ['02,03', filled, false],
    ['!02,03', filled, true],
    ['!*', undefined, true],
    ['!#', blank, false],
  ] as const)('%j on %o is %s', (spec, el, expected) => {
    expect(testValue(el, spec)).toBe(expected);
  });

  it('matches position patterns like the XSLT patternmatch (a Dutch postcode is #1000AA)', () => {
    expect(matchesPattern('1234AB', '1000AA')).toBe(true);
    expect(matchesPattern('0234AB', '1000AA')).toBe(false);
    expect(matchesPattern('1234ab', '1000AA')).toBe(false);
    expect(matchesPattern('1234A', '1000AA')).toBe(false);
    expect(matchesPattern('A.B', 'A\\.B')).toBe(true);
    expect(matchesPattern('AxB', 'A\\.B')).toBe(false);
  });
});

describe('normalize-space', () => {
  // The definition the fast path must agree with: trim, then collapse runs of XML white space.
  const byDefinition = (text: string): string => text.trim().replace(/[\t\n\r ]+/g, ' ');
  it.each([
    '',
    ' ',
    '01',
    ' 01 ',
    'a b',
    'a  b',
    'a\tb',
    'a\nb',
    'a\r\nb',
    '\u00a0x',
    'x\u00a0',
    'a\u00a0 b',
    'a\vb',
    'Jan van Dijk',
    '\u3000',
  ])('%j', (text) => expect(normalizeSpace(text)).toBe(byDefinition(text)));
});

describe('dates', () => {
  it('knows real dates only', () => {
    expect(dateOf('2024-02-29')).toBe('2024-02-29');
    expect(dateOf('2023-02-29')).toBeUndefined();
    expect(dateOf('1900-02-29')).toBeUndefined(); // a century is no leap year …
    expect(dateOf('2000-02-29')).toBe('2000-02-29'); // … unless it divides by 400
    expect(dateOf('2023-04-31')).toBeUndefined();
    expect(dateOf('2023-13-01')).toBeUndefined();
    expect(dateOf('2023-00-10')).toBeUndefined();
    expect(dateOf(' 2023-12-31 ')).toBe('2023-12-31');
    expect(dateOf('01-01-2023')).toBeUndefined();
    expect(dateOf('2023-1a-01')).toBeUndefined();
    expect(dateOf('2023/12/31')).toBeUndefined();
    expect(dateOf('\u00a02023-12-31\u00a0')).toBe('2023-12-31');
    expect(dateOf('0000-01-01')).toBe('0000-01-01');
  });
  it('adds months keeping the day where the month has it', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2023-11-15', 3)).toBe('2024-02-15');
    expect(addMonths('2023-03-15', -3)).toBe('2022-12-15');
    expect(lastOfMonth('2024-02-10')).toBe('2024-02-29');
  });
  it('sees overlapping periods the way isPeriodOverlay does, open ends included', () => {
    expect(periodsOverlap({ begin: '2023-01-01', end: '2023-01-31' }, { begin: '2023-02-01', end: undefined })).toBe(
      false,
    );
    expect(periodsOverlap({ begin: '2023-01-01', end: '2023-02-01' }, { begin: '2023-02-01', end: undefined })).toBe(
      true,
    );
    expect(periodsOverlap({ begin: '2023-01-01', end: undefined }, { begin: '2022-01-01', end: undefined })).toBe(true);
  });
});

/** Runs a table over a small message the way checkMessage does. */
function run(table: MessageRuleTable, xml: string) {
  const evaluator = new RuleEvaluator(table, { standard: 'iwmo', number: '301', code: 'WMO301' });
  readXml(xml, {
    start: (q, pos) => void evaluator.start(localName(q), pos),
    text: (t) => evaluator.text(t),
    end: () => evaluator.end(),
  });
  return evaluator.finish().map((v) => [v.code, v.at.xpath(), v.detail]);
}
const table = (checks: MessageRuleTable['checks']): MessageRuleTable => ({
  standard: 'iwmo',
  message: '301',
  release: 'test',
  checks,
  notChecked: [],
});

describe('the rule evaluator', () => {
  it('runs implication, same and empty like the XSLT templates, located at the first element involved', () => {
    const checks = table([
      implication('CD041', 'ToegewezenProduct', { this: 'Product/Code', value1: '*', other: 'Omvang', value2: '#' }),
      same('CD043', 'ToegewezenProduct', { this: 'A', value1: '*', other: 'B', value2: '*' }),
      empty('CD005', 'Adres/Postcode', { other: '../LandCode' }),
    ]);
    const xml =
      '<Bericht><Client><ToegewezenProducten><ToegewezenProduct><Product><Code>01A</Code></Product><A>x</A></ToegewezenProduct><ToegewezenProduct><Omvang/><A>x</A><B>y</B></ToegewezenProduct></ToegewezenProducten><Adres><Postcode>1234AB</Postcode></Adres></Client></Bericht>';
    expect(run(checks, xml)).toEqual([
      ['CD041', '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Product/Code', undefined],
      ['CD043', '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/A', undefined],
      ['CD005', '/Bericht/Client/Adres/Postcode', undefined],
    ]);
  });

  it('forgets a record once it is checked: memory follows the largest record, not the file', () => {
    const seen: El[] = [];
    const checks = table([
      { kind: 'element', code: 'X', context: 'ToegewezenProduct', check: (el) => void seen.push(el) },
    ]);
    const products = Array.from(
      { length: 50 },
      (_, i) => `<ToegewezenProduct><Nummer>${i}</Nummer></ToegewezenProduct>`,
    ).join('');
    run(checks, `<Bericht><Client><ToegewezenProducten>${products}</ToegewezenProducten></Client></Bericht>`);
    expect(seen).toHaveLength(50);
    expect(seen.every((el) => el.children.length === 0)).toBe(true);
    expect(seen[0]!.parent!.children).toHaveLength(0);
    expect(seen[49]!.xpath()).toBe('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[50]');
  });

  it('checks a set of records when its scope ends: overlapping periods of the same product', () => {
    const checks = table([
      noOverlap('TR302', 'ToegewezenProduct', 'Client', {
        key: (el) => el.value('Code'),
        begin: 'Ingangsdatum',
        end: 'Einddatum',
      }),
    ]);
    const product = (code: string, from: string, to?: string) =>
      `<ToegewezenProduct><Code>${code}</Code><Ingangsdatum>${from}</Ingangsdatum>${to ? `<Einddatum>${to}</Einddatum>` : ''}</ToegewezenProduct>`;
    const xml = `<Bericht><Client><ToegewezenProducten>${product('A', '2023-01-01', '2023-06-30')}${product('A', '2023-07-01')}${product('B', '2023-01-01')}${product('A', '2023-03-01', '2023-03-31')}</ToegewezenProducten></Client></Bericht>`;
    expect(run(checks, xml)).toEqual([
      [
        'TR302',
        '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[4]',
        'De periode overlapt met die van hetzelfde product op /Bericht/Client/ToegewezenProducten/ToegewezenProduct[1].',
      ],
    ]);
  });
});

describe('findings of a large file', () => {
  it(`lists at most ${MAX_FINDINGS_PER_CODE} per code and counts the rest`, () => {
    const n = MAX_FINDINGS_PER_CODE + 5;
    const clients = Array.from({ length: n }, () => '<m:Client><m:Bsn>123456789</m:Bsn></m:Client>').join('\n');
    const xml = `<m:Bericht xmlns:m="http://www.istandaarden.nl/iwmo/3_2/wmo305/schema"><m:Header/>\n${clients}</m:Bericht>`;
    const { findings } = checkMessage(Buffer.from(xml));
    const cs002 = findings.filter((f) => f.code === 'CS002');
    expect(cs002).toHaveLength(MAX_FINDINGS_PER_CODE + 1);
    expect(cs002[0]).toMatchObject({ location: '/Bericht/Client[1]/Bsn', line: 2 });
    expect(cs002.at(-1)).toMatchObject({ location: '/', message: expect.stringContaining('Nog 5 keer gevonden') });
  });
});
