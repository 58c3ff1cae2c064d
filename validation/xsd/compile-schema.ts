import { readXml, type Attribute } from '../../domain/messages/xml-reader.ts';
import type { MessageSchema } from '../schemas.ts';
import { BUILTINS, facetStep, type Builtin, type FacetStep, type SimpleType } from './simple-values.ts';
import { UnsupportedSchema } from './unsupported.ts';

/**
 * The official message XSD and its basisschema compiled into what the streaming schema check
 * (stream-schema.ts) walks: per complex type its sequence of element particles, per simple type
 * its primitive and facet steps. The iWmo/iJw 3.2 schemas use a small part of XML Schema
 * (sequences of elements, restrictions of string, integer, date and time by pattern, enumeration,
 * length and range); anything outside that part throws UnsupportedSchema naming it, and that
 * message type is then checked by libxml2 alone, as before. So a next release that uses more of
 * XSD is never judged by a model that does not know it.
 */

export type Particle = {
  namespace: string | undefined;
  name: string;
  min: number;
  max: number;
  type: ComplexType | SimpleType;
};

export type ComplexType = { kind: 'complex'; name: string; particles: Particle[] };

export type CompiledSchema = {
  /** The global elements a document may start with, by `{namespace}name`. */
  roots: ReadonlyMap<string, ComplexType | SimpleType>;
  /** The target namespaces, each mapped to the very string the particles hold. */
  namespaces: ReadonlyMap<string, string>;
};

const XS = 'http://www.w3.org/2001/XMLSchema';

type Node = {
  namespace: string | undefined;
  name: string;
  attributes: Map<string, string>;
  children: Node[];
  scope: Scope;
};
type Scope = ReadonlyMap<string, string>;

/** An XSD file as a tree of its elements (text is not needed: XSD keeps everything in attributes). */
function parseTree(contents: string, fileName: string): Node {
  const stack: Node[] = [];
  let root: Node | undefined;
  readXml(contents, {
    start(qname, _pos, attributes) {
      const parent = stack[stack.length - 1];
      const scope = declare(parent?.scope ?? new Map(), attributes);
      const colon = qname.indexOf(':');
      const prefix = colon === -1 ? '' : qname.slice(0, colon);
      const node: Node = {
        namespace: scope.get(prefix),
        name: qname.slice(colon + 1),
        attributes: new Map((attributes ?? []).filter(([n]) => n !== 'xmlns' && !n.startsWith('xmlns:'))),
        children: [],
        scope,
      };
      if (parent) parent.children.push(node);
      else root = node;
      stack.push(node);
    },
    text() {},
    end() {
      stack.pop();
    },
  });
  if (!root) throw new UnsupportedSchema(`${fileName} has no root element`);
  return root;
}

function declare(parent: Scope, attributes: readonly Attribute[] | undefined): Scope {
  const declarations = (attributes ?? []).filter(([n]) => n === 'xmlns' || n.startsWith('xmlns:'));
  if (declarations.length === 0) return parent;
  const scope = new Map(parent);
  for (const [n, uri] of declarations) scope.set(n === 'xmlns' ? '' : n.slice(6), uri);
  return scope;
}

const key = (namespace: string | undefined, name: string): string => `{${namespace ?? ''}}${name}`;

/** The `{namespace}name` of a QName attribute value, by the namespaces in scope where it is written. */
function resolveQName(node: Node, value: string): string {
  const colon = value.indexOf(':');
  const prefix = colon === -1 ? '' : value.slice(0, colon);
  const namespace = node.scope.get(prefix);
  if (colon !== -1 && namespace === undefined) throw new UnsupportedSchema(`undeclared prefix in ${value}`);
  return key(namespace, value.slice(colon + 1));
}

const isXs = (node: Node, name?: string): boolean =>
  node.namespace === XS && (name === undefined || node.name === name);

/** The children that carry meaning: annotations are documentation. */
const content = (node: Node): Node[] => {
  for (const child of node.children)
    if (!isXs(child)) throw new UnsupportedSchema(`element ${child.name} outside the XSD namespace`);
  return node.children.filter((c) => !isXs(c, 'annotation'));
};

