import { El } from './element.ts';
import type {
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

/** What the end of an element with a given local name may involve, looked up once per element. */
type NameRole = {
  elementChecks: readonly Matcher<ElementCheck>[];
  setMembers: readonly Matcher<SetCheck>[];
  /** Its end closes the sets of this scope name. */
  scope: boolean;
  /** A repeated berichtklasse (below the root): the unit of checking and forgetting. */
  record: boolean;
  /** Could be the header's Dagtekening. */
  dagtekening: boolean;
};

/** Most elements are values no check is about: they share this role. */
const NO_ROLE: NameRole = { elementChecks: [], setMembers: [], scope: false, record: false, dagtekening: false };

const DAGTEKENING = ['Bericht', 'Header', 'BerichtIdentificatie', 'Dagtekening'];

/**
 * The roles of the names a table is about, built once per table (tables are constants, so the
 * dispatch is cached with them): an end tag then looks only at the checks for its own name.
 */
const rolesByTable = new WeakMap<MessageRuleTable, ReadonlyMap<string, NameRole>>();

function rolesOf(table: MessageRuleTable): ReadonlyMap<string, NameRole> {
  let roles = rolesByTable.get(table);
  if (roles) return roles;
  const byName = new Map<string, NameRole>();
  const role = (name: string): NameRole => {
    let found = byName.get(name);
    if (!found) byName.set(name, (found = { ...NO_ROLE, elementChecks: [], setMembers: [] }));
    return found;
  };
  const matcher = <C>(check: C, path: string): { name: string; matcher: Matcher<C> } => {
    const suffix = path.split('/').filter(Boolean);
    return { name: suffix[suffix.length - 1]!, matcher: { check, suffix } };
  };
  for (const check of table.checks) {
    if (check.kind === 'element') {
      const { name, matcher: m } = matcher(check, check.context);
      (role(name).elementChecks as Matcher<ElementCheck>[]).push(m);
    } else {
      const { name, matcher: m } = matcher<SetCheck>(check, check.member);
      (role(name).setMembers as Matcher<SetCheck>[]).push(m);
      role(check.scope).scope = true;
    }
  }
  for (const name of RECORD_ELEMENTS) role(name).record = true;
  role(DAGTEKENING[DAGTEKENING.length - 1]!).dagtekening = true;
  rolesByTable.set(table, (roles = byName));
  return roles;
}

export class RuleEvaluator {
  private readonly roles: ReadonlyMap<string, NameRole>;
  private readonly stack: El[] = [];
  /** The role of each element on the stack. */
  private readonly stackRoles: NameRole[] = [];
  /**
   * Element checks waiting for their record, side by side with their elements; `marks` holds where
   * each open record's own checks begin. Those before the first mark wait for the end of the message.
   */
  private readonly pendingChecks: ElementCheck[] = [];
  private readonly pendingEls: El[] = [];
  private readonly marks: number[] = [];
  /** Collected set members per scope element, per check. */
  private readonly sets = new Map<El, Map<SetCheck, Collected<unknown>[]>>();
  private readonly violations: RawViolation[] = [];
  private root: El | undefined;
  readonly context: MessageContext;

  constructor(table: MessageRuleTable, message: MessageId) {
    this.roles = rolesOf(table);
    this.context = { message, root: undefined as unknown as El, dagtekening: undefined };
  }

  start(name: string, pos: number): void {
    const el = new El(name, this.stack[this.stack.length - 1], pos);
    if (!this.root) {
      this.root = el;
      this.context.root = el;
    }
    const role = this.roles.get(name) ?? NO_ROLE;
    this.stack.push(el);
    this.stackRoles.push(role);
    if (role.record && el.depth > 1) this.marks.push(this.pendingChecks.length);
  }

  text(value: string): void {
    const el = this.stack[this.stack.length - 1];
    if (el && el.children.length === 0) el.text += value;
  }

  end(): void {
    const el = this.stack.pop();
    const role = this.stackRoles.pop();
    if (!el || !role) return;
    if (el.children.length > 0) el.text = '';
    else if (role.dagtekening && el.depth === 4 && el.endsWith(DAGTEKENING)) this.context.dagtekening = el.text.trim();
    if (role === NO_ROLE) return;

    for (const { check, suffix } of role.elementChecks)
      if (el.endsWith(suffix)) {
        this.pendingChecks.push(check);
        this.pendingEls.push(el);
      }
    for (const { check, suffix } of role.setMembers) if (el.endsWith(suffix)) this.collect(check, el);

    if (role.scope) this.closeSets(el);
    if (role.record && el.depth > 1) {
      this.runPending(this.marks.pop()!);
      el.release();
    }
  }

  /** Every violation in document order; call after the last `end`. */
  finish(): RawViolation[] {
    this.runPending(0);
    for (const scope of [...this.sets.keys()]) this.closeSets(scope);
    return this.violations.sort((a, b) => a.at.pos - b.at.pos);
  }

  /** Runs the checks pending from `from` on, in the order they matched, and forgets them. */
  private runPending(from: number): void {
    const { pendingChecks: checks, pendingEls: els } = this;
    for (let i = from; i < checks.length; i++)
      this.report(checks[i]!.code, els[i]!, checks[i]!.check(els[i]!, this.context));
    checks.length = from;
    els.length = from;
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
