import type { Attribute } from '../../domain/messages/xml-reader.ts';
import type { CompiledSchema, ComplexType, Particle } from './compile-schema.ts';
import { accepts, type SimpleType } from './simple-values.ts';

/**
 * The XSD check that runs in the same pass as the safe read and the rules (check-message.ts),
 * over the compiled model of compile-schema.ts, keeping only the open elements. It proves a
 * document valid or gives up: on the first thing it cannot prove (an XSD error, but also anything
 * it does not model, such as an attribute, a CDATA section in element content or an unusual
 * lexical form) it stops, and the document goes to libxml2 (xsd-runner.ts), whose verdict and
 * messages then count. So a valid file never costs a libxml2 tree, and an invalid one is judged
 * exactly as `xmllint --schema` judges it.
 *
 * What the reader leaves to libxml2 is covered by `documentPreconditions` (declaration, characters,
 * processing instructions) and here (namespace declarations, `]]>` in text).
 */

type Frame = {
  type: ComplexType | SimpleType;
  /** For an element of complex type: where in its particles the children are. */
  index: number;
  count: number;
  text: string;
  scope: Scope;
};

/**
 * Namespaces declared on one element, by prefix ('' for the default namespace); arrays, as they are searched per
 * element.
 */
type Scope = {
  readonly prefixes: readonly string[];
  readonly uris: readonly string[];
  readonly parent: Scope | undefined;
};

const NO_SCOPE: Scope = { prefixes: ['xml'], uris: ['http://www.w3.org/XML/1998/namespace'], parent: undefined };
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NOT_WHITESPACE = /[^ \t\n\r]/;

/** The namespace of the prefix `qname` has before `colon` (the default namespace for -1), without cutting it out. */
function lookup(scope: Scope, qname: string, colon: number): string | undefined {
  const length = colon === -1 ? 0 : colon;
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const { prefixes } = s;
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]!;
      if (prefix.length === length && qname.startsWith(prefix)) {
        const uri = s.uris[i]!;
        return uri === '' ? undefined : uri;
      }
    }
  }
  return undefined;
}

export class StreamSchemaCheck {
  private readonly frames: Frame[] = [];
  private depth = 0;
  /** Why the check gave up, or undefined while it still holds. */
  gaveUp: string | undefined;
  private ended = false;

  constructor(private readonly schema: CompiledSchema) {}

  /** True when the document read so far, ended, is certainly valid. */
  get proven(): boolean {
    return this.ended && this.gaveUp === undefined;
  }

  /** A start tag: its qualified name, the position of the colon in it (-1 for none), its local name. */
  start(qname: string, colon: number, name: string, attributes: readonly Attribute[] | undefined): void {
    if (this.gaveUp !== undefined) return;
    const depth = this.depth;
    const parent = depth > 0 ? this.frames[depth - 1]! : undefined;
    let scope = parent?.scope ?? NO_SCOPE;
    if (attributes) {
      const declared = this.declarations(attributes);
      if (!declared) return;
      if (declared.size > 0) scope = { prefixes: [...declared.keys()], uris: [...declared.values()], parent: scope };
    }
    if (name.includes(':')) return this.giveUp(`name ${qname}`);
    const namespace = lookup(scope, qname, colon);
    if (colon !== -1 && namespace === undefined) return this.giveUp(`undeclared prefix in ${qname}`);

    let type: ComplexType | SimpleType | undefined;
    if (!parent) {
      if (this.ended) return this.giveUp('a second root');
      type = this.schema.roots.get(`{${namespace ?? ''}}${name}`);
      if (!type) return this.giveUp(`root ${qname} is not declared`);
    } else {
      if (parent.type.kind !== 'complex') return this.giveUp(`element ${name} inside a simple value`);
      const particle = this.advance(parent, parent.type.particles, namespace, name);
      if (!particle) return;
      type = particle.type;
    }
    // Frames are kept per depth and reused: a 25 MB message opens half a million elements.
    let frame = this.frames[depth];
    if (!frame) this.frames.push((frame = { type, index: 0, count: 0, text: '', scope }));
    frame.type = type;
    frame.index = 0;
    frame.count = 0;
    frame.text = '';
    frame.scope = scope;
    this.depth = depth + 1;
  }

  text(value: string, cdata: boolean): void {
    if (this.gaveUp !== undefined) return;
    if (this.depth === 0) return;
    const frame = this.frames[this.depth - 1]!;
    if (!cdata && value.includes(']]>')) return this.giveUp('"]]>" in character data');
    if (frame.type.kind === 'simple') frame.text += value;
    else if (cdata || NOT_WHITESPACE.test(value)) this.giveUp('character data in element-only content');
  }

