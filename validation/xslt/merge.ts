import type { Finding } from '../../domain/messages/findings.ts';
import type { Standard } from '../../domain/messages/message-codes.ts';
import { MAX_FINDINGS_PER_CODE } from '../check-message.ts';
import { catalogue } from '../rules/registry.ts';
import type { XsltFinding } from './types.ts';

/**
 * Our own findings of one message and those of the official rule files, as one list. Pure.
 *
 * - The same code at the same location from both is listed once: ours (its Dutch text, line and
 *   rule text are better), marked `official: confirmed`; when ours has no retourcode, the rule
 *   file's fills it. A Fout matches when any of its Locaties is our location.
 * - A Fout only a rule file has is added: its code and first Locatie, severity `fout`, marked
 *   `official: reported`. Message: the Fout's Details, else our catalogue's Dutch rule text for
 *   the code, else a plain "gemeld door"; the rule is our catalogue's text where we have it. The
 *   same Fout twice (two rule files, or one reporting it twice) is added once.
 * - As for our own rules (check-message.ts), at most `maxPerCode` findings per code are listed; the
 *   rule files' rest becomes one counting note at `/` (with `omitted`). A code of which we already
 *   list that many gets nothing more.
 */
export function mergeFindings(
  ours: readonly Finding[],
  fromXslt: readonly XsltFinding[],
  standard: Standard,
  maxPerCode = MAX_FINDINGS_PER_CODE,
): Finding[] {
  const merged = [...ours];
  const ourIndex = new Map<string, number[]>();
  const oursPerCode = new Map<string, number>();
  ours.forEach((f, i) => {
    const k = key(f.code, f.location);
    ourIndex.set(k, [...(ourIndex.get(k) ?? []), i]);
    oursPerCode.set(f.code, (oursPerCode.get(f.code) ?? 0) + 1);
  });
  const listed = new Map(oursPerCode);
  const added = new Set<string>();
  const overflow = new Map<string, { count: number; first: XsltFinding }>();
  for (const x of fromXslt) {
    const matches = x.locations.flatMap((l) => ourIndex.get(key(x.code, l)) ?? []);
    if (matches.length > 0) {
      for (const i of matches) {
        const f = merged[i]!;
        merged[i] = {
          ...f,
          retourcode: f.retourcode ?? x.retourcode,
          official: f.official ?? { ruleFile: x.source, role: 'confirmed' },
        };
      }
      continue;
    }
    const own = key(x.code, x.locations.map((l) => l.trim()).join('\u0001'));
    if (added.has(own)) continue;
    added.add(own);
    // Our own list of this code is full and ends with its own count: the rule file's are among them.
    if ((oursPerCode.get(x.code) ?? 0) >= maxPerCode) continue;
    const count = listed.get(x.code) ?? 0;
    if (count >= maxPerCode) {
      const o = overflow.get(x.code) ?? { count: 0, first: x };
      overflow.set(x.code, { ...o, count: o.count + 1 });
      continue;
    }
    listed.set(x.code, count + 1);
    merged.push(reported(x, standard));
  }
  for (const [code, { count, first }] of overflow) {
    merged.push({
      ...reported({ ...first, location: '/', locations: ['/'] }, standard),
      code,
      message: `Nog ${count} keer gemeld door de officiële regelset ${first.source}; alleen de eerste ${maxPerCode} staan hierboven.`,
      omitted: count,
    });
  }
  return merged;
}

/** A Fout only the rule file reports, as a finding. */
function reported(x: XsltFinding, standard: Standard): Finding {
  const definition = catalogue(standard).get(x.code);
  const plain = `Gemeld door de officiële regelset ${x.source}.`;
  const also = x.locations.length > 1 ? ` Betreft ook ${x.locations.slice(1).join(', ')}.` : '';
  return {
    code: x.code,
    severity: 'fout',
    location: x.location,
    line: null,
    message: `${x.details ?? definition?.text ?? plain}${also} (officiële regelset)`,
    rule: definition?.text ?? x.details ?? plain,
    retourcode: x.retourcode ?? definition?.retourcode ?? null,
    official: { ruleFile: x.source, role: 'reported' },
  };
}

const key = (code: string, location: string): string => `${code}\u0000${location.trim()}`;
