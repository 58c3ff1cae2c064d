import { REFUSAL_CODES, type Finding, type Severity } from '../../domain/messages/findings.ts';
import { retourcodeMeaning } from '../../domain/messages/retourcodes.ts';
import { html, type Html } from '../../html.ts';

/**
 * The findings of one file, grouped per rule code: a large file can break one rule thousands of
 * times, and the person fixing it needs the rule once and the places as a list. Refusals and XSD
 * errors come first (nothing else counts until they are fixed), then fout, then waarschuwing.
 */

/** Rows shown per group before the rest goes into a `<details>`. */
export const SHOWN_PER_GROUP = 10;

export type FindingGroup = {
  code: string;
  severity: Severity;
  rule: string;
  retourcode: string | null;
  /** The findings listed, in the order the validator gave them (document order). */
  findings: Finding[];
  /** How often the rule was broken: the listed findings plus those only counted (see `overflowOf`). */
  total: number;
  /** The validator's note on findings beyond its cap ("Nog N keer gevonden; …"), if any. */
  overflowNote: string | undefined;
};

/**
 * The number of findings a cap note stands for (validation/check-message.ts), or undefined when `f` is a finding of its
 * own.
 */
export const overflowOf = (f: Finding): number | undefined => f.omitted;

function rank(group: Pick<FindingGroup, 'code' | 'severity'>): number {
  if (REFUSAL_CODES.has(group.code)) return 0;
  if (group.code === 'XSD') return 1;
  return group.severity === 'fout' ? 2 : 3;
}

/** Findings per code: refusals, XSD, fout, waarschuwing; within each, in order of first appearance. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    let group = groups.get(f.code);
    if (!group) {
      group = {
        code: f.code,
        severity: f.severity,
        rule: f.rule,
        retourcode: f.retourcode,
        findings: [],
        total: 0,
        overflowNote: undefined,
      };
      groups.set(f.code, group);
    }
    if (f.severity === 'fout') group.severity = 'fout';
    const more = overflowOf(f);
    if (more === undefined) {
      group.findings.push(f);
      group.total++;
    } else {
      group.total += more;
      group.overflowNote = f.message;
    }
  }
  // Array.prototype.sort is stable: equal ranks keep the order of first appearance.
  return [...groups.values()].sort((a, b) => rank(a) - rank(b));
}

/** The number of times rules were broken in these findings, counting what the validator only counted. */
export function findingCount(findings: readonly Finding[]): number {
  return findings.reduce((n, f) => n + (overflowOf(f) ?? 1), 0);
}

const SEVERITY_LABELS: Record<Severity, string> = { fout: 'Fout', waarschuwing: 'Waarschuwing' };

const times = (n: number): string => (n === 1 ? '1 keer gevonden' : `${n.toLocaleString('nl-NL')} keer gevonden`);

function rows(findings: readonly Finding[]): Html {
  return html`${findings.map(
    (f) =>
      html`<tr><td class="pz-location">${f.location === '/' ? html`/ <span class="pz-detail">(het hele bestand)</span>` : f.location}</td><td>${f.line ?? '-'}</td><td>${f.message}</td></tr>`,
  )}`;
}

function table(caption: string, findings: readonly Finding[]): Html {
  return html`<table class="pz-table pz-table--findings">
      <caption class="pz-visually-hidden">${caption}</caption>
      <thead><tr><th scope="col">Locatie</th><th scope="col">Regelnummer</th><th scope="col">Melding</th></tr></thead>
      <tbody>${rows(findings)}</tbody>
    </table>`;
}

function retourText(group: FindingGroup): string {
  if (group.retourcode) return `Retourcode ${group.retourcode}: ${retourcodeMeaning(group.retourcode)}.`;
  return rank(group) <= 1
    ? 'Geen retourcode: het bestand wordt geweigerd voordat het een ontvanger bereikt.'
    : 'Geen retourcode.';
}

function groupSection(group: FindingGroup, id: string): Html {
  const shown = group.findings.slice(0, SHOWN_PER_GROUP);
  const rest = group.findings.slice(SHOWN_PER_GROUP);
  const listed = group.findings.length;
  return html`<section class="pz-finding-group pz-finding-group--${group.severity}" aria-labelledby="${id}">
    <h4 class="pz-finding-group__title" id="${id}"><span class="pz-finding-group__code">${group.code}</span>
      <span class="pz-severity pz-severity--${group.severity}">${SEVERITY_LABELS[group.severity]}</span>
      <span class="pz-finding-group__count">${times(group.total)}</span></h4>
    <p class="pz-finding-group__rule"><span class="pz-visually-hidden">Validatieregel: </span>${group.rule}</p>
    <p class="pz-finding-group__retour">${retourText(group)}</p>
    ${listed > 0 ? table(`${group.code}: vindplaatsen${rest.length ? ` 1 tot en met ${shown.length} van ${listed}` : ''}`, shown) : ''}
    ${
      rest.length
        ? html`<details class="pz-details"><summary>Toon alle ${listed}</summary>
          ${table(`${group.code}: vindplaatsen ${SHOWN_PER_GROUP + 1} tot en met ${listed}`, rest)}
        </details>`
        : ''
    }
    ${group.overflowNote ? html`<p class="pz-hint">${group.overflowNote}</p>` : ''}
  </section>`;
}

/** The grouped findings of one file; `idPrefix` keeps the ids unique when a ZIP holds many files. */
export function findingGroups(findings: readonly Finding[], idPrefix: string): Html {
  const groups = groupFindings(findings);
  if (groups.length === 0) return html``;
  return html`<div class="pz-finding-groups">${groups.map((g, i) => groupSection(g, `${idPrefix}-regel-${i + 1}`))}</div>`;
}
