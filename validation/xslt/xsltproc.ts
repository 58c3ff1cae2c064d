import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTree, type XmlNode } from '../../domain/messages/xml-tree.ts';
import type { RuleFile } from './stylesheets.ts';
import { XsltConfigurationError, XsltStylesheetError } from './types.ts';

/**
 * Runs rule files with xsltproc (libxslt, Debian package `xsltproc`). One process per rule file
 * per batch: xsltproc compiles the stylesheet once and applies it to every file named after it,
 * writing each result to stdout in turn. To tell the results apart, each rule file runs under a
 * small wrapper that imports it and wraps the report of each message in
 * `<pzx:Uitvoer bestand="n">`, with `n` taken from a processing instruction `<?pz-bestand n?>`
 * put before the root element of the message's temporary copy. Element paths, values and
 * namespaces of the message are unchanged; only a rule counting the root's nodes (`/node()`)
 * would see the instruction. A message that failed writes nothing, so a missing number is a
 * failure of that message and never a pass.
 *
 * Bounds: `--nonet` (no network), `--nowrite`/`--nomkdir` (no files written: the results go to
 * stdout), a timeout per run, a cap on the output of a run, and a clean environment (no XML
 * catalogs). The rule files run from a private copy made at start, so what runs is what was
 * checked (stylesheets.ts).
 */

export type XsltprocOptions = {
  /** The xsltproc executable; a name is looked up on PATH. */
  command: string;
  /** Bound on one run (one rule file over one batch of files). */
  timeoutMs: number;
  /** Bound on the output of one run; beyond it the run is stopped. */
  maxOutputBytes: number;
};

export const DEFAULT_XSLTPROC_OPTIONS: XsltprocOptions = {
  command: 'xsltproc',
  timeoutMs: 120_000,
  maxOutputBytes: 64 * 1024 * 1024,
};

const FLAGS = ['--nonet', '--nowrite', '--nomkdir', '--novalid'];
const OUTPUT_NAMESPACE = 'urn:portaal-zorg:xslt-uitvoer';
const END_TAG = '</pzx:Uitvoer>';
const MAX_STDERR_BYTES = 64 * 1024;

/** Per message of a run: the content of its wrapper (the report), or why there is none (Dutch). */
export type RunOutcome = { ok: true; output: XmlNode } | { ok: false; reason: string };

export type RunInput = { name: string; bytes: Uint8Array };

/** A rule file installed in a private directory behind its wrapper, checked to compile. */
export class InstalledRuleFile {
  constructor(
    readonly rule: RuleFile,
    private readonly wrapper: string,
    private readonly installDir: string,
    private readonly options: XsltprocOptions,
  ) {}

