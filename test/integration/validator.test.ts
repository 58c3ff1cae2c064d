import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleText,
  examples,
  istandaardenDir,
  requireXmllint,
  runValidate,
  xmllintValidates,
  type JsonVerdict,
} from '../helpers/istandaarden.ts';

// `npm run validate` as a user runs it (a child process, `--json`), against the official XSDs and
// examples in ../shared/istandaarden and the real xmllint.

/**
 * The official validation XSLT finds these in the examples (the JW examples have no Fout
 * except JW317 (CS003) and JW323 (TR101); WMO317 asks for a change from its own Dagtekening,
 * while TR380 wants a later date). Their XSD verdict is xmllint's; the rule finding makes them
 * invalid as a whole.
 */
const OFFICIAL_RULE_FINDINGS: Record<string, string[]> = { WMO317: ['TR380'], JW317: ['CS003'], JW323: ['TR101'] };

const xsdErrors = (verdict: JsonVerdict) => verdict.errors.filter((e) => e.code === 'XSD');
const ruleCodes = (verdict: JsonVerdict) => verdict.errors.filter((e) => e.code !== 'XSD').map((e) => e.code);

describe('npm run validate on the official examples', () => {
  beforeAll(() => requireXmllint());

  it(
    'agrees with xmllint --noout --schema on every example, and adds only the official XSLT rule findings',
    { timeout: 180_000 },
    async () => {
      const all = examples();
      expect(all).toHaveLength(28);
      const run = await runValidate(['--json', '--schemas', istandaardenDir(), ...all.map((e) => e.file)]);
      expect(run.stderr).toBe('');
      expect(run.verdicts.map((v) => v.file)).toEqual(all.map((e) => e.file));

      for (const [i, example] of all.entries()) {
        const verdict = run.verdicts[i]!;
        const xmllint = xmllintValidates(example.xsd, example.file);
        const expectedRules = OFFICIAL_RULE_FINDINGS[example.code] ?? [];
        expect(verdict.messageCode, example.code).toBe(example.code);
        expect(xsdErrors(verdict).length === 0, `${example.code}: XSD verdict as xmllint (${xmllint})`).toBe(xmllint);
        expect(ruleCodes(verdict), `${example.code}: rule findings`).toEqual(expectedRules);
        expect(verdict.valid, `${example.code}: overall verdict`).toBe(xmllint && expectedRules.length === 0);
      }
      // As published, two examples are invalid (istandaarden/README.md).
      const invalidByXmllint = all.filter((e) => !xmllintValidates(e.xsd, e.file)).map((e) => e.code);
      expect(invalidByXmllint).toEqual(['JW315', 'JW318']);
      expect(run.exitCode).toBe(1);
    },
  );
});

const xsdOf = (code: string): string => examples().find((e) => e.code === code)!.xsd;

