import { ElementNode } from '../../domain/messages/element-path.ts';

/**
 * The view of a message a rule sees: an element with its local name, text, children and parent.
 * The evaluator builds these while it reads and drops the children of a finished record (a
 * repeated berichtklasse such as a ToegewezenProduct) once its rules have run, so a 25 MB message
 * never sits in memory as a tree. What stays is the element itself, which is all a finding needs
 * for its location (`xpath()`, as the official XSLT's `printXPath` writes it).
 */
// Never written to: El replaces it with an array of its own before the first push.
const NO_CHILDREN: El[] = [];

export class El extends ElementNode {
  declare readonly parent: El | undefined;
  readonly depth: number;
  /** Shared by every element without children until it gets one: most elements are values. */
  children: El[] = NO_CHILDREN;
  /** Character data of an element without child elements (a value); '' for containers. */
  text = '';

  constructor(
    name: string,
    parent: El | undefined,
    /** Offset of the start tag in the decoded text, for the line number of a finding. */
    readonly pos: number,
  ) {
    super(name, parent);
    this.depth = parent ? parent.depth + 1 : 1;
    if (!parent) return;
    if (parent.children === NO_CHILDREN) parent.children = [this];
    else parent.children.push(this);
  }

  /** The first child with this local name. */
  child(name: string): El | undefined {
    for (const c of this.children) if (c.name === name) return c;
    return undefined;
  }

  /** The first element at a relative path of local names (`Product/Code`), `..` for the parent. */
  at(path: string): El | undefined {
    let node: El | undefined = this;
    for (const step of steps(path)) {
      node = step === '..' ? node.parent : node.child(step);
      if (!node) return undefined;
    }
    return node;
  }

  /** Every element at a relative path, in document order. */
  all(path: string): El[] {
    let nodes: El[] = [this];
    for (const step of steps(path)) {
      const next: El[] = [];
      for (const node of nodes) {
        if (step === '..') {
          if (node.parent) next.push(node.parent);
        } else for (const c of node.children) if (c.name === step) next.push(c);
      }
      nodes = next;
    }
    return nodes;
  }

  /** The value at a path with whitespace normalised (XPath `normalize-space`), or undefined when absent. */
  value(path?: string): string | undefined {
    const node = path ? this.at(path) : this;
    return node ? normalizeSpace(node.text) : undefined;
  }

  /** The nearest ancestor-or-self with this local name. */
  ancestor(name: string): El | undefined {
    let node: El | undefined = this;
    while (node && node.name !== name) node = node.parent;
    return node;
  }

  /**
   * Forget a finished record: its subtree goes, and it leaves its parent's children (it is the last
   * one, having just ended). The element itself stays valid for locations and counts.
   */
  release(): void {
    this.children = NO_CHILDREN;
    const siblings = this.parent?.children;
    if (siblings && siblings[siblings.length - 1] === this) siblings.pop();
  }
}

const stepCache = new Map<string, readonly string[]>();
function steps(path: string): readonly string[] {
  let cached = stepCache.get(path);
  if (!cached) stepCache.set(path, (cached = path.split('/').filter((step) => step !== '' && step !== '.')));
  return cached;
}

/** XPath normalize-space: trim and collapse runs of XML whitespace. */
export function normalizeSpace(text: string): string {
  if (isNormal(text)) return text;
  const trimmed = text.trim();
  return /[\t\n\r ]{2}|[\t\n\r]/.test(trimmed) ? trimmed.replace(/[\t\n\r ]+/g, ' ') : trimmed;
}

/**
 * Most values are already normal (`01`, `2023-08-13`): they start and end with printable ASCII,
 * which `trim()` keeps, and have no tab, line end or double space. A scan of the codes says so
 * without the regular expression.
 */
function isNormal(text: string): boolean {
  const last = text.length - 1;
  if (last < 0 || !isPrintable(text.charCodeAt(0)) || !isPrintable(text.charCodeAt(last))) return false;
  for (let i = 1; i < last; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
    if (code === 0x20 && text.charCodeAt(i + 1) === 0x20) return false;
  }
  return true;
}

/** Printable ASCII other than space. */
const isPrintable = (code: number): boolean => code > 0x20 && code < 0x7f;