function onlyAttributes(node: Node, allowed: readonly string[]): void {
  for (const name of node.attributes.keys())
    if (!allowed.includes(name)) throw new UnsupportedSchema(`attribute ${name} on xs:${node.name}`);
}

function occurs(value: string | undefined, unboundedAllowed: boolean): number {
  if (value === undefined) return 1;
  if (value === 'unbounded' && unboundedAllowed) return Number.POSITIVE_INFINITY;
  if (!/^[0-9]+$/.test(value)) throw new UnsupportedSchema(`occurs value ${value}`);
  return Number(value);
}

type SchemaDoc = { root: Node; targetNamespace: string | undefined; qualified: boolean };

class Compiler {
  private readonly typeNodes = new Map<string, { node: Node; doc: SchemaDoc }>();
  private readonly compiled = new Map<string, ComplexType | SimpleType>();
  private readonly compiling = new Set<string>();

  constructor(docs: readonly SchemaDoc[]) {
    for (const doc of docs) {
      onlyAttributes(doc.root, ['targetNamespace', 'elementFormDefault']);
      for (const node of content(doc.root)) {
        if (isXs(node, 'import') || isXs(node, 'element')) continue;
        if (!isXs(node, 'complexType') && !isXs(node, 'simpleType'))
          throw new UnsupportedSchema(`top-level xs:${node.name}`);
        const name = node.attributes.get('name');
        if (!name) throw new UnsupportedSchema(`a top-level xs:${node.name} without a name`);
        this.typeNodes.set(key(doc.targetNamespace, name), { node, doc });
      }
    }
  }

  roots(doc: SchemaDoc): Map<string, ComplexType | SimpleType> {
    const roots = new Map<string, ComplexType | SimpleType>();
    for (const node of content(doc.root).filter((n) => isXs(n, 'element'))) {
      onlyAttributes(node, ['name', 'type']);
      roots.set(key(doc.targetNamespace, node.attributes.get('name')!), this.elementType(node, doc));
    }
    return roots;
  }

  private named(qname: string): ComplexType | SimpleType {
    const done = this.compiled.get(qname);
    if (done) return done;
    const found = this.typeNodes.get(qname);
    if (!found) throw new UnsupportedSchema(`type ${qname} is not defined in the compiled files`);
    if (this.compiling.has(qname)) throw new UnsupportedSchema(`recursive type ${qname}`);
    this.compiling.add(qname);
    const type = isXs(found.node, 'complexType')
      ? this.complexType(found.node, found.doc, qname)
      : this.simpleType(found.node, qname);
    this.compiling.delete(qname);
    this.compiled.set(qname, type);
    return type;
  }

  private elementType(node: Node, doc: SchemaDoc): ComplexType | SimpleType {
    const typeName = node.attributes.get('type');
    const inline = content(node);
    if (typeName !== undefined) {
      if (inline.length > 0)
        throw new UnsupportedSchema(`element ${node.attributes.get('name')} with both a type and an inline type`);
      const qname = resolveQName(node, typeName);
      if (qname.startsWith(`{${XS}}`)) return this.builtinOnly(qname.slice(XS.length + 2));
      return this.named(qname);
    }
    if (inline.length !== 1) throw new UnsupportedSchema(`element ${node.attributes.get('name')} without one type`);
    const type = inline[0]!;
    const name = `${node.attributes.get('name')} (anonymous)`;
    if (isXs(type, 'complexType')) return this.complexType(type, doc, name);
    if (isXs(type, 'simpleType')) return this.simpleType(type, name);
    throw new UnsupportedSchema(`element type xs:${type.name}`);
  }

  private builtinOnly(name: string): SimpleType {
    if (!BUILTINS.has(name)) throw new UnsupportedSchema(`built-in type xs:${name}`);
    return { kind: 'simple', name: `xs:${name}`, builtin: name as Builtin, steps: [] };
  }

