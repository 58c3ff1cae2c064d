import { RETOURCODE_MEANINGS } from '../../domain/messages/retourcodes.ts';
import type { RuleDefinition, Severity } from './types.ts';

/** A standard's rule definitions by code; a code defined twice is a mistake in the table. */
export function defineCatalogue(definitions: readonly RuleDefinition[]): ReadonlyMap<string, RuleDefinition> {
  const byCode = new Map<string, RuleDefinition>();
  for (const definition of definitions) {
    if (byCode.has(definition.code)) throw new Error(`Rule ${definition.code} is defined twice.`);
    byCode.set(definition.code, definition);
  }
  return byCode;
}

/** Rules whose retourcode is not `9` + their number (WJ001 and the rule pages of the iStandaarden). */
const RETOURCODE_OF: Readonly<Record<string, string>> = { TR135: '8848', TR378: 'S300', TR381: 'S329', TR418: '0611' };

/**
 * The retourcode a receiver answers a rule with: for the berichtoverstijgende TRs WJ001 has a
 * code of their own (TR332 → 9332); the single-message rules (CD, CS and the XSLT's TRs) are
 * "technisch afgekeurd", 0001.
 */
export function retourcodeOf(code: string): string {
  if (RETOURCODE_OF[code]) return RETOURCODE_OF[code];
  const own = `9${code.slice(2)}`;
  return code.startsWith('TR') && Object.hasOwn(RETOURCODE_MEANINGS, own) ? own : '0001';
}

/** A rule definition; every rule of the validation module is a `fout` unless said otherwise. */
export const rule = (
  code: string,
  text: string,
  options: { retourcode?: string | null; severity?: Severity } = {},
): RuleDefinition => ({
  code,
  kind: code.slice(0, 2) as RuleDefinition['kind'],
  text,
  retourcode: options.retourcode === undefined ? retourcodeOf(code) : options.retourcode,
  severity: options.severity ?? 'fout',
});
