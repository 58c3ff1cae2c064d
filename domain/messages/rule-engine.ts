import { isNineDigits, passesElfproef } from './bsn.ts';
import { ElementNode } from './element-path.ts';
import { finding, type Finding, type FindingCode } from './findings.ts';
import { DAGTEKENING_PATH, type PeriodRule, type RuleSet } from './rule-table.ts';

/**
 * Runs a RuleSet while the message is read, in one pass and without a tree: each open element
 * keeps its text until it gets a child, and only the elements a rule looks at (period contexts,
 * TR101 classes) keep the values of their children and grandchildren. Findings point at nodes;
 * their paths are built in `finish`, when every sibling count is known.
 *
 * Values are compared the way the XSLT does once the XSD holds: dates as `YYYY-MM-DD`, keys as
 * text. A value that is not a plain date is left alone: that is an XSD error, reported as such.
 */

type Leaf = { value: string; node: ElementNode };

type Frame = {
  node: ElementNode;
  text: string;
  hasChildren: boolean;
  /** Child and grandchild values by relative path (`Einddatum`, `Product/Code`), for rule contexts only. */
  leaves: Map<string, Leaf> | undefined;
  /** TR101 candidates among this element's children: class → key → siblings in document order. */
  groups: Map<string, Map<string, ElementNode[]>> | undefined;
};

/** A message is a function when it names another element: its path is only final at the end. */
type Pending = { code: FindingCode; node: ElementNode; message: string | (() => string) };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ABSENT = '\u0000';
/** A real calendar date as `YYYY-MM-DD` (comparable as text), or undefined: 2023-02-30 is no date. */
const dateOf = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  if (trimmed === undefined || !ISO_DATE.test(trimmed)) return undefined;
  const [y, m, d] = trimmed.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? trimmed : undefined;
};
const dutchDate = (iso: string): string => iso.split('-').reverse().join('-');

export class RuleEngine {
  private readonly stack: Frame[] = [];
  private readonly pending: Pending[] = [];
  private readonly waitingForDagtekening: Leaf[] = [];
  private readonly contexts: ReadonlySet<string>;
  private dagtekening: string | undefined;

  constructor(private readonly rules: RuleSet) {
    this.contexts = new Set([...rules.periods.map((r) => r.context[r.context.length - 1]!), ...rules.duplicates.keys()]);
  }

  start(name: string): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      parent.hasChildren = true;
      parent.text = '';
    }
    const node = new ElementNode(name, parent?.node);
    this.stack.push({ node, text: '', hasChildren: false, leaves: this.contexts.has(name) ? new Map() : undefined, groups: undefined });
  }

  text(value: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame && !frame.hasChildren) frame.text += value;
  }

  end(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    if (!frame.hasChildren) this.leaf({ value: frame.text, node: frame.node });
    if (frame.leaves) this.context(frame);
    if (frame.groups) this.duplicates(frame.groups);
  }

  /** Every finding, with its path; call after the last `end`. */
  finish(): Finding[] {
    for (const leaf of this.waitingForDagtekening) this.checkDagtekening(leaf);
    return this.pending.map((p) => finding(p.code, p.node.xpath(), typeof p.message === 'string' ? p.message : p.message()));
  }

  private leaf(leaf: Leaf): void {
    const { node } = leaf;
    const parent = this.stack[this.stack.length - 1];
    parent?.leaves?.set(node.name, leaf);
    this.stack[this.stack.length - 2]?.leaves?.set(`${parent!.node.name}/${node.name}`, leaf);
    if (node.name === 'Bsn' && this.rules.elfproef && isNineDigits(leaf.value) && !passesElfproef(leaf.value)) {
      this.pending.push({ code: 'CS002', node, message: 'Het BSN voldoet niet aan de 11-proef.' });
    }
    if (node.endsWith(DAGTEKENING_PATH) && !node.parent?.parent?.parent?.parent) this.dagtekening = dateOf(leaf.value);
    if (this.rules.dagtekeningDates.some((rule) => node.endsWith(rule.path))) {
      if (this.dagtekening === undefined) this.waitingForDagtekening.push(leaf);
      else this.checkDagtekening(leaf);
    }
  }

  private checkDagtekening(leaf: Leaf): void {
    const date = dateOf(leaf.value);
    if (date && this.dagtekening && date > this.dagtekening) {
      this.pending.push({ code: 'TR134', node: leaf.node, message: `${leaf.node.name} ${dutchDate(date)} ligt na de Dagtekening van het bericht (${dutchDate(this.dagtekening)}).` });
    }
  }

  /** A rule context closed: check its periods and file it among its siblings for TR101. */
  private context(frame: Frame): void {
    for (const rule of this.rules.periods) if (frame.node.endsWith(rule.context)) this.period(rule, frame.leaves!);
    const duplicate = this.rules.duplicates.get(frame.node.name);
    const parent = this.stack[this.stack.length - 1];
    if (!duplicate || !parent) return;
    // XSLT `text()`: an empty element has no text node, so it counts as absent, like a missing one.
    const key = duplicate.key.map((path) => frame.leaves!.get(path)?.value || ABSENT).join(ABSENT);
    const groups = (parent.groups ??= new Map());
    let byKey = groups.get(duplicate.element);
    if (!byKey) groups.set(duplicate.element, (byKey = new Map()));
    const siblings = byKey.get(key);
    if (siblings) siblings.push(frame.node);
    else byKey.set(key, [frame.node]);
  }

  private period(rule: PeriodRule, leaves: Map<string, Leaf>): void {
    const end = leaves.get(rule.end);
    if (!end) return;
    const begin = leaves.get(rule.begin);
    if (!begin) {
      this.pending.push({ code: rule.code, node: end.node, message: `${rule.end} is gevuld maar ${rule.begin} ontbreekt.` });
      return;
    }
    const [endDate, beginDate] = [dateOf(end.value), dateOf(begin.value)];
    if (endDate && beginDate && endDate < beginDate) {
      this.pending.push({ code: rule.code, node: end.node, message: `${rule.end} ${dutchDate(endDate)} ligt voor ${rule.begin} ${dutchDate(beginDate)}.` });
    }
    if (rule.endNotAfterDagtekening && endDate && this.dagtekening && endDate > this.dagtekening) {
      this.pending.push({ code: rule.code, node: end.node, message: `${rule.end} ${dutchDate(endDate)} ligt na de Dagtekening van het bericht (${dutchDate(this.dagtekening)}).` });
    }
  }

  private duplicates(groups: Map<string, Map<string, ElementNode[]>>): void {
    for (const [element, byKey] of groups) {
      const keyNames = this.rules.duplicates.get(element)!.key.join(', ');
      for (const siblings of byKey.values()) {
        if (siblings.length < 2) continue;
        const [first, last] = [siblings[0]!, siblings[siblings.length - 1]!];
        this.pending.push({
          code: 'TR101',
          node: last,
          message: () => `${element} komt ${siblings.length} keer voor met dezelfde sleutel (${keyNames}); de eerste staat op ${first.xpath()}.`,
        });
      }
    }
  }
}