  end(): void {
    if (this.gaveUp !== undefined) return;
    const frame = this.frames[--this.depth]!;
    const { type } = frame;
    if (type.kind === 'simple') {
      if (!accepts(type, frame.text)) return this.giveUp(`value of type ${type.name}`);
    } else {
      const { particles } = type;
      if (frame.index < particles.length && frame.count < particles[frame.index]!.min)
        return this.giveUp(`missing ${particles[frame.index]!.name}`);
      for (let i = frame.index + 1; i < particles.length; i++)
        if (particles[i]!.min > 0) return this.giveUp(`missing ${particles[i]!.name}`);
    }
    if (this.depth === 0) this.ended = true;
  }

  /**
   * The particle a child element takes, moving along the sequence: a sequence of distinct element
   * names (compile-schema.ts) is walked greedily, which is exact for it.
   */
  private advance(
    frame: Frame,
    particles: readonly Particle[],
    namespace: string | undefined,
    name: string,
  ): Particle | undefined {
    while (frame.index < particles.length) {
      const particle = particles[frame.index]!;
      if (particle.name === name && particle.namespace === namespace) {
        if (frame.count < particle.max) {
          frame.count++;
          return particle;
        }
      } else if (frame.count < particle.min) {
        this.giveUp(`${name} where ${particle.name} is expected`);
        return undefined;
      }
      frame.index++;
      frame.count = 0;
    }
    this.giveUp(`unexpected ${name}`);
    return undefined;
  }

  /** The namespace declarations among the attributes; undefined (given up) for any other attribute. */
  private declarations(attributes: readonly Attribute[]): Map<string, string> | undefined {
    const bindings = new Map<string, string>();
    for (const [name, value] of attributes) {
      const prefix = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice(6) : undefined;
      if (prefix === undefined) return this.giveUp(`attribute ${name}`);
      if (prefix !== '' && (!NCNAME.test(prefix) || prefix.toLowerCase().startsWith('xml') || value === ''))
        return this.giveUp(`declaration ${name}`);
      if (bindings.has(prefix)) return this.giveUp(`attribute ${name} twice`);
      if (value.includes('http://www.w3.org/XML/1998/namespace') || value.includes('http://www.w3.org/2000/xmlns/'))
        return this.giveUp(`reserved namespace in ${name}`);
      // The schema's own string for a namespace it knows: particles then compare by identity.
      bindings.set(prefix, this.schema.namespaces.get(value) ?? value);
    }
    return bindings;
  }

  private giveUp(reason: string): undefined {
    this.gaveUp ??= reason;
    return undefined;
  }
}

/**
 * Document-level facts libxml2 checks and the reader does not: an XML declaration in its plain
 * form (version 1.0, UTF-8), no processing instruction after it, only XML characters and no
 * Unicode white space that XML does not count as white space (the reader's `\s` would take it for
 * a separator inside a tag), no character reference to a carriage return. False means: leave the
 * verdict to libxml2.
 */
export function documentPreconditions(text: string): boolean {
  let body = 0;
  if (text.startsWith('<?xml')) {
    const declaration = PLAIN_DECLARATION.exec(text);
    if (!declaration) return false;
    body = declaration[0].length;
  }
  return text.indexOf('<?', body) === -1 && !OUTSIDE_PLAIN_CHARACTERS.test(text) && !hasCarriageReturnReference(text);
}

/**
 * `&#13;` keeps a carriage return that line-end normalisation would otherwise turn into a line feed; rare enough to
 * leave to libxml2.
 */
const CARRIAGE_RETURN_REFERENCE = /&#(?:0*13|x0*[dD]);/;

/**
 * indexOf first: most messages hold no character reference at all, and it is several times faster than the expression
 * on 25 MB.
 */
const hasCarriageReturnReference = (text: string): boolean =>
  text.includes('&#') && CARRIAGE_RETURN_REFERENCE.test(text);

const PLAIN_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])(?:UTF|utf)-8\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;

/**
 * Anything but tab, line feed, carriage return and the XML characters from U+0020 on, less the
 * Unicode spaces beyond ASCII (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000, U+FEFF) and the non-characters U+FFFE and U+FFFF.
 */
const OUTSIDE_PLAIN_CHARACTERS =
  /[^\t\n\r\u0020-\u0084\u0086-\u009F\u00A1-\u167F\u1681-\u1FFF\u200B-\u2027\u202A-\u202E\u2030-\u205E\u2060-\u2FFF\u3001-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;
