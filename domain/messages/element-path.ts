import { localName, readXml } from './xml-reader.ts';

/**
 * Elements as the findings point at them: the XPath-like `Locatie` of the official XSLT
 * (template `printXPath`): local names from the root, with `[n]` only where the element has
 * siblings of the same name. While reading, the number of same-name siblings is not known yet, so
 * a node remembers its parent and ordinal and the path is built once the document is read. The
 * rules' El (validation/rules/element.ts) is one of these with children and text.
 */
export class ElementNode {
  /** Children per local name, counted as they start. */
  childCounts: Map<string, number> | undefined;
  readonly ordinal: number;

  constructor(
    readonly name: string,
    readonly parent: ElementNode | undefined,
  ) {
    if (parent) {
      const count = (parent.childCounts?.get(name) ?? 0) + 1;
      (parent.childCounts ??= new Map()).set(name, count);
      this.ordinal = count;
    } else {
      this.ordinal = 1;
    }
  }

  /** True when the element's path ends with `suffix` (`['ToegewezenProduct', 'Einddatum']`). */
  endsWith(suffix: readonly string[]): boolean {
    let node: ElementNode | undefined = this;
    for (let i = suffix.length - 1; i >= 0; i--, node = node.parent) {
      if (!node || node.name !== suffix[i]) return false;
    }
    return true;
  }

  /** `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum`; final once the parent is read. */
  xpath(): string {
    const steps: string[] = [];
    for (let node: ElementNode | undefined = this; node; node = node.parent) {
      const siblings = node.parent?.childCounts?.get(node.name) ?? 1;
      steps.push(siblings > 1 ? `${node.name}[${node.ordinal}]` : node.name);
    }
    return `/${steps.reverse().join('/')}`;
  }
}

/**
 * The paths of elements named in errors that only give a line (libxml2: `file.xml:12: … Element
 * '{ns}Bsn': …`): per wanted line, the first element with that local name starting on it, or the
 * first element starting on that line when no name is given or none matches. Reads the (already
 * checked) text once more; only called for files that failed their schema.
 */
export function pathsAtLines(text: string, wanted: ReadonlyMap<number, string | undefined>): Map<number, string> {
  const found = new Map<number, ElementNode>();
  const stack: ElementNode[] = [];
  let line = 1;
  let counted = 0;
  readXml(text, {
    start(qname, pos) {
      for (let i = text.indexOf('\n', counted); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
      counted = pos;
      const node = new ElementNode(localName(qname), stack[stack.length - 1]);
      stack.push(node);
      if (wanted.has(line)) {
        const name = wanted.get(line);
        const current = found.get(line);
        if (!current || (name !== undefined && current.name !== name && node.name === name)) found.set(line, node);
      }
    },
    text() {},
    end() {
      stack.pop();
    },
  });
  return new Map([...found].map(([at, node]) => [at, node.xpath()]));
}