  private complexType(node: Node, doc: SchemaDoc, name: string): ComplexType {
    onlyAttributes(node, ['name']);
    const [sequence, ...rest] = content(node);
    if (!sequence || rest.length > 0 || !isXs(sequence, 'sequence'))
      throw new UnsupportedSchema(`complex type ${name} is not one xs:sequence`);
    onlyAttributes(sequence, []);
    const particles: Particle[] = [];
    for (const element of content(sequence)) {
      if (!isXs(element, 'element')) throw new UnsupportedSchema(`xs:${element.name} in the sequence of ${name}`);
      onlyAttributes(element, ['name', 'type', 'minOccurs', 'maxOccurs']);
      const elementName = element.attributes.get('name');
      if (!elementName) throw new UnsupportedSchema(`an element without a name in ${name}`);
      // Distinct names keep the greedy walk of stream-schema.ts exact (no choice between two particles).
      if (particles.some((p) => p.name === elementName))
        throw new UnsupportedSchema(`two particles ${elementName} in ${name}`);
      const min = occurs(element.attributes.get('minOccurs'), false);
      const max = occurs(element.attributes.get('maxOccurs'), true);
      if (max < min || max === 0) throw new UnsupportedSchema(`occurs ${min}..${max} of ${elementName}`);
      particles.push({
        namespace: doc.qualified ? doc.targetNamespace : undefined,
        name: elementName,
        min,
        max,
        type: this.elementType(element, doc),
      });
    }
    return { kind: 'complex', name, particles };
  }

  private simpleType(node: Node, name: string): SimpleType {
    onlyAttributes(node, ['name']);
    const [restriction, ...rest] = content(node);
    if (!restriction || rest.length > 0 || !isXs(restriction, 'restriction'))
      throw new UnsupportedSchema(`simple type ${name} is not one xs:restriction`);
    onlyAttributes(restriction, ['base']);
    const base = restriction.attributes.get('base');
    if (!base) throw new UnsupportedSchema(`restriction without a base in ${name}`);
    const baseName = resolveQName(restriction, base);
    const baseType = baseName.startsWith(`{${XS}}`)
      ? this.builtinOnly(baseName.slice(XS.length + 2))
      : this.named(baseName);
    if (baseType.kind !== 'simple') throw new UnsupportedSchema(`simple type ${name} restricts a complex type`);
    const facets = content(restriction).map((facet): [string, string] => {
      onlyAttributes(facet, ['value']);
      const value = facet.attributes.get('value');
      if (value === undefined || content(facet).length > 0)
        throw new UnsupportedSchema(`facet ${facet.name} of ${name}`);
      return [facet.name, value];
    });
    const step: FacetStep = facetStep(baseType.builtin, facets);
    return { kind: 'simple', name, builtin: baseType.builtin, steps: [...baseType.steps, step] };
  }
}

function schemaDoc(contents: string, fileName: string): SchemaDoc {
  const root = parseTree(contents, fileName);
  if (!isXs(root, 'schema')) throw new UnsupportedSchema(`${fileName} is not an xs:schema`);
  const form = root.attributes.get('elementFormDefault');
  if (form !== undefined && form !== 'qualified' && form !== 'unqualified')
    throw new UnsupportedSchema(`elementFormDefault ${form}`);
  return { root, targetNamespace: root.attributes.get('targetNamespace'), qualified: form === 'qualified' };
}

/** The streaming model of a message schema; throws UnsupportedSchema when the files use more of XSD than it models. */
export function compileStreamSchema(schema: MessageSchema): CompiledSchema {
  const main = schemaDoc(schema.main.contents, schema.main.fileName);
  const imports = schema.imports.map((file) => schemaDoc(file.contents, file.fileName));
  const compiler = new Compiler([main, ...imports]);
  const roots = compiler.roots(main);
  if (roots.size === 0) throw new UnsupportedSchema(`${schema.main.fileName} declares no global element`);
  const namespaces = new Map<string, string>();
  for (const doc of [main, ...imports])
    if (doc.targetNamespace !== undefined) namespaces.set(doc.targetNamespace, doc.targetNamespace);
  return { roots, namespaces };
}
