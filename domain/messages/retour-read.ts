import type { RetourCodes } from '../message-exchange.ts';
import { localName, readXml } from './xml-reader.ts';

/**
 * The RetourCodes of a retour (302 … 320, iEb 406/408) or a declaratie-antwoord (325), per
 * berichtklasse in document order (of the berichtklasse's start tag: Header, Client, Relatie 1,
 * Contact 1 …). A berichtklasse is named by the local name of the element that holds the
 * RetourCodes (`Header`, `Client`, `ToegewezenProduct`, `Prestatie` …); when a name occurs more
 * than once every occurrence gets its 1-based number (`ToegewezenProduct 1`, `ToegewezenProduct 2`),
 * so the names are unique. A message without RetourCodes gives [].
 * Throws XmlRefusal (xml-reader) when the text is not well-formed or has a DTD. Pure.
 */
export function readRetourCodes(xml: string | Uint8Array): RetourCodes {
  const text = typeof xml === 'string' ? xml : new TextDecoder('utf-8').decode(xml);
  const path: { local: string; order: number }[] = [];
  const found: { klasse: string; order: number; codes: string[] }[] = [];
  let current: { klasse: string; order: number; codes: string[] } | undefined;
  let elements = 0;
  let code: string | undefined;
  readXml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    start(qname) {
      const local = localName(qname);
      if (local === 'RetourCodes' && path.length > 0) {
        const parent = path[path.length - 1]!;
        current = { klasse: parent.local, order: parent.order, codes: [] };
        found.push(current);
      } else if (local === 'RetourCode' && current) code = '';
      path.push({ local, order: elements++ });
    },
    text(value) {
      if (code !== undefined) code += value;
    },
    end(qname) {
      path.pop();
      const local = localName(qname);
      if (local === 'RetourCode' && current && code !== undefined) {
        current.codes.push(code.trim());
        code = undefined;
      } else if (local === 'RetourCodes') current = undefined;
    },
  });
  found.sort((a, b) => a.order - b.order);
  const totals = new Map<string, number>();
  for (const { klasse } of found) totals.set(klasse, (totals.get(klasse) ?? 0) + 1);
  const seen = new Map<string, number>();
  return found.map(({ klasse, codes }) => {
    if (totals.get(klasse)! === 1) return { berichtklasse: klasse, codes };
    const n = (seen.get(klasse) ?? 0) + 1;
    seen.set(klasse, n);
    return { berichtklasse: `${klasse} ${n}`, codes };
  });
}