  /** The rule file over these messages, in one xsltproc process; never throws for what the stylesheet does. */
  async run(inputs: readonly RunInput[]): Promise<RunOutcome[]> {
    const dir = await mkdtemp(join(tmpdir(), 'pz-xslt-run-'));
    try {
      const paths = inputs.map((_, i) => join(dir, `bericht-${String(i).padStart(5, '0')}.xml`));
      await Promise.all(inputs.map((input, i) => writeFile(paths[i]!, tagged(input.bytes, i), { mode: 0o600 })));
      const result = await execute(this.options, [this.wrapper, ...paths]);
      const readable = (text: string): string => {
        let shown = text.split(`${this.installDir}/regels/`).join('');
        paths.forEach((path, i) => (shown = shown.split(path).join(inputs[i]!.name)));
        return shown;
      };
      return outcomes(result, paths, this.options, readable);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Copies the checked rule files into a private directory, writes their wrappers and checks that
 * xsltproc is there and compiles each one. Throws XsltConfigurationError (no xsltproc) or
 * XsltStylesheetError (does not compile). The directory is removed when the process exits.
 */
export function installRuleFiles(rules: readonly RuleFile[], options: XsltprocOptions): InstalledRuleFile[] {
  const version = spawnSync(options.command, ['--version'], { encoding: 'utf8', env: cleanEnv(), timeout: 10_000 });
  if (version.error || version.status !== 0) {
    throw new XsltConfigurationError(
      `xsltproc is needed for ISTANDAARDEN_XSLT_DIR but ${options.command} cannot be run (${version.error?.message ?? `exit code ${version.status}`}). Install it (Debian/Ubuntu: apt-get install xsltproc), or unset ISTANDAARDEN_XSLT_DIR.`,
    );
  }
  const installDir = mkdtempSync(join(tmpdir(), 'pz-xslt-'));
  removeAtExit(installDir);
  for (const rule of rules) {
    for (const [path, text] of rule.files) {
      const target = join(installDir, 'regels', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, { mode: 0o600 });
    }
  }
  const probe = join(installDir, 'controle.xml');
  writeFileSync(probe, '<?pz-bestand 0?><pz-controle/>');
  return rules.map((rule, k) => {
    const wrapper = join(installDir, `wrapper-${k}.xsl`);
    writeFileSync(wrapper, wrapperText(`regels/${rule.name.split('/').map(encodeURIComponent).join('/')}`));
    const compiled = spawnSync(options.command, [...FLAGS, wrapper, probe], {
      encoding: 'utf8',
      env: cleanEnv(),
      timeout: options.timeoutMs,
      maxBuffer: options.maxOutputBytes,
    });
    // xsltproc: 4 = the stylesheet cannot be parsed, 5 = it has errors; both before any document.
    if (compiled.status === 4 || compiled.status === 5) {
      const stderr = compiled.stderr.split(`${installDir}/regels/`).join('').trim().slice(0, 2000);
      throw new XsltStylesheetError(
        rule.name,
        `does not compile with xsltproc: ${stderr || `exit code ${compiled.status}`}`,
      );
    }
    return new InstalledRuleFile(rule, wrapper, installDir, options);
  });
}

const installed = new Set<string>();
/** One exit handler for every install directory of the process. */
function removeAtExit(dir: string): void {
  if (installed.size === 0)
    process.once('exit', () => installed.forEach((d) => rmSync(d, { recursive: true, force: true })));
  installed.add(dir);
}

function wrapperText(href: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:pzx="${OUTPUT_NAMESPACE}" exclude-result-prefixes="">
  <xsl:import href="${href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <xsl:template match="/">
    <pzx:Uitvoer bestand="{normalize-space(processing-instruction('pz-bestand'))}"><xsl:apply-imports/></pzx:Uitvoer>
  </xsl:template>
</xsl:stylesheet>
`;
}

/** The message with `<?pz-bestand n?>` after its XML declaration (or first, when it has none). */
function tagged(bytes: Uint8Array, index: number): Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.subarray(0, 5).toString('latin1') === '<?xml' ? buffer.indexOf('?>') + 2 : 0;
  return Buffer.concat([buffer.subarray(0, at), Buffer.from(`<?pz-bestand ${index}?>`), buffer.subarray(at)]);
}

type Execution = {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: string | null;
  stopped: 'timeout' | 'output' | null;
  spawnError: Error | null;
};

function execute(options: XsltprocOptions, args: string[]): Promise<Execution> {
  return new Promise((resolve) => {
    const child = spawn(options.command, [...FLAGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let stopped: Execution['stopped'] = null;
    let spawnError: Error | null = null;
    const stop = (why: 'timeout' | 'output'): void => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      outBytes += chunk.length;
      if (outBytes > options.maxOutputBytes) stop('output');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_STDERR_BYTES) err.push(chunk.subarray(0, MAX_STDERR_BYTES - errBytes));
      errBytes += chunk.length;
    });
    child.on('error', (error) => (spawnError = error));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status,
        signal,
        stopped,
        spawnError,
      });
    });
  });
}

function outcomes(
  result: Execution,
  paths: readonly string[],
  options: XsltprocOptions,
  readable: (text: string) => string,
): RunOutcome[] {
  const stderr = readable(result.stderr);
  const everyone = (reason: string): RunOutcome[] => paths.map(() => ({ ok: false, reason }));
  if (result.spawnError) return everyone(`xsltproc kon niet worden gestart (${result.spawnError.message})`);
  // After a stop the last report may be cut off: keep the complete ones.
  const end = result.stdout.lastIndexOf(END_TAG);
  const text =
    result.stopped || result.signal ? (end === -1 ? '' : result.stdout.slice(0, end + END_TAG.length)) : result.stdout;
  const reports = new Map<number, XmlNode>();
  try {
    for (const node of readTree(`<pz-uitvoer>${text}</pz-uitvoer>`).content) {
      if (typeof node === 'string') {
        if (node.trim() !== '') throw new Error('tekst buiten een rapport');
        continue;
      }
      const index = Number(node.attributes.find(([name]) => name === 'bestand')?.[1] ?? 'x');
      if (
        node.ns !== OUTPUT_NAMESPACE ||
        node.local !== 'Uitvoer' ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= paths.length ||
        reports.has(index)
      ) {
        throw new Error(`onverwacht element ${node.qname.slice(0, 100)}`);
      }
      reports.set(index, node);
    }
  } catch (error) {
    return everyone(
      `de uitvoer van xsltproc is niet per bericht te lezen (${error instanceof Error ? error.message : String(error)})${stderr.trim() ? `; xsltproc meldde: ${excerpt(stderr)}` : ''}`,
    );
  }
  const segments = stderrPerFile(result.stderr, paths).map(readable);
  return paths.map((_, i): RunOutcome => {
    const output = reports.get(i);
    if (output) return { ok: true, output };
    if (result.stopped === 'timeout')
      return {
        ok: false,
        reason: `de controle is na ${(options.timeoutMs / 1000).toLocaleString('nl-NL')} s afgebroken`,
      };
    if (result.stopped === 'output')
      return { ok: false, reason: `de uitvoer werd groter dan ${size(options.maxOutputBytes)} en is afgebroken` };
    if (result.signal) return { ok: false, reason: `xsltproc is gestopt (${result.signal})` };
    const said = segments[i] || stderr;
    return {
      ok: false,
      reason: said.trim()
        ? `xsltproc meldde: ${excerpt(said)}`
        : `xsltproc gaf geen rapport (exitcode ${result.status})`,
    };
  });
}

/**
 * What xsltproc wrote to stderr about each file: it ends the lines about a failed document with
 * one naming the file ("no result for …", "unable to parse …"), so each run of lines up to such
 * a line belongs to that file.
 */
function stderrPerFile(stderr: string, names: readonly string[]): string[] {
  const segments = names.map(() => '');
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    pending.push(line);
    const i = names.findIndex((name) => line.includes(name));
    if (i !== -1) {
      segments[i] += pending.join('\n');
      pending = [];
    }
  }
  return segments;
}

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.ceil(bytes / 1024)} kB`;
const excerpt = (text: string): string => text.trim().replace(/\s+/g, ' ').slice(0, 600);

/** No inherited XML_CATALOG_FILES and the like: only PATH, to find the executable. */
const cleanEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' });
