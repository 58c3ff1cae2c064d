import { finding, REFUSAL_CODES, type Finding } from '../../domain/messages/findings.ts';
import type { Standard } from '../../domain/messages/message-codes.ts';
import type { FileInput, FileResult } from '../validator.ts';
import { mergeFindings } from './merge.ts';
import { readRapport } from './rapport.ts';
import { readRuleFiles, resolveXsltDir } from './stylesheets.ts';
import { XsltRunError, type XsltFinding } from './types.ts';
import {
  DEFAULT_XSLTPROC_OPTIONS,
  installRuleFiles,
  type InstalledRuleFile,
  type XsltprocOptions,
} from './xsltproc.ts';

/**
 * The official rule files of the validation module as an option: when
 * ISTANDAARDEN_XSLT_DIR names a directory with them, each message they apply to
 * (stylesheets.ts) also goes through them with xsltproc, and their findings are merged with ours
 * (merge.ts). Loaded once per process: the directory is read and checked, the rule files copied,
 * xsltproc looked for and each file compiled once to prove it compiles; a bad configuration
 * throws then, with what to install or set. At run time a rule file that fails on a message gives
 * that message a Dutch PZ-XSLT finding; `apply` does not throw for what a rule file does.
 */

export type OfficialRulesOptions = Partial<XsltprocOptions> & {
  /** Bounds on one xsltproc run; a larger batch is split. */
  maxFilesPerRun?: number;
  maxBytesPerRun?: number;
};

export class OfficialRules {
  private readonly maxFilesPerRun: number;
  private readonly maxBytesPerRun: number;

  constructor(
    readonly dir: string,
    private readonly installed: readonly InstalledRuleFile[],
    options: OfficialRulesOptions = {},
  ) {
    this.maxFilesPerRun = options.maxFilesPerRun ?? 200;
    this.maxBytesPerRun = options.maxBytesPerRun ?? 60_000_000;
  }

  /** Which rule file checks which message codes, for logs and the operator. */
  get ruleFiles(): { name: string; messages: string[] }[] {
    return this.installed.map(({ rule }) => ({ name: rule.name, messages: [...rule.messages].sort() }));
  }

  /** `results` (the validator's, for `files` in the same order) with the rule files' findings merged in. */
  async apply(files: readonly FileInput[], results: readonly FileResult[]): Promise<FileResult[]> {
    const reports = this.installed.map(() => new Map<number, XsltFinding[]>());
    const failures = new Map<number, Finding[]>();
    await Promise.all(
      this.installed.map(async (installed, k) => {
        const name = installed.rule.name;
        const indices = results.flatMap((r, i) =>
          r.messageCode &&
          installed.rule.messages.has(r.messageCode) &&
          !r.findings.some((f) => REFUSAL_CODES.has(f.code))
            ? [i]
            : [],
        );
        for (const run of this.runs(files, indices)) {
          const outcomes = await installed.run(run.map((i) => files[i]!));
          outcomes.forEach((outcome, n) => {
            const i = run[n]!;
            try {
              if (!outcome.ok) throw new XsltRunError(name, `kon dit bericht niet controleren: ${outcome.reason}`);
              reports[k]!.set(i, readRapport(outcome.output, name));
            } catch (error) {
              if (!(error instanceof XsltRunError)) throw error;
              failures.set(i, [...(failures.get(i) ?? []), failed(name, error.message)]);
            }
          });
        }
      }),
    );
    return results.map((result, i) => {
      const fromXslt = reports.flatMap((perFile) => perFile.get(i) ?? []);
      const failed = failures.get(i) ?? [];
      if (fromXslt.length === 0 && failed.length === 0) return result;
      const findings = [...mergeFindings(result.findings, fromXslt, standardOf(result.messageCode!)), ...failed];
      return { ...result, valid: findings.length === 0, findings };
    });
  }

  /** The files in runs of at most maxFilesPerRun files and (unless one file is larger) maxBytesPerRun bytes. */
  private runs(files: readonly FileInput[], indices: readonly number[]): number[][] {
    const runs: number[][] = [];
    let bytes = 0;
    for (const i of indices) {
      const size = files[i]!.bytes.length;
      const last = runs[runs.length - 1];
      if (!last || last.length >= this.maxFilesPerRun || bytes + size > this.maxBytesPerRun) {
        runs.push([i]);
        bytes = size;
      } else {
        last.push(i);
        bytes += size;
      }
    }
    return runs;
  }
}

/**
 * The rule files of `dir` (relative to `baseDir`), ready to run; throws XsltConfigurationError
 * (no directory, no rule files, no xsltproc) or XsltStylesheetError (a refused rule file).
 */
export function loadOfficialRules(
  dir: string,
  options: OfficialRulesOptions = {},
  baseDir = process.cwd(),
): OfficialRules {
  const resolved = resolveXsltDir(dir, baseDir);
  const installed = installRuleFiles(readRuleFiles(resolved), { ...DEFAULT_XSLTPROC_OPTIONS, ...options });
  return new OfficialRules(resolved, installed, options);
}

const loaded = new Map<string, OfficialRules>();

/** loadOfficialRules once per directory per process: the web process calls it at start, uploads find it here. */
export function officialRulesFor(dir: string): OfficialRules {
  let rules = loaded.get(dir);
  if (!rules) {
    rules = loadOfficialRules(dir);
    loaded.set(dir, rules);
  }
  return rules;
}

function failed(ruleFile: string, reason: string): Finding {
  return finding(
    'PZ-XSLT',
    '/',
    `De officiële regelset "${ruleFile}" ${reason.replace(/\.$/, '')}. De regels van die regelset zijn voor dit bestand dus niet gecontroleerd.`,
  );
}

const standardOf = (messageCode: string): Standard => (messageCode.startsWith('JW') ? 'ijw' : 'iwmo');
