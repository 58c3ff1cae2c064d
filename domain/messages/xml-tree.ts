import { readXml, type Attribute } from './xml-reader.ts';

/**
 * A whole document as a small tree with resolved namespaces, read by the safe reader (no DTD, no
 * entities): for code that needs the structure of a message (the StUF envelope, a retour built
 * from its heen-bericht). Elements keep their qualified name and attributes as written, so a tree
 * can be written back the way it came.
 */
export type XmlNode = {
  qname: string;
  ns: string | undefined;
  local: string;
  attributes: readonly Attribute[];
  content: (XmlNode | string)[];
};

/** Thrown for a prefix that no xmlns declares (what a namespace-aware parser refuses). */
export class UndeclaredPrefix extends Error {
  constructor(
    readonly prefix: string,
    readonly qname: string,
  ) {
    super(`Het voorvoegsel "${prefix}" van ${qname} is niet gedeclareerd.`);
  }
}

/** Reads `text` into a tree; XmlRefusal for what the safe reader refuses, UndeclaredPrefix as above. */
export function readTree(text: string): XmlNode {
  const stack: XmlNode[] = [];
  const scopes: Map<string, string>[] = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  let root: XmlNode | undefined;
  readXml(text, {
    start(qname, _pos, attributes) {
      const scope = new Map(scopes[scopes.length - 1]);
      for (const [name, value] of attributes ?? []) {
        if (name === 'xmlns') scope.set('', value);
        else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
      }
      const colon = qname.indexOf(':');
      const prefix = colon === -1 ? '' : qname.slice(0, colon);
      const ns = scope.get(prefix);
      if (prefix !== '' && ns === undefined) throw new UndeclaredPrefix(prefix, qname);
      const node: XmlNode = {
        qname,
        ns: ns || undefined,
        local: qname.slice(colon + 1),
        attributes: attributes ?? [],
        content: [],
      };
      stack[stack.length - 1]?.content.push(node);
      root ??= node;
      stack.push(node);
      scopes.push(scope);
    },
    text(value) {
      stack[stack.length - 1]?.content.push(value);
    },
    end() {
      stack.pop();
      scopes.pop();
    },
  });
  return root!;
}
