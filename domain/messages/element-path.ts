import { localName, readXml } from './xml-reader.ts';

/**
 * Elements as the findings point at them: the XPath-like `Locatie` of the official XSLT
 * (template `printXPath`): local names from the root, with `[n]` only where the element has
 * siblings of the same name. While reading, the number of same-name siblings is not known yet, so
 * a node remembers its parent and ordinal and the path is built once the document is read. The
 * rules' El (validation/rules/element.ts) is one of these with children and text.
 */
export class ElementNode {
  /**
   * Children per local name, counted as they start: names and counts side by side. An element has
   * a handful of child names, so a linear search beats a Map, of which a 25 MB message would make
   * two hundred thousand.
   */
  private childNames: string[] | undefined;
  private childNameCounts: number[] | undefined;
  readonly ordinal: number;

  constructor(
    readonly name: string,
    readonly parent: ElementNode | undefined,
  ) {
    this.ordinal = parent ? parent.countChild(name) : 1;
  }

  /** How many children named `name` this element has seen so far, this one included. */
  private countChild(name: string): number {
    const names = (this.childNames ??= []);
    const counts = (this.childNameCounts ??= []);
    const index = names.indexOf(name);
    if (index === -1) {
      names.push(name);
      counts.push(1);
      return 1;
    }
    return ++counts[index]!;
  }

  /** How many children named `name` this element has (so far, while it is being read). */
  childCount(name: string): number {
    const index = this.childNames?.indexOf(name) ?? -1;
    return index === -1 ? 0 : this.childNameCounts![index]!;
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
      const siblings = node.parent?.childCount(node.name) ?? 1;
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
