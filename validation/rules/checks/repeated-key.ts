import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';

/**
 * "Not again within the message": a member whose key an earlier member of the same scope already
 * has, reported pair by pair as the XSLT's `preceding-sibling` loops do (TR383: a ReferentieAanbieder
 * used twice; TR416: a second debet Prestatie for the same period, product and assignment). Unlike
 * TR101's duplicateKey, members without a key (`undefined`) take no part: in these templates an
 * absent element never equals another one. `what` names the key in the Dutch detail.
 */
export function repeatedKey(code: string, p: { member: string; scope: string; key: (member: El) => string | undefined; what: string }): SetCheck<string> {
  const element = p.member.split('/').pop()!;
  return {
    kind: 'set',
    code,
    member: p.member,
    scope: p.scope,
    collect: (el) => p.key(el),
    check(members) {
      const found = [];
      for (let i = 1; i < members.length; i++) {
        for (let j = 0; j < i; j++) {
          const [later, earlier] = [members[i]!, members[j]!];
          if (later.summary !== earlier.summary) continue;
          found.push({ at: later.el, detail: `${element} met ${p.what} gelijk aan die op ${earlier.el.xpath()}.` });
        }
      }
      return found;
    },
  };
}
