import { describe, expect, it } from 'vitest';
import type { Finding } from '../../domain/messages/findings.ts';
import type { Standard } from '../../domain/messages/message-codes.ts';
import { allTables, catalogue } from '../../validation/rules/registry.ts';
import type { Check, MessageRuleTable, RuleDefinition } from '../../validation/rules/types.ts';
import { humanLines, jsonLine } from '../../validation/report.ts';
import { ruleOverview, rulesHuman, rulesJson } from '../../validation/rules-report.ts';
import type { FileResult } from '../../validation/validator.ts';
import { runValidate } from '../helpers/istandaarden.ts';

// What `npm run validate` prints: the findings of a file (human and --json) and, with --rules, the
// rule tables. The rule tables are being filled, so the layout is tested on small tables of our
// own; the real registry only has to be complete and consistent.

const bsn: Finding = {
  code: 'CS002',
  severity: 'fout',
  location: '/Bericht/Client/Bsn',
  line: 19,
  message: 'Het BSN voldoet niet aan de 11-proef.',
  rule: 'De waarde moet voldoen aan de 11-proef.',
  retourcode: '0001',
};
const bsn2: Finding = { ...bsn, location: '/Bericht/Client[2]/Bsn', line: 240 };
const refusal: Finding = {
  code: 'IB004',
  severity: 'fout',
  location: '/',
  line: null,
  message: 'Onbekend bericht.',
  rule: 'Onbekend bericht.',
  retourcode: null,
};
const warning: Finding = {
  ...bsn,
  code: 'TR002',
  severity: 'waarschuwing',
  message: 'Geboortedatum 01-01-1890 ligt meer dan 120 jaar voor de Dagtekening.',
  rule: 'Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen.',
  retourcode: null,
};

const result = (findings: Finding[], messageCode: string | null = 'WMO301'): FileResult => ({
  name: 'x',
  valid: findings.length === 0,
  messageCode,
  findings,
  schemaBy: 'streaming',
});

describe('npm run validate: the findings of a file', () => {
  it('prints code, severity, location with line, the message with its retourcode, and the rule text once per code', () => {
    const text = humanLines('a.xml', result([bsn, bsn2, warning]));
    expect(text.split('\n')).toEqual([
      'ONGELDIG  WMO301  a.xml',
      '    CS002       fout         /Bericht/Client/Bsn, regel 19',
      '                Het BSN voldoet niet aan de 11-proef. (retourcode 0001)',
      '                Validatieregel CS002: De waarde moet voldoen aan de 11-proef.',
      '    CS002       fout         /Bericht/Client[2]/Bsn, regel 240',
      '                Het BSN voldoet niet aan de 11-proef. (retourcode 0001)',
      '    TR002       waarschuwing /Bericht/Client/Bsn, regel 19',
      '                Geboortedatum 01-01-1890 ligt meer dan 120 jaar voor de Dagtekening.',
      '                Validatieregel TR002: Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen.',
    ]);
  });

  it('leaves out a rule text that only repeats the message, and a line that is not known', () => {
    expect(humanLines('b.xml', result([refusal], null)).split('\n')).toEqual([
      'ONGELDIG  -       b.xml',
      '    IB004       fout         /',
      '                Onbekend bericht.',
    ]);
    expect(humanLines('c.xml', result([]))).toBe('GELDIG    WMO301  c.xml');
  });

  it('--json keeps file, valid, messageCode and errors, and gives each error severity, line and rule', () => {
    expect(JSON.parse(jsonLine('a.xml', result([bsn, refusal])))).toEqual({
      file: 'a.xml',
      valid: false,
      messageCode: 'WMO301',
      errors: [
        {
          code: 'CS002',
          severity: 'fout',
          location: '/Bericht/Client/Bsn',
          line: 19,
          message: 'Het BSN voldoet niet aan de 11-proef.',
          rule: 'De waarde moet voldoen aan de 11-proef.',
          retourcode: '0001',
        },
        {
          code: 'IB004',
          severity: 'fout',
          location: '/',
          line: null,
          message: 'Onbekend bericht.',
          rule: 'Onbekend bericht.',
          retourcode: null,
        },
      ],
    });
  });
});

