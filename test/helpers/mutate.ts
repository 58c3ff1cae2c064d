import { DOMParser, XMLSerializer, type Element, type Node } from '@xmldom/xmldom';
import { exampleText } from './istandaarden.ts';

/**
 * Edits of an official example message by local-name path, for the rule corpus: each case takes a
 * valid example and changes just what breaks (or exercises) one rule. Paths start below the root
 * `Bericht` and may index siblings: `Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum`.
 * XML fragments write `m:` for the message's own namespace and `b:` for the basisschema; they are
 * given the example's real prefixes.
 */
export class Mutable {
  private readonly doc;
  private readonly root: Element;
  private readonly messagePrefix: string;
  private readonly basisPrefix: string;

  constructor(xml: string) {
    this.doc = new DOMParser().parseFromString(xml, 'text/xml');
    this.root = this.doc.documentElement!;
    this.messagePrefix = this.root.prefix ?? '';
    const attributes = Array.from({ length: this.root.attributes.length }, (_, i) => this.root.attributes.item(i)!);
    this.basisPrefix = attributes.find((a) => a.value.endsWith('/basisschema/schema'))?.localName ?? this.messagePrefix;
  }

  /** Every element at the path. */
  all(path: string): Element[] {
    let nodes: Element[] = [this.root];
    for (const step of path.split('/').filter(Boolean)) {
      const [, name, index] = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(step) ?? [];
      if (!name) throw new Error(`Bad path step ${step}`);
      const next = nodes.flatMap((node) => childElements(node).filter((c) => c.localName === name));
      nodes = index ? (next[Number(index) - 1] ? [next[Number(index) - 1]!] : []) : next;
    }
    return nodes;
  }

  private one(path: string): Element {
    const [first] = this.all(path);
    if (!first) throw new Error(`No element at ${path}`);
    return first;
  }

  /** Sets the text of the (first) element at the path. */
  set(path: string, value: string): this {
    const el = this.one(path);
    while (el.firstChild) el.removeChild(el.firstChild);
    el.appendChild(this.doc.createTextNode(value));
    return this;
  }

  /** Sets the text of every element at the path. */
  setAll(path: string, value: string): this {
    for (const el of this.all(path)) {
      while (el.firstChild) el.removeChild(el.firstChild);
      el.appendChild(this.doc.createTextNode(value));
    }
    return this;
  }

  /** Removes every element at the path (at least one must be there). */
  remove(path: string): this {
    const found = this.all(path);
    if (found.length === 0) throw new Error(`No element at ${path}`);
    for (const el of found) el.parentNode!.removeChild(el);
    return this;
  }

  /** Inserts a fragment before or after the element at the path, or as the last child of it (`into`). */
  insert(path: string, where: 'before' | 'after' | 'into', fragment: string): this {
    const target = this.one(path);
    const nodes = this.parseFragment(fragment);
    for (const node of nodes) {
      if (where === 'into') target.appendChild(node);
      else if (where === 'before') target.parentNode!.insertBefore(node, target);
      else target.parentNode!.insertBefore(node, target.nextSibling);
    }
    // Keep `after` in order for several nodes: each goes after the previous.
    return this;
  }

  /** Copies the element at the path right after itself, then applies `edit` to the copy (addressed as `copy`). */
  duplicate(path: string, edit?: (copy: Mutable, copyPath: string) => void): this {
    const el = this.one(path);
    const copy = el.cloneNode(true) as Element;
    el.parentNode!.insertBefore(copy, el.nextSibling);
    if (edit) {
      const siblings = childElements(el.parentNode as Element).filter((c) => c.localName === el.localName);
      const parentPath = path.split('/').slice(0, -1).join('/');
      edit(this, `${parentPath ? `${parentPath}/` : ''}${el.localName}[${siblings.indexOf(copy) + 1}]`);
    }
    return this;
  }

  toString(): string {
    return new XMLSerializer().serializeToString(this.doc);
  }

  private parseFragment(fragment: string): Node[] {
    const named = fragment
      .replace(/<(\/?)m:/g, `<$1${this.messagePrefix}:`)
      .replace(/<(\/?)b:/g, `<$1${this.basisPrefix}:`);
    const declarations = Array.from({ length: this.root.attributes.length }, (_, i) => this.root.attributes.item(i)!)
      .filter((a) => a.name.startsWith('xmlns'))
      .map((a) => `${a.name}="${a.value}"`)
      .join(' ');
    const wrapper = new DOMParser().parseFromString(
      `<wrap ${declarations}>${named}</wrap>`,
      'text/xml',
    ).documentElement!;
    return Array.from({ length: wrapper.childNodes.length }, (_, i) =>
      this.doc.importNode(wrapper.childNodes.item(i)!, true),
    );
  }
}

/** The element children of a node, in document order. */
export function childElements(node: Element): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/**
 * Repairs of official examples that break a rule as published, so each corpus case starts from a
 * message with no findings at all and its edit is the only change.
 */
const REPAIRS: Record<string, (m: Mutable) => void> = {
  // XSD: ToewijzingEinddatum 2027-06-31 is no date.
  JW315: (m) => m.setAll('Client/AangevraagdeProducten/AangevraagdProduct/ToewijzingEinddatum', '2027-06-30'),
  // CS003: the NieuwProduct ends (2024-02-28) before its GewensteIngangsdatum (2026-11-01).
  JW317: (m) => m.set('Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum', '2027-02-28'),
  // TR101: Client[2] has two Prestaties with ReferentieNummer RN004.
  JW323: (m) =>
    m.set('Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]/ProductReferentie/ReferentieNummer', 'RN005'),
  // TR380: the NieuwProduct starts (GewensteIngangsdatum 2023-04-02) on the Dagtekening, not after it.
  WMO317: (m) => m.set('Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum', '2023-04-03'),
};

/** The official example of a message type (e.g. `WMO301`), repaired where it breaks a rule, ready to edit. */
export function example(code: string): Mutable {
  const message = new Mutable(exampleText(code));
  REPAIRS[code]?.(message);
  return message;
}

/** The codes of the examples that are repaired before use, with what was wrong. */
export const REPAIRED_EXAMPLES: readonly string[] = Object.keys(REPAIRS);
