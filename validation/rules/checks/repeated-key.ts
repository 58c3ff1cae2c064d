import type { El } from '../element.ts';
import type { SetCheck } from '../types.ts';

/**
 * "Not again within the message": a member whose key an earlier member of the same scope already
 * has (TR383: a ReferentieAanbieder used twice; TR416: a second debet Prestatie for the same
 * period, product and assignment). Unlike TR101's duplicateKey, members without a key
 * (`undefined`) take no part: in these templates an absent element never equals another one.
 * `what` names the key in the Dutch detail. Each repeat is reported once, naming the first member
 * with its key; the XSLT's `preceding-sibling` loops report every pair, which would make a
 * message with one key 20,000 times 200 million findings.
 */
export function repeatedKey(
  code: string,
  p: { member: string; scope: string; key: (member: El) => string | undefined; what: string },
): SetCheck<string> {
  const element = p.member.split('/').pop()!;
  return {
    kind: 'set',
    code,
    member: p.member,
    scope: p.scope,
    collect: (el) => p.key(el),
    check(members) {
      const found = [];
      const first = new Map<string, El>();
      for (const { el, summary: key } of members) {
        if (key === undefined) continue;
        const earlier = first.get(key);
        if (earlier) found.push({ at: el, detail: `${element} met ${p.what} gelijk aan die op ${earlier.xpath()}.` });
        else first.set(key, el);
      }
      return found;
    },
  };
}
