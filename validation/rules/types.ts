import type { MessageId, MessageNumber, Standard } from '../../domain/messages/message-codes.ts';
import type { El } from './element.ts';

/**
 * The vocabulary of the single-message rules: what the iStandaarden publish about a rule (its
 * definition), how one message type checks it (a check in that type's table), and what a check
 * reports (a violation, which becomes a Finding with code, Dutch text, location and severity).
 */

export type RuleKind = 'TR' | 'CS' | 'CD';

/**
 * `fout`: the receiver rejects the message (or the class) with the rule's retourcode.
 * `waarschuwing`: reported by the validation module, but no retour rejects on it.
 */
export type Severity = 'fout' | 'waarschuwing';

/** A rule as the iStandaarden word it, the same for every message type that applies it. */
export type RuleDefinition = {
  code: string;
  kind: RuleKind;
  /** The official Dutch rule text. */
  text: string;
  /** WJ001 retourcode the receiver answers with, when the iStandaarden name one. */
  retourcode: string | null;
  severity: Severity;
};

/** What the whole message offers every check: its type and the header, read before any class. */
export type MessageContext = {
  message: MessageId;
  root: El;
  /** `Header/BerichtIdentificatie/Dagtekening` as written (`YYYY-MM-DD`), once the header is read. */
  dagtekening: string | undefined;
};

/** One problem a check found: where (default: the element checked) and, optionally, what exactly. */
export type Violation = {
  at?: El;
  /** Dutch detail for this case, e.g. "Einddatum 01-01-2023 ligt voor Ingangsdatum 02-02-2023". */
  detail?: string;
};

export type CheckResult = Violation | readonly Violation[] | boolean | undefined | void;

/**
 * A check on one element, matched by the end of its path (`ToegewezenProduct`,
 * `Omvang/Frequentie`, `Client/Bsn`). It runs once the enclosing record (see RECORD_ELEMENTS in
 * evaluator.ts) has been read, or at the end of the message outside records, so it may look at
 * the element's whole subtree, at its siblings and ancestors within that record, at the header,
 * and at every non-record element. Returning `true` means "violated, at the element itself".
 */
export type ElementCheck = {
  kind: 'element';
  code: string;
  context: string;
  check(el: El, message: MessageContext): CheckResult;
};

/**
 * A check across the members of a repeated class within one scope (duplicates, overlapping
 * periods, totals): `collect` runs per member while its record is complete and keeps a small
 * summary; `check` runs when the scope element ends, over every summary in document order.
 */
export type SetCheck<S = unknown> = {
  kind: 'set';
  code: string;
  /** Path suffix of the members, e.g. `ToegewezenProducten/ToegewezenProduct`. */
  member: string;
  /** Local name of the ancestor whose end closes the set (`Client`, `Bericht`). */
  scope: string;
  collect(member: El, message: MessageContext): S | undefined;
  check(members: readonly Collected<S>[], scope: El, message: MessageContext): CheckResult;
};

export type Collected<S> = { el: El; summary: S };

// Each set check has its own summary type; the table holds them side by side, so the summary is erased here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Check = ElementCheck | SetCheck<any>;

/** A rule of the standard this validator cannot check on one message, and why. */
export type NotChecked = { code: string; reason: string };

/** Every rule of one message type of one standard release: compare with the published rule list. */
export type MessageRuleTable = {
  standard: Standard;
  message: MessageNumber;
  /** The release and rule publication it follows, e.g. "iWmo 3.2, validatieregels XSLTVersie 2.10.5". */
  release: string;
  checks: readonly Check[];
  notChecked: readonly NotChecked[];
};
