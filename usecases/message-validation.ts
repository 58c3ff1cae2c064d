import type { Config } from '../config.ts';
import { createValidator, type Validator } from '../validation/validator.ts';
import { officialRulesFor } from '../validation/xslt/official-rules.ts';

type ValidationConfig = Pick<Config, 'ISTANDAARDEN_SCHEMA_DIR' | 'ISTANDAARDEN_XSLT_DIR'>;

export type MessageValidation = {
  /** Undefined without a schema directory: uploads that need validation are then refused (PZ-NO-SCHEMA). */
  validator: Validator | undefined;
  /** The official rule files found, with the messages each checks (for the start-up log). */
  ruleFiles: { name: string; messages: string[] }[];
};

/**
 * The payload validator of one process, for its start: the official rule files and xsltproc are
 * checked now, so a bad ISTANDAARDEN_XSLT_DIR stops the start with what to fix instead of failing
 * the first upload. Its worker threads keep the schemas compiled, so an upload pays only for
 * checking its own bytes (validation/pool.ts); close it when the process stops.
 */
export function createMessageValidation(config: ValidationConfig): MessageValidation {
  const dir = config.ISTANDAARDEN_SCHEMA_DIR;
  const xsltDir = config.ISTANDAARDEN_XSLT_DIR;
  const officialRules = xsltDir ? officialRulesFor(xsltDir) : undefined;
  return {
    validator: dir ? createValidator(dir, officialRules ? { officialRules } : {}) : undefined,
    ruleFiles: officialRules?.ruleFiles ?? [],
  };
}
