import { El } from './element.ts';
import type {
  Check,
  CheckResult,
  Collected,
  ElementCheck,
  MessageContext,
  MessageRuleTable,
  SetCheck,
  Violation,
} from './types.ts';
import type { MessageId } from '../../domain/messages/message-codes.ts';

/**
 * Runs the checks of one message type while the message is read, in one pass. Elements are built
 * as they come; a record (one of the repeated berichtklassen below) is checked as soon as it ends
 * and then dropped, so memory follows the largest record, not the file. Checks outside records
 * run at the end of the message, when everything that is kept is there.
 */

/** The classes that repeat (maxOccurs="unbounded" in the iWmo/iJw 3.2 XSDs): the unit of checking and forgetting. */
export const RECORD_ELEMENTS: ReadonlySet<string> = new Set([
  'AangevraagdProduct',
  'Client',
  'Contact',
  'NieuwProduct',
  'OngewijzigdProduct',
  'Prestatie',
  'Relatie',
  'StartProduct',
  'StopProduct',
  'TeWijzigenProduct',
  'ToegewezenProduct',
]);

export type RawViolation = { code: string; at: El; detail: string | undefined };

type Matcher<C> = { check: C; suffix: readonly string[] };

const DAGTEKENING = ['Bericht', 'Header', 'BerichtIdentificatie', 'Dagtekening'];

function index<C>(items: readonly C[], path: (c: C) => string): Map<string, Matcher<C>[]> {
  const byName = new Map<string, Matcher<C>[]>();
  for (const check of items) {
    const suffix = path(check).split('/').filter(Boolean);
    const last = suffix[suffix.length - 1]!;
    let list = byName.get(last);
    if (!list) byName.set(last, (list = []));
    list.push({ check, suffix });
  }
  return byName;
}

type Pending = { check: ElementCheck; el: El };

export class RuleEvaluator {
  private readonly elementChecks: Map<string, Matcher<ElementCheck>[]>;
  private readonly setMembers: Map<string, Matcher<SetCheck>[]>;
  private readonly scopes: ReadonlySet<string>;
  private readonly stack: El[] = [];
  /** Element checks waiting for their record; index 0 waits for the end of the message. */
  private readonly pending: Pending[][] = [[]];
  /** Collected set members per scope element, per check. */
  private readonly sets = new Map<El, Map<SetCheck, Collected<unknown>[]>>();
  private readonly violations: RawViolation[] = [];
  private root: El | undefined;
  readonly context: MessageContext;

  constructor(table: MessageRuleTable, message: MessageId) {
    const checks: readonly Check[] = table.checks;
    this.elementChecks = index(
      checks.filter((c): c is ElementCheck => c.kind === 'element'),
      (c) => c.context,
    );
    const sets = checks.filter((c): c is SetCheck => c.kind === 'set');
    this.setMembers = index(sets, (c) => c.member);
    this.scopes = new Set(sets.map((c) => c.scope));
    this.context = { message, root: undefined as unknown as El, dagtekening: undefined };
  }

  start(name: string, pos: number): void {
    const el = new El(name, this.stack[this.stack.length - 1], pos);
    if (!this.root) {
      this.root = el;
      this.context.root = el;
    }
    this.stack.push(el);
    if (RECORD_ELEMENTS.has(name) && el.depth > 1) this.pending.push([]);
  }

  text(value: string): void {
    const el = this.stack[this.stack.length - 1];
    if (el && el.children.length === 0) el.text += value;
  }

  end(): void {
    const el = this.stack.pop();
    if (!el) return;
    if (el.children.length > 0) el.text = '';
    else if (el.name === 'Dagtekening' && el.depth === 4 && el.endsWith(DAGTEKENING))
      this.context.dagtekening = el.text.trim();

    const checks = this.elementChecks.get(el.name);
    if (checks) {
      const waiting = this.pending[this.pending.length - 1]!;
      for (const { check, suffix } of checks) if (el.endsWith(suffix)) waiting.push({ check, el });
    }
    const members = this.setMembers.get(el.name);
    if (members) for (const { check, suffix } of members) if (el.endsWith(suffix)) this.collect(check, el);

    if (this.scopes.has(el.name)) this.closeSets(el);
    if (RECORD_ELEMENTS.has(el.name) && el.depth > 1) {
      this.runPending(this.pending.pop()!);
      el.release();
    }
  }

  /** Every violation in document order; call after the last `end`. */
  finish(): RawViolation[] {
    this.runPending(this.pending[0]!);
    for (const scope of [...this.sets.keys()]) this.closeSets(scope);
    return this.violations.sort((a, b) => a.at.pos - b.at.pos);
  }

  private runPending(list: readonly Pending[]): void {
    for (const { check, el } of list) this.report(check.code, el, check.check(el, this.context));
  }

  private collect(check: SetCheck, member: El): void {
    let scope = member.parent;
    while (scope && scope.name !== check.scope) scope = scope.parent;
    if (!scope) return;
    const summary = check.collect(member, this.context);
    if (summary === undefined) return;
    let byCheck = this.sets.get(scope);
    if (!byCheck) this.sets.set(scope, (byCheck = new Map()));
    let list = byCheck.get(check);
    if (!list) byCheck.set(check, (list = []));
    list.push({ el: member, summary });
  }

  private closeSets(scope: El): void {
    const byCheck = this.sets.get(scope);
    if (!byCheck) return;
    this.sets.delete(scope);
    for (const [check, members] of byCheck) this.report(check.code, scope, check.check(members, scope, this.context));
  }

  private report(code: string, el: El, result: CheckResult): void {
    if (result === undefined || result === false) return;
    if (result === true) {
      this.violations.push({ code, at: el, detail: undefined });
      return;
    }
    const list: readonly Violation[] = Array.isArray(result) ? result : [result as Violation];
    for (const v of list) this.violations.push({ code, at: v.at ?? el, detail: v.detail });
  }
}
