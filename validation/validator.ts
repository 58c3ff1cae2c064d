import { finding } from '../domain/messages/findings.ts';
import type { Finding } from '../domain/messages/findings.ts';
import { ValidationPool } from './pool.ts';
import { SchemaConfigurationError } from './schemas.ts';
import type { OfficialRules } from './xslt/official-rules.ts';

/**
 * Payload validation of iWmo/iJw messages: per file the safe read, the single-message rules
 * (validation/rules) and the official XSD of its message type, each file in a validation thread
 * (pool.ts) with schemas compiled once per thread; then, when configured, the official rule
 * files (ISTANDAARDEN_XSLT_DIR), merged in.
 */

export type FileInput = { name: string; bytes: Uint8Array };

export type FileResult = {
  name: string;
  /** False when there is any finding: an XSD error, a refusal or a rule finding. */
  valid: boolean;
  messageCode: string | null;
  findings: Finding[];
  /** Who judged the XSD: the streaming model (it proved the file valid), libxml2, or nobody (refused before). */
  schemaBy: 'streaming' | 'libxml2' | 'none';
};

/** What a file gets when its thread failed on it: nothing about it is known, so it is not valid. */
const THREAD_FAILED = finding(
  'PZ-VALIDATIE',
  '/',
  'De controle van dit bestand is onverwacht afgebroken, dus het is niet verstuurd. Probeer het opnieuw; gebeurt dit weer, neem dan contact op met de servicedesk.',
);

export class Validator {
  constructor(
    private readonly pool: ValidationPool,
    private readonly officialRules?: OfficialRules,
  ) {}

  /** Results in the order of `files`. Throws SchemaConfigurationError when a schema is missing or does not compile. */
  async validate(files: readonly FileInput[]): Promise<FileResult[]> {
    const outcomes = await Promise.all(files.map((file) => this.pool.check(file.bytes)));
    const results = outcomes.map((outcome, i): FileResult => {
      const name = files[i]!.name;
      if (outcome.kind === 'configuration') throw new SchemaConfigurationError(outcome.message);
      if (outcome.kind === 'failed')
        return { name, valid: false, messageCode: null, findings: [THREAD_FAILED], schemaBy: 'none' };
      const { messageCode, findings, schemaBy } = outcome.result;
      return { name, valid: findings.length === 0, messageCode, findings, schemaBy };
    });
    return this.officialRules ? this.officialRules.apply(files, results) : results;
  }

  /** Ends the validation threads (for a process that stops, and for tests). */
  close(): Promise<void> {
    return this.pool.close();
  }
}

export type ValidatorOptions = {
  /** The official rule files to run after our own checks (validation/xslt, ISTANDAARDEN_XSLT_DIR). */
  officialRules?: OfficialRules;
  /** Validation threads; default availableParallelism, at most 2. */
  threads?: number;
};

/** A validator over the schema directory `dir` (see schemas.ts for its layout). */
export function createValidator(schemaDir: string, options: ValidatorOptions = {}): Validator {
  return new Validator(new ValidationPool(schemaDir, options.threads), options.officialRules);
}
