import { UnsupportedSchema } from './unsupported.ts';

/**
 * XML Schema regular expressions (XSD 1.0 part 2, appendix F) as JavaScript RegExps, for the
 * streaming schema check (stream-schema.ts). Only the part of the language whose meaning is the
 * same in both after translation is accepted; anything else (character class subtraction, `\i`,
 * `\c`, `\p{Is…}` blocks, back references) throws UnsupportedSchema, and the message type is then
 * left to libxml2 alone. The translation keeps XSD's meanings where JavaScript differs:
 *
 * - an XSD pattern matches the whole value: it is anchored;
 * - `^` and `$` are ordinary characters in XSD;
 * - `.` is any character but line feed and carriage return (JavaScript also excludes U+2028/9);
 * - `\s` is exactly space, tab, line feed and carriage return (JavaScript's is much wider), `\d`
 *   is any Unicode decimal digit (JavaScript's is ASCII only).
 */

const SPACE = ' \\t\\n\\r';
/** Characters that are syntax in a JavaScript `u` pattern outside a class, escaped when XSD means them literally. */
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
/** Single-character escapes of XSD: `\n \r \t \\ \| \. \- \^ \? \* \+ \{ \} \( \) \[ \]`. */
const SINGLE_ESCAPES: Record<string, string> = { n: '\\n', r: '\\r', t: '\\t' };
const ESCAPABLE = new Set(['\\', '|', '.', '-', '^', '?', '*', '+', '{', '}', '(', ')', '[', ']']);

/** An escape usable inside a JavaScript class: the character itself, escaped where the class needs it. */
const inClass = (char: string): string =>
  char === '\\' || char === ']' || char === '[' || char === '^' || char === '-' ? `\\${char}` : char;

export function xsdPatternToRegExp(pattern: string): RegExp {
  const chars = [...pattern];
  let i = 0;
  const fail = (what: string): never => {
    throw new UnsupportedSchema(`pattern ${JSON.stringify(pattern)}: ${what}`);
  };

  /** An escape after `\`, as the text of a class member (inside brackets) or of an atom. */
  const escape = (inside: boolean): string => {
    const c = chars[i++];
    if (c === undefined) return fail('ends with a backslash');
    if (c in SINGLE_ESCAPES) return SINGLE_ESCAPES[c]!;
    if (ESCAPABLE.has(c)) return inside ? inClass(c) : `\\${c}`;
    if (c === 's') return inside ? SPACE : `[${SPACE}]`;
    if (c === 'S') return inside ? fail('\\S inside a class') : `[^${SPACE}]`;
    if (c === 'd') return '\\p{Nd}';
    if (c === 'D') return inside ? fail('\\D inside a class') : '\\P{Nd}';
    return fail(`escape \\${c}`);
  };

  const charClass = (): string => {
    // at the character after '['
    let out = '[';
    if (chars[i] === '^') {
      out += '^';
      i++;
    }
    let first = true;
    for (;;) {
      const c = chars[i];
      if (c === undefined) return fail('an unclosed character class');
      if (c === ']' && !first) {
        i++;
        return `${out}]`;
      }
      first = false;
      if (c === '[') return fail('a nested class or class subtraction');
      if (c === '-' && chars[i + 1] === '[') return fail('class subtraction');
      i++;
      let member: string;
      if (c === '\\') member = escape(true);
      else member = inClass(c);
      // A range `a-z`: both ends single characters (a `-` before `]` is a literal).
      if (chars[i] === '-' && chars[i + 1] !== ']' && chars[i + 1] !== '[' && chars[i + 1] !== undefined) {
        if (member.length > 1 && !/^\\[\\\][^-]$|^\\[nrt]$/.test(member)) fail('a range from a multi-character escape');
        i++;
        const to = chars[i++]!;
        let end: string;
        if (to === '\\') {
          end = escape(true);
          if (end.length > 2 || end === SPACE) fail('a range to a multi-character escape');
        } else end = inClass(to);
        member = `${member}-${end}`;
      }
      out += member;
    }
  };

  const quantifier = (): string => {
    const c = chars[i];
    if (c === '*' || c === '+' || c === '?') {
      i++;
      return c;
    }
    if (c !== '{') return '';
    const close = chars.indexOf('}', i);
    if (close === -1) return fail('an unclosed quantifier');
    const body = chars.slice(i + 1, close).join('');
    if (!/^\d+(,\d*)?$/.test(body)) fail(`quantifier {${body}}`);
    i = close + 1;
    return `{${body}}`;
  };

  const branch = (depth: number): string => {
    let out = '';
    for (;;) {
      const c = chars[i];
      if (c === undefined || c === '|' || c === ')') return out;
      i++;
      let atom: string;
      if (c === '(') {
        atom = `(?:${alternatives(depth + 1)})`;
        if (chars[i] !== ')') fail('an unclosed group');
        i++;
      } else if (c === '[') atom = charClass();
      else if (c === '\\') atom = escape(false);
      else if (c === '.') atom = '[^\\n\\r]';
      else if (c === '*' || c === '+' || c === '?' || c === '{')
        return fail(`a quantifier without an atom at ${i - 1}`);
      else if (c === ']' || c === '}') return fail(`an unexpected ${c}`);
      else atom = SYNTAX.has(c) ? `\\${c}` : c;
      out += atom + quantifier();
    }
  };

  const alternatives = (depth: number): string => {
    const parts = [branch(depth)];
    while (chars[i] === '|') {
      i++;
      parts.push(branch(depth));
    }
    if (depth === 0 && i < chars.length) fail(`an unexpected ${chars[i]}`);
    return parts.join('|');
  };

  const source = alternatives(0);
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    return fail(`not translatable (${error instanceof Error ? error.message : String(error)})`);
  }
}