describe('npm run validate on mutated examples', () => {
  beforeAll(() => requireXmllint());
  const dir = mkdtempSync(join(tmpdir(), 'pz-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Applies a change that must match: a mutation that silently does nothing would prove nothing. */
  function mutate(code: string, pattern: RegExp | string, replacement: string): string {
    const text = exampleText(code);
    const changed = text.replace(pattern, replacement);
    if (changed === text) throw new Error(`mutation of ${code} did not apply: ${String(pattern)}`);
    return changed;
  }

  const cases: {
    name: string;
    content: () => string | Buffer;
    code: string;
    location: string;
    xmllint?: boolean;
    messageCode?: string | null;
  }[] = [
    {
      name: 'bsn-elfproef',
      content: () => mutate('WMO301', '<wmo301:Bsn>999900006<', '<wmo301:Bsn>123456789<'),
      code: 'CS002',
      location: '/Bericht/Client/Bsn',
      xmllint: true,
    },
    {
      name: 'impossible-date',
      content: () => mutate('WMO301', '<wmo301:Ingangsdatum>2023-01-01<', '<wmo301:Ingangsdatum>2023-02-30<'),
      code: 'XSD',
      location: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Ingangsdatum',
      xmllint: false,
    },
    {
      name: 'einddatum-before-begindatum',
      content: () =>
        mutate(
          'WMO307',
          /(<wmo307:Begindatum>2025-04-15<\/wmo307:Begindatum>[\s\S]*?<wmo307:Einddatum>)2025-07-18/,
          '$12025-04-10',
        ),
      code: 'TR018',
      location: '/Bericht/Client/StopProducten/StopProduct[2]/Einddatum',
      xmllint: true,
    },
    {
      name: 'einddatum-before-ingangsdatum',
      content: () => mutate('WMO301', '<wmo301:Einddatum>2023-12-31<', '<wmo301:Einddatum>2022-12-31<'),
      code: 'CS003',
      location: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Einddatum',
      xmllint: true,
    },
    {
      name: 'missing-required-element',
      content: () => mutate('WMO301', /<wmo301:Bsn>999900006<\/wmo301:Bsn>\r?\n/, ''),
      code: 'XSD',
      location: '/Bericht/Client/Geboortedatum',
      xmllint: false,
    },
    {
      name: 'toewijzingsdatum-after-dagtekening',
      content: () => mutate('WMO301', '<wmo301:Toewijzingsdatum>2023-08-13<', '<wmo301:Toewijzingsdatum>2023-09-01<'),
      code: 'TR134',
      location: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Toewijzingsdatum',
      xmllint: true,
    },
    {
      name: 'duplicate-line',
      content: () =>
        mutate('WMO301', /(\t\t\t<wmo301:ToegewezenProduct>[\s\S]*?<\/wmo301:ToegewezenProduct>\r?\n)/, '$1$1'),
      code: 'TR101',
      location: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]',
      xmllint: true,
    },
    {
      name: 'wrong-namespace',
      content: () => mutate('WMO301', /iwmo\/3_2\/wmo301\/schema/g, 'iwmo/3_2/wmo399/schema'),
      code: 'IB004',
      location: '/',
      xmllint: false,
      messageCode: null,
    },
    {
      name: 'older-release',
      content: () => mutate('WMO301', /iwmo\/3_2\/wmo301\/schema/g, 'iwmo/3_1/wmo301/schema'),
      code: 'IB004',
      location: '/',
      xmllint: false,
      messageCode: null,
    },
    {
      name: 'xxe',
      content: () =>
        mutate(
          'WMO301',
          /<wmo301:Bericht /,
          '<!DOCTYPE wmo301:Bericht [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<wmo301:Bericht ',
        ).replace('Client commentaar', '&xxe;'),
      code: 'PZ-DTD',
      location: '/',
      messageCode: null,
    },
    {
      name: 'billion-laughs',
      content: () =>
        `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}\n]>\n<lolz>&lol9;</lolz>\n`,
      code: 'PZ-DTD',
      location: '/',
      messageCode: null,
    },
    {
      name: 'bom',
      content: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(exampleText('WMO301'))]),
      code: 'PZ-BOM',
      location: '/',
      messageCode: null,
    },
  ];

  it('rejects each with the right code at the right place', { timeout: 180_000 }, async () => {
    const files = cases.map((c) => {
      const file = join(dir, `${c.name}.xml`);
      writeFileSync(file, c.content());
      return file;
    });
    const run = await runValidate(['--json', '--schemas', istandaardenDir(), ...files]);
    expect(run.exitCode).toBe(1);
    for (const [i, c] of cases.entries()) {
      const verdict = run.verdicts[i]!;
      expect(verdict.file).toBe(files[i]);
      expect(verdict.valid, c.name).toBe(false);
      expect(
        verdict.errors.map((e) => [e.code, e.location]),
        c.name,
      ).toContainEqual([c.code, c.location]);
      if (c.messageCode !== undefined) expect(verdict.messageCode, c.name).toBe(c.messageCode);
      // What xmllint says of the same file against the original message's XSD: rule findings are XSD-valid.
      if (c.xmllint !== undefined)
        expect(
          xmllintValidates(xsdOf(c.name === 'einddatum-before-begindatum' ? 'WMO307' : 'WMO301'), files[i]!),
          `${c.name}: xmllint`,
        ).toBe(c.xmllint);
    }
    // Refused files never reached the schema: their only finding is the refusal.
    for (const name of ['xxe', 'billion-laughs', 'bom'])
      expect(run.verdicts[cases.findIndex((c) => c.name === name)]!.errors).toHaveLength(1);
    expect(run.stdout).not.toContain('root:');
    const bsn = run.verdicts[0]!.errors[0]!;
    expect(bsn.retourcode).toBe('0001');
    expect(bsn.message).not.toContain('123456789');
  });
});

describe('npm run validate as a command', () => {
  it(
    'takes the schema directory from ISTANDAARDEN_SCHEMA_DIR and prints a Dutch verdict',
    { timeout: 60_000 },
    async () => {
      const example = examples().find((e) => e.code === 'WMO301')!;
      const run = await runValidate([example.file], { ...process.env, ISTANDAARDEN_SCHEMA_DIR: istandaardenDir() });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^GELDIG\s+WMO301\s/m);
      expect(run.stdout).toContain('1 bestand: 1 geldig, 0 ongeldig.');
    },
  );

  it('ends with exit code 2 and says why for a usage or configuration error', { timeout: 60_000 }, async () => {
    const withoutDir = { ...process.env, ISTANDAARDEN_SCHEMA_DIR: '' };
    const [noFiles, unknownOption, noSchemas, missingFile] = await Promise.all([
      runValidate(['--json'], withoutDir),
      runValidate(['--strict', 'a.xml'], withoutDir),
      runValidate([examples()[0]!.file], withoutDir),
      runValidate(['--schemas', istandaardenDir(), join(tmpdir(), 'pz-does-not-exist.xml')], withoutDir),
    ]);
    expect([noFiles, unknownOption, noSchemas, missingFile].map((r) => r.exitCode)).toEqual([2, 2, 2, 2]);
    expect(noFiles.stderr).toContain('No files given.');
    expect(unknownOption.stderr).toContain('Unknown option --strict.');
    expect(noSchemas.stderr).toContain('ISTANDAARDEN_SCHEMA_DIR');
    expect(missingFile.stderr).toContain('Cannot read');
  });
});