const definition = (code: string, text: string): RuleDefinition => ({
  code,
  kind: code.slice(0, 2) as RuleDefinition['kind'],
  text,
  retourcode: '0001',
  severity: 'fout',
});
const CATALOGUE: Record<Standard, ReadonlyMap<string, RuleDefinition>> = {
  iwmo: new Map([
    ['CS002', definition('CS002', 'De waarde moet voldoen aan de 11-proef.')],
    ['TR018', definition('TR018', 'Einddatum moet groter dan of gelijk zijn aan Begindatum.')],
    ['TR063', definition('TR063', 'Er moet een eerdere aanlevering zijn.')],
    ['CD005', definition('CD005', 'Als Postcode gevuld is, dan verplicht vullen.')],
  ]),
  ijw: new Map(),
};
const check = (code: string): Check => ({ kind: 'element', code, context: 'Bsn', check: () => undefined });
const table = (
  message: MessageRuleTable['message'],
  checks: string[],
  notChecked: [string, string][],
): MessageRuleTable => ({
  standard: 'iwmo',
  message,
  release: 'iWmo 3.2, testregels',
  checks: checks.map(check),
  notChecked: notChecked.map(([code, reason]) => ({ code, reason })),
});
const TABLES = [
  table('305', ['TR018'], [['TR063', 'Berichtoverstijgend.']]),
  table(
    '301',
    ['CS002', 'CS002', 'TR018'],
    [
      ['TR063', 'Vergt eerdere berichten.'],
      ['TR999', 'Onbekend.'],
    ],
  ),
];

describe('npm run validate -- --rules', () => {
  it('lists per message type every code once, checked or not with the reason, its kind, the release and the official text', () => {
    const lines = rulesHuman(ruleOverview(TABLES, (s) => CATALOGUE[s])).split('\n');
    const wmo301 = lines.slice(0, lines.indexOf(''));
    expect(wmo301).toEqual([
      'WMO301 Toewijzing',
      '  Release: iWmo 3.2, testregels',
      '  CS002  CS  gecontroleerd      De waarde moet voldoen aan de 11-proef.',
      '  TR018  TR  gecontroleerd      Einddatum moet groter dan of gelijk zijn aan Begindatum.',
      '  TR063  TR  niet gecontroleerd Er moet een eerdere aanlevering zijn.',
      '                                Reden: Vergt eerdere berichten.',
      '  TR999  TR  niet gecontroleerd (niet in de catalogus)',
      '                                Reden: Onbekend.',
      '  WMO301: 2 gecontroleerd, 2 niet gecontroleerd.',
    ]);
    expect(lines).toContain('WMO305 Start levering');
    expect(lines).toContain('iJw: geen regeltabellen.');
  });

  it('ends with distinct totals per standard, naming the catalogue codes no table mentions', () => {
    const overview = ruleOverview(TABLES, (s) => CATALOGUE[s]);
    expect(overview.standards[0]!.totals).toEqual({ checked: 2, notChecked: 3, inNoTable: ['CD005'] });
    const text = rulesHuman(overview);
    expect(text).toContain(
      'Totaal iWmo: 2 codes gecontroleerd, 3 niet gecontroleerd.\n  In geen tabel genoemd (zonder reden): CD005.',
    );
    expect(text.endsWith('Totaal iJw: 0 codes gecontroleerd, 0 niet gecontroleerd.')).toBe(true);
  });

  it('--json gives the same overview as one object', () => {
    const overview = ruleOverview(TABLES, (s) => CATALOGUE[s]);
    const json = JSON.parse(rulesJson(overview)) as typeof overview;
    expect(json.standards[0]!.tables.map((t) => t.messageCode)).toEqual(['WMO301', 'WMO305']);
    expect(json.standards[0]!.tables[0]!.rules[2]).toEqual({
      code: 'TR063',
      kind: 'TR',
      checked: false,
      reason: 'Vergt eerdere berichten.',
      text: 'Er moet een eerdere aanlevering zijn.',
      severity: 'fout',
      retourcode: '0001',
    });
    expect(rulesJson(overview)).not.toContain('\n');
  });

  it('covers every table of the registry, and every code it names has the official text', () => {
    const overview = ruleOverview();
    expect(overview.standards.flatMap((s) => s.tables)).toHaveLength(allTables().length);
    for (const s of overview.standards) {
      for (const t of s.tables)
        for (const r of t.rules)
          expect(r.text, `${t.messageCode} ${r.code}`).toBe(catalogue(s.standard).get(r.code)?.text);
    }
  });

  it(
    'runs as a command without files or schema directory, and says so when files are given',
    { timeout: 60_000 },
    async () => {
      const env = { ...process.env, ISTANDAARDEN_SCHEMA_DIR: '' };
      const [human, json, withFile] = await Promise.all([
        runValidate(['--rules'], env),
        runValidate(['--rules', '--json'], env),
        runValidate(['--rules', 'a.xml'], env),
      ]);
      expect([human.exitCode, json.exitCode, withFile.exitCode]).toEqual([0, 0, 2]);
      expect(human.stdout).toMatch(/^WMO301 Toewijzing$/m);
      expect(human.stdout).toMatch(/^Totaal iJw: \d+ codes? gecontroleerd, \d+ niet gecontroleerd\.$/m);
      expect((JSON.parse(json.stdout) as ReturnType<typeof ruleOverview>).standards.map((s) => s.standard)).toEqual([
        'iwmo',
        'ijw',
      ]);
      expect(withFile.stderr).toContain('--rules takes no files');
    },
  );
});
