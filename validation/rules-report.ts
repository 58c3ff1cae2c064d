import { messageName } from '../domain/message-names.ts';
import { STANDARDS, type Standard } from '../domain/messages/message-codes.ts';
import { allTables, catalogue } from './rules/registry.ts';
import type { MessageRuleTable, RuleDefinition, Severity } from './rules/types.ts';

/**
 * What `npm run validate -- --rules` prints: the rule tables, per standard and message type every
 * code, checked or not, with the catalogue's Dutch text. Apart from report.ts, so that validating
 * files (the rule tables are used in the validation threads only) does not load them in the main thread.
 */

const STANDARD_LABELS: Record<Standard, string> = { iwmo: 'iWmo', ijw: 'iJw' };
const CODE_PREFIX: Record<Standard, string> = { iwmo: 'WMO', ijw: 'JW' };

/** One rule code as one message type treats it. `text` etc. are null for a code the catalogue lacks. */
export type RuleStatus = {
  code: string;
  kind: string;
  checked: boolean;
  /** Why it is not checked (the table's notChecked); null when checked or when the table gives none. */
  reason: string | null;
  text: string | null;
  severity: Severity | null;
  retourcode: string | null;
};

export type TableOverview = {
  messageCode: string;
  name: string;
  release: string;
  rules: RuleStatus[];
  checked: number;
  notChecked: number;
};

export type StandardOverview = {
  standard: Standard;
  label: string;
  tables: TableOverview[];
  totals: {
    /** Distinct codes checked in at least one message type. */
    checked: number;
    /** Distinct codes of the standard (catalogue and tables) checked in no message type. */
    notChecked: number;
    /** Of those, the codes no table names at all: nobody said why they are not checked. */
    inNoTable: string[];
  };
};

export type RuleOverview = { standards: StandardOverview[] };

type CatalogueOf = (standard: Standard) => ReadonlyMap<string, RuleDefinition>;

const byCode = (a: { code: string }, b: { code: string }): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function tableOverview(table: MessageRuleTable, definitions: ReadonlyMap<string, RuleDefinition>): TableOverview {
  const checked = new Set(table.checks.map((c) => c.code));
  const reasons = new Map<string, string>();
  for (const n of table.notChecked) if (!checked.has(n.code) && !reasons.has(n.code)) reasons.set(n.code, n.reason);
  const rules = [...checked, ...reasons.keys()]
    .map((code): RuleStatus => {
      const definition = definitions.get(code);
      return {
        code,
        kind: definition?.kind ?? code.slice(0, 2),
        checked: checked.has(code),
        reason: reasons.get(code) ?? null,
        text: definition?.text ?? null,
        severity: definition?.severity ?? null,
        retourcode: definition?.retourcode ?? null,
      };
    })
    .sort(byCode);
  const messageCode = `${CODE_PREFIX[table.standard]}${table.message}`;
  return {
    messageCode,
    name: messageName(messageCode),
    release: table.release,
    rules,
    checked: checked.size,
    notChecked: reasons.size,
  };
}

/** Every rule code per standard and message type, checked or not, with the catalogue's text. Pure over its inputs. */
export function ruleOverview(
  tables: readonly MessageRuleTable[] = allTables(),
  catalogueOf: CatalogueOf = catalogue,
): RuleOverview {
  const standards = STANDARDS.map((standard): StandardOverview => {
    const definitions = catalogueOf(standard);
    const own = tables
      .filter((t) => t.standard === standard)
      .sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    const overviews = own.map((t) => tableOverview(t, definitions));
    const checked = new Set(overviews.flatMap((t) => t.rules.filter((r) => r.checked).map((r) => r.code)));
    const named = new Set(overviews.flatMap((t) => t.rules.map((r) => r.code)));
    const all = new Set([...definitions.keys(), ...named]);
    const inNoTable = [...definitions.keys()].filter((code) => !named.has(code)).sort();
    return {
      standard,
      label: STANDARD_LABELS[standard],
      tables: overviews,
      totals: { checked: checked.size, notChecked: all.size - checked.size, inNoTable },
    };
  });
  return { standards };
}

/** `--rules --json`: the whole overview as one JSON object on one line. */
export function rulesJson(overview: RuleOverview): string {
  return JSON.stringify(overview);
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `--rules`: per standard and message type every code, then the totals per standard. */
export function rulesHuman(overview: RuleOverview): string {
  const out: string[] = [];
  for (const s of overview.standards) {
    for (const t of s.tables) {
      out.push(`${t.messageCode} ${t.name}`, `  Release: ${t.release}`);
      for (const r of t.rules) {
        out.push(
          `  ${r.code.padEnd(6)} ${r.kind.padEnd(3)} ${(r.checked ? 'gecontroleerd' : 'niet gecontroleerd').padEnd(19)}${r.text ?? '(niet in de catalogus)'}`,
        );
        if (!r.checked) out.push(`${' '.repeat(32)}Reden: ${r.reason ?? '(geen reden opgegeven)'}`);
      }
      if (t.rules.length === 0) out.push('  (geen regels in deze tabel)');
      out.push(`  ${t.messageCode}: ${t.checked} gecontroleerd, ${t.notChecked} niet gecontroleerd.`, '');
    }
    if (s.tables.length === 0) out.push(`${s.label}: geen regeltabellen.`, '');
  }
  for (const s of overview.standards) {
    out.push(
      `Totaal ${s.label}: ${count(s.totals.checked, 'code', 'codes')} gecontroleerd, ${s.totals.notChecked} niet gecontroleerd.`,
    );
    if (s.totals.inNoTable.length > 0)
      out.push(`  In geen tabel genoemd (zonder reden): ${s.totals.inNoTable.join(', ')}.`);
  }
  return out.join('\n');
}
