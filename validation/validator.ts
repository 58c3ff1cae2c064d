import { availableParallelism } from 'node:os';
import { checkMessage, type MessageCheck } from '../domain/messages/check-message.ts';
import { pathsAtLines } from '../domain/messages/element-path.ts';
import { finding, type Finding } from '../domain/messages/findings.ts';
import { SchemaStore, type MessageSchema } from './schemas.ts';
import { dutchSchemaMessage } from './xsd-messages.ts';
import type { XsdOutcome } from './xsd-output.ts';
import { validateWithSchema } from './xsd-runner.ts';

/**
 * Payload validation of iWmo/iJw messages (issue 4 §2): per file the safe read and the
 * single-message rules (domain/messages), then the official XSD of its message type. Files are
 * validated together: all files of one message type go through xmllint in one run, so each
 * schema is compiled once per call however many files there are.
 */

export type FileInput = { name: string; bytes: Uint8Array };

export type FileResult = {
  name: string;
  /** False when there is any finding: an XSD error, a refusal or a rule finding. */
  valid: boolean;
  messageCode: string | null;
  findings: Finding[];
};

/** Bound on the documents of one xmllint run, so a large batch never holds more than this at once. */
const MAX_BATCH_BYTES = 60_000_000;
const MAX_BATCH_FILES = 200;

export class Validator {
  private readonly concurrency = Math.max(1, Math.min(2, availableParallelism()));

  constructor(private readonly schemas: SchemaStore) {}

  async validate(files: readonly FileInput[]): Promise<FileResult[]> {
    const checks = files.map((file) => checkMessage(file.bytes));
    const xsd = new Map<number, Finding[]>();
    const batches = this.batches(files, checks);
    await runLimited(batches, this.concurrency, async ({ schema, indices }) => {
      const outcomes = await validateWithSchema(schema, indices.map((i) => files[i]!.bytes));
      indices.forEach((fileIndex, k) => xsd.set(fileIndex, xsdFindings(outcomes[k]!, files[fileIndex]!.bytes)));
    });
    return files.map((file, i) => {
      const check = checks[i]!;
      const findings = [...(xsd.get(i) ?? []), ...check.findings];
      return { name: file.name, valid: findings.length === 0, messageCode: check.message?.code ?? null, findings };
    });
  }

  /** Readable files grouped per message type, split so no run gets too much at once. Throws on a missing schema. */
  private batches(files: readonly FileInput[], checks: readonly MessageCheck[]): { schema: MessageSchema; indices: number[] }[] {
    const byCode = new Map<string, { schema: MessageSchema; indices: number[]; bytes: number }[]>();
    checks.forEach((check, i) => {
      if (!check.message || !check.readable) return;
      const runs = byCode.get(check.message.code) ?? [];
      byCode.set(check.message.code, runs);
      const size = files[i]!.bytes.length;
      let last = runs[runs.length - 1];
      if (!last || last.indices.length >= MAX_BATCH_FILES || (last.bytes + size > MAX_BATCH_BYTES && last.indices.length > 0)) {
        last = { schema: this.schemas.schemaFor(check.message), indices: [], bytes: 0 };
        runs.push(last);
      }
      last.indices.push(i);
      last.bytes += size;
    });
    return [...byCode.values()].flat();
  }
}

/** XSD problems as findings, each located by the element libxml2 names on its line (the text is decoded again only here). */
function xsdFindings(outcome: XsdOutcome, bytes: Uint8Array): Finding[] {
  if (outcome.valid && outcome.problems.length === 0) return [];
  if (outcome.problems.length === 0) return [finding('XSD', '/', 'Het bericht voldoet niet aan het XSD-schema (xmllint gaf geen verdere uitleg).')];
  const wanted = new Map(outcome.problems.filter((p) => p.line !== undefined).map((p) => [p.line!, p.element]));
  const paths = pathsAtLines(new TextDecoder().decode(bytes), wanted);
  return outcome.problems.map((p) => {
    const where = p.line === undefined ? '' : ` (regel ${p.line})`;
    const location = (p.line !== undefined ? paths.get(p.line) : undefined) ?? '/';
    return p.parserError
      ? finding('PZ-XML', location, `Het bestand is geen goed gevormde XML: ${p.text}${where}`)
      : finding('XSD', location, `${dutchSchemaMessage(p.text)}${where}`);
  });
}

async function runLimited<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** A validator over the schema directory `dir` (see schemas.ts for its layout). */
export function createValidator(schemaDir: string): Validator {
  return new Validator(new SchemaStore(schemaDir));
}
