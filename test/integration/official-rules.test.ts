import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidator, type FileInput } from '../../validation/validator.ts';
import { createMessageValidation } from '../../usecases/message-validation.ts';
import { loadOfficialRules, type OfficialRulesOptions } from '../../validation/xslt/official-rules.ts';
import { XsltConfigurationError, XsltStylesheetError } from '../../validation/xslt/types.ts';
import { testConfig } from '../helpers/config.ts';
import { istandaardenDir } from '../helpers/istandaarden.ts';
import { example } from '../helpers/mutate.ts';

/**
 * The official rule files as an option, through the real xsltproc. The project does
 * not ship the official files, so the tests write small XSLT 1.0 rule files of their own in the
 * official report format (rapport 1.1: Rapport/Fouten/Fout with Code, Retourcode, Locatie,
 * Details) and run them on edited official example messages.
 */

const RAPPORT = 'http://www.istandaarden.nl/validatie/1_1/rapport/schema';
const WMO301 = 'http://www.istandaarden.nl/iwmo/3_2/wmo301/schema';
const ROOT = mkdtempSync(join(tmpdir(), 'pz-official-rules-test-'));
let dirs = 0;

/** A stylesheet declaring the WMO301 namespace as `m` and the report namespace as `r`; `body` goes inside Fouten. */
function ruleFile(body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:r="${RAPPORT}" xmlns:m="${WMO301}" exclude-result-prefixes="m">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  ${extra}
  <xsl:template match="/">
    <r:Rapport>
      <r:Header><r:BerichtCode>414</r:BerichtCode><r:BerichtVersie>3</r:BerichtVersie><r:BerichtSubversie>2</r:BerichtSubversie></r:Header>
      <r:Fouten>${body}</r:Fouten>
    </r:Rapport>
  </xsl:template>
  <!-- The element's path as the reports write it: local names, [n] only among same-named siblings. -->
  <xsl:template name="pad">
    <xsl:for-each select="ancestor-or-self::*">
      <xsl:variable name="naam" select="local-name()"/>
      <xsl:text>/</xsl:text><xsl:value-of select="$naam"/>
      <xsl:if test="count(../*[local-name() = $naam]) &gt; 1">[<xsl:value-of select="count(preceding-sibling::*[local-name() = $naam]) + 1"/>]</xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
`;
}

/** A fake code on every ToegewezenProduct without Einddatum. */
const EINDDATUM = `<xsl:for-each select="/m:Bericht/m:Client/m:ToegewezenProducten/m:ToegewezenProduct[not(m:Einddatum)]">
  <r:Fout><r:Code>PZT01</r:Code><r:Retourcode>8001</r:Retourcode><r:Locatie><xsl:call-template name="pad"/></r:Locatie><r:Details>Einddatum ontbreekt bij dit product.</r:Details></r:Fout>
</xsl:for-each>`;
/** CS002 at the Bsn when it is the invalid one the tests write: a code we report at the same location. */
const BSN = `<xsl:for-each select="/m:Bericht/m:Client/m:Bsn[. = '123456789']">
  <r:Fout><r:Code>CS002</r:Code><r:Retourcode>0001</r:Retourcode><r:Locatie><xsl:call-template name="pad"/></r:Locatie></r:Fout>
</xsl:for-each>`;

function ruleDir(files: Record<string, string>): string {
  const dir = join(ROOT, `regels-${++dirs}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const load = (files: Record<string, string>, options: OfficialRulesOptions = {}) =>
  loadOfficialRules(ruleDir(files), options);
const validatorWith = (files: Record<string, string>, options: OfficialRulesOptions = {}) =>
  createValidator(istandaardenDir(), { officialRules: load(files, options) });

const bytes = (text: string): Uint8Array => Buffer.from(text);
/** WMO301 with the Bsn failing the 11-proef (our CS002 at /Bericht/Client/Bsn). */
const badBsn = (): FileInput => ({
  name: 'bsn.xml',
  bytes: bytes(example('WMO301').set('Client/Bsn', '123456789').toString()),
});
/** WMO301 whose ToegewezenProduct has no Einddatum (XSD-valid; none of our rules reports it). */
const noEinddatum = (): FileInput => ({
  name: 'einddatum.xml',
  bytes: bytes(example('WMO301').remove('Client/ToegewezenProducten/ToegewezenProduct/Einddatum').toString()),
});
const valid = (code: string): FileInput => ({ name: `${code}.xml`, bytes: bytes(example(code).toString()) });

beforeAll(() => {
  const found = spawnSync('xsltproc', ['--version']);
  if (found.error || found.status !== 0) {
    throw new Error(
      'xsltproc is missing: these tests run the official rule file path through it. Install it: apt-get install xsltproc',
    );
  }
});

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('official rule files through xsltproc', () => {
  it('when a rule file reports a code we do not have, it is added as a fout with its Details and marked as official', async () => {
    const validator = validatorWith({ 'TR-CD-CS regels WMO 3.2.xsl': ruleFile(EINDDATUM) });
    const [result] = await validator.validate([noEinddatum()]);
    expect(result!.valid).toBe(false);
    expect(result!.findings).toEqual([
      {
        code: 'PZT01',
        severity: 'fout',
        location: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct',
        line: null,
        message: 'Einddatum ontbreekt bij dit product. (officiële regelset)',
        rule: 'Einddatum ontbreekt bij dit product.',
        retourcode: '8001',
        official: { ruleFile: 'TR-CD-CS regels WMO 3.2.xsl', role: 'reported' },
      },
    ]);
  });

  it('when a rule file reports what we report at the same location, it is listed once: ours, noting that the official rules agree', async () => {
    const [ours] = await createValidator(istandaardenDir()).validate([badBsn()]);
    expect(ours!.findings.map((f) => `${f.code} ${f.location}`)).toEqual(['CS002 /Bericht/Client/Bsn']);
    // Two rule files that both report it: still once.
    const validator = validatorWith({ 'a.xsl': ruleFile(BSN + EINDDATUM), 'b.xsl': ruleFile(BSN) });
    const [result] = await validator.validate([badBsn()]);
    expect(result!.findings).toEqual([{ ...ours!.findings[0]!, official: { ruleFile: 'a.xsl', role: 'confirmed' } }]);
  });

  it('a code of our catalogue without Details gets the catalogue text', async () => {
    const body = `<r:Fout><r:Code>CS002</r:Code><r:Locatie>/Bericht/Client/Elders</r:Locatie></r:Fout>`;
    const [result] = await validatorWith({ 'r.xsl': ruleFile(body) }).validate([valid('WMO301')]);
    expect(result!.findings).toMatchObject([
      {
        code: 'CS002',
        location: '/Bericht/Client/Elders',
        rule: 'De waarde moet voldoen aan de 11-proef.',
        retourcode: '0001',
      },
    ]);
    expect(result!.findings[0]!.message).toBe('De waarde moet voldoen aan de 11-proef. (officiële regelset)');
  });

  it('runs a batch in one process per rule file and gives each file its own report; messages the rule file does not declare are not run', async () => {
    const validator = validatorWith({ 'wmo.xsl': ruleFile(EINDDATUM + BSN) });
    const files = [noEinddatum(), valid('WMO301'), badBsn(), valid('WMO302'), valid('JW301'), noEinddatum()];
    const results = await validator.validate(files);
    expect(
      results.map((r) => [r.name, r.findings.map((f) => `${f.code}${f.official ? `:${f.official.role}` : ''}`)]),
    ).toEqual([
      ['einddatum.xml', ['PZT01:reported']],
      ['WMO301.xml', []],
      ['bsn.xml', ['CS002:confirmed']],
      ['WMO302.xml', []],
      ['JW301.xml', []],
      ['einddatum.xml', ['PZT01:reported']],
    ]);
  });

  it('when a rule file fails on one message, that file gets a Dutch PZ-XSLT finding and the others their reports', async () => {
    const broken = ruleFile(
      `<xsl:if test="not(/m:Bericht/m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:Einddatum)"><xsl:message terminate="yes">kapot op dit bericht</xsl:message></xsl:if>${BSN}`,
    );
    const results = await validatorWith({ 'kapot.xsl': broken }).validate([badBsn(), noEinddatum(), valid('WMO301')]);
    expect(results[0]!.findings.map((f) => f.code)).toEqual(['CS002']);
    expect(results[2]!.valid).toBe(true);
    const failure = results[1]!.findings;
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatchObject({ code: 'PZ-XSLT', severity: 'fout', location: '/' });
    expect(failure[0]!.message).toMatch(
      /^De officiële regelset "kapot.xsl" kon dit bericht niet controleren: xsltproc meldde: .*kapot op dit bericht/,
    );
    expect(failure[0]!.message).toContain('einddatum.xml');
    expect(failure[0]!.message).toContain('niet gecontroleerd');
    expect(results[1]!.valid).toBe(false);
  });

  it('output that is not a report is a Dutch finding, never a pass', async () => {
    const notReport = `<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:m="${WMO301}">
  <xsl:template match="/"><iets/></xsl:template>
</xsl:stylesheet>`;
    const nothing = notReport.replace('<iets/>', '');
    const [a] = await validatorWith({ 'iets.xsl': notReport }).validate([valid('WMO301')]);
    const [b] = await validatorWith({ 'niets.xsl': nothing }).validate([valid('WMO301')]);
    expect(a!.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^De officiële regelset "iets.xsl" schreef geen rapport: het element is iets, verwacht wordt Rapport/,
      ),
    ]);
    expect(b!.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^De officiële regelset "niets.xsl" schreef geen rapport\./),
    ]);
  });

  it('stops a run at its timeout and at its output bound, with a Dutch finding', async () => {
    const slow = ruleFile(
      `<xsl:for-each select="//node()"><xsl:for-each select="//node()"><xsl:for-each select="//node()"><xsl:if test="false()">x</xsl:if></xsl:for-each></xsl:for-each></xsl:for-each>`,
    );
    const [timedOut] = await validatorWith({ 'traag.xsl': slow }, { timeoutMs: 300 }).validate([valid('WMO301')]);
    expect(timedOut!.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('kon dit bericht niet controleren: de controle is na 0,3 s afgebroken'),
    ]);
    const chatty = ruleFile(
      `<xsl:for-each select="//node()"><xsl:for-each select="//node()"><r:Fout><r:Code>PZT02</r:Code><r:Locatie>/Bericht</r:Locatie></r:Fout></xsl:for-each></xsl:for-each>`,
    );
    const [big] = await validatorWith({ 'veel.xsl': chatty }, { maxOutputBytes: 100_000 }).validate([valid('WMO301')]);
    expect(big!.findings.map((f) => f.message)).toEqual([expect.stringContaining('de uitvoer werd groter dan')]);
  });

  it('includes a module from the directory, which is not run as a rule file of its own', () => {
    const module = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template name="niets"/></xsl:stylesheet>`;
    const rules = load({
      'hoofd.xsl': ruleFile(EINDDATUM, '<xsl:include href="onderdeel.xsl"/>'),
      'onderdeel.xsl': module,
    });
    expect(rules.ruleFiles).toEqual([{ name: 'hoofd.xsl', messages: ['WMO301'] }]);
  });
});

describe('refused at start', () => {
  const refusal = (files: Record<string, string>): string => {
    try {
      load(files);
    } catch (error) {
      expect(error).toBeInstanceOf(XsltStylesheetError);
      return (error as Error).message;
    }
    throw new Error('the rule files were accepted');
  };

  it('a rule file that reads a URL or another file with document()', () => {
    expect(
      refusal({
        'url.xsl': ruleFile('', `<xsl:variable name="x" select="document('http://example.org/lijst.xml')"/>`),
      }),
    ).toMatch(/"url.xsl" calls document\(a URL or file\)/);
    expect(
      refusal({ 'dyn.xsl': ruleFile('', `<xsl:variable name="x" select="document(/m:Bericht/m:Header)"/>`) }),
    ).toMatch(/calls document\(/);
    expect(refusal({ 'avt.xsl': ruleFile('<r:Fout x="{document(&quot;/etc/passwd&quot;)}"/>') })).toMatch(
      /calls document\(/,
    );
    // document('') (the stylesheet itself) is fine.
    expect(load({ 'zelf.xsl': ruleFile('', `<xsl:variable name="x" select="document('')"/>`) }).ruleFiles).toHaveLength(
      1,
    );
  });

  it('an include or import outside the directory or by URL', () => {
    writeFileSync(
      join(ROOT, 'buiten.xsl'),
      '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
    );
    expect(refusal({ 'in.xsl': ruleFile('', '<xsl:include href="../buiten.xsl"/>') })).toMatch(
      /xsl:include href="..\/buiten.xsl" points outside ISTANDAARDEN_XSLT_DIR/,
    );
    expect(refusal({ 'in.xsl': ruleFile('', `<xsl:import href="${join(ROOT, 'buiten.xsl')}"/>`) })).toMatch(
      /xsl:import .* points outside/,
    );
    expect(refusal({ 'in.xsl': ruleFile('', '<xsl:include href="http://example.org/regels.xsl"/>') })).toMatch(
      /points outside/,
    );
  });

  it('extension elements, xsl:document, dynamic evaluation, another XSLT version, a DTD, no message namespace, a compile error', () => {
    expect(
      refusal({
        'e.xsl': ruleFile('').replace(
          'exclude-result-prefixes="m"',
          'extension-element-prefixes="exsl" xmlns:exsl="http://exslt.org/common"',
        ),
      }),
    ).toMatch(/extension elements/);
    expect(
      refusal({
        'e.xsl': ruleFile(
          '',
          '<xsl:variable name="x" select="dyn:evaluate(\'1\')" xmlns:dyn="http://exslt.org/dynamic"/>',
        ),
      }),
    ).toMatch(/dynamic evaluation/);
    expect(refusal({ 'v.xsl': ruleFile('').replace('version="1.0" xmlns:xsl', 'version="2.0" xmlns:xsl') })).toMatch(
      /XSLT version 2.0/,
    );
    expect(
      refusal({ 'd.xsl': ruleFile('').replace('<xsl:stylesheet', '<!DOCTYPE x [<!ENTITY e "x">]><xsl:stylesheet') }),
    ).toMatch(/DOCTYPE/);
    expect(refusal({ 'n.xsl': ruleFile('').replace(`xmlns:m="${WMO301}"`, 'xmlns:m="urn:iets"') })).toMatch(
      /declares no iWmo\/iJw 3.2 message namespace/,
    );
    expect(refusal({ 'c.xsl': ruleFile('', '<xsl:bestaatniet/>') })).toMatch(/"c.xsl" does not compile with xsltproc/);
  });
});

describe('configuration', () => {
  it('a missing directory stops the configuration, naming the variable', () => {
    const missing = join(ROOT, 'bestaat-niet');
    expect(() => testConfig({ ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(), ISTANDAARDEN_XSLT_DIR: missing })).toThrow(
      /ISTANDAARDEN_XSLT_DIR: is not a directory/,
    );
    expect(() => loadOfficialRules(missing)).toThrow(XsltConfigurationError);
    expect(() => loadOfficialRules(missing)).toThrow(/ISTANDAARDEN_XSLT_DIR: .* is not a directory/);
    expect(() => testConfig({ ISTANDAARDEN_XSLT_DIR: ROOT })).toThrow(/set ISTANDAARDEN_SCHEMA_DIR too/);
    expect(
      testConfig({ ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(), ISTANDAARDEN_XSLT_DIR: ROOT }).ISTANDAARDEN_XSLT_DIR,
    ).toBe(ROOT);
  });

  it('the web start loads the rule files once and names them, and refuses a bad one before anything connects', async () => {
    const ruleFilesAtStart = async (config: Parameters<typeof createMessageValidation>[0]) => {
      const { validator, ruleFiles } = createMessageValidation(config);
      await validator?.close();
      return ruleFiles;
    };
    const good = ruleDir({ 'TR-CD-CS regels WMO 3.2.xsl': ruleFile(EINDDATUM) });
    const config = { ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(), ISTANDAARDEN_XSLT_DIR: good };
    expect(await ruleFilesAtStart(config)).toEqual([{ name: 'TR-CD-CS regels WMO 3.2.xsl', messages: ['WMO301'] }]);
    const bad = ruleDir({
      'url.xsl': ruleFile('', `<xsl:variable name="x" select="document('http://example.org/')"/>`),
    });
    expect(() => createMessageValidation({ ...config, ISTANDAARDEN_XSLT_DIR: bad })).toThrow(
      /ISTANDAARDEN_XSLT_DIR: stylesheet "url.xsl" calls document/,
    );
    expect(
      await ruleFilesAtStart({ ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(), ISTANDAARDEN_XSLT_DIR: undefined }),
    ).toEqual([]);
  });

  it('a directory without rule files, and a missing xsltproc, say what to put there or install', () => {
    expect(() => loadOfficialRules(ruleDir({}))).toThrow(/no \*\.xsl files .*TR-CD-CS regels WMO 3.2.xsl/);
    expect(() => load({ 'r.xsl': ruleFile(EINDDATUM) }, { command: join(ROOT, 'geen-xsltproc') })).toThrow(
      /apt-get install xsltproc/,
    );
  });
});
