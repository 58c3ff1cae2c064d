import type { SetCheck } from '../types.ts';
import { testValue } from '../values.ts';

/**
 * "At least one member has one of these values" (TR061: a Client's Contactgegevens hold a Contact
 * with Soort 01, 02 or 03). The members are records, released before their container is checked,
 * so each leaves whether it matches; the XSLT reports at every member, and so do we.
 */
export function someMemberHas(
  code: string,
  member: string,
  scope: string,
  p: { path: string; values: string },
): SetCheck<boolean> {
  const detail = `Geen ${member.split('/').pop()} met ${p.path} ${p.values.split(',').join(', ')}.`;
  const check: SetCheck<boolean>['check'] = (members) =>
    members.some((m) => m.summary) ? undefined : members.map((m) => ({ at: m.el, detail }));
  return { kind: 'set', code, member, scope, collect: (el) => testValue(el.at(p.path), p.values), check };
}
