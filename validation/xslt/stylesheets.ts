import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MESSAGE_NUMBERS, type MessageNumber, type Standard } from '../../domain/messages/message-codes.ts';
import { XmlRefusal } from '../../domain/messages/xml-reader.ts';
import { readTree, type XmlNode } from '../../domain/messages/xml-tree.ts';
import { XSLT_DIR_VARIABLE, XsltConfigurationError, XsltStylesheetError } from './types.ts';

/**
 * The rule files in ISTANDAARDEN_XSLT_DIR, read and checked once at start. Every `*.xsl`/`*.xslt`
 * directly in the directory is a rule file; what they include or import may sit beside them or
 * in subdirectories, and is not run on its own.
 *
 * Which messages a rule file checks: the iWmo/iJw 3.2 message namespaces it declares. The
 * official "TR-CD-CS regels WMO 3.2.xsl" declares `…/iwmo/3_2/wmo301/schema` and the other
 * heen-berichten it checks, so it runs on exactly those, and a retour (which it does not declare)
 * gets the XSD only, as in the validatiemodule. File names are not looked at: a renamed copy
 * works, and a JW file cannot be run on a WMO message by its name.
 *
 * Refused with XsltStylesheetError: not XSLT 1.0, not well-formed or with a DTD, an
 * include/import outside the directory or by URL, `document()` on anything but the stylesheet
 * itself (`document('')`), dynamic evaluation (`dyn:evaluate` and the like), extension elements
 * (they can write files) and `xsl:document`. With xsltproc's --nonet and --nowrite, a rule file
 * can then read only the message it is given and write only its report.
 */

export const XSLT_NAMESPACE = 'http://www.w3.org/1999/XSL/Transform';

/** One rule file as checked: its text and that of everything it includes, as they were when checked. */
export type RuleFile = {
  /** File name in the directory, e.g. `TR-CD-CS regels WMO 3.2.xsl`: how findings name it. */
  name: string;
  /** Path relative to the directory → text, the rule file itself first. */
  files: Map<string, string>;
  /** The message codes it applies to, e.g. WMO301, from the namespaces it declares. */
  messages: Set<string>;
  standards: Set<Standard>;
};

const MESSAGE_NAMESPACE = /^http:\/\/www\.istandaarden\.nl\/(iwmo|ijw)\/3_2\/(wmo|jw)(\d{3})\/schema$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Attributes of XSLT elements that hold an expression or a pattern; any other attribute may hold `{…}` templates. */
const EXPRESSION_ATTRIBUTES = new Set(['select', 'test', 'match', 'use', 'count', 'from', 'value']);

/** The configured directory, checked to exist; throws XsltConfigurationError saying what to set. */
export function resolveXsltDir(given: string | undefined, baseDir = process.cwd()): string {
  if (!given)
    throw new XsltConfigurationError(
      `No rule file directory: set ${XSLT_DIR_VARIABLE} to the directory with the validation module's XSLT files ("TR-CD-CS regels WMO 3.2.xsl", "TR-CD-CS regels JW 3.2.xsl").`,
    );
  const dir = resolve(baseDir, given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new XsltConfigurationError(
      `${XSLT_DIR_VARIABLE}: ${dir} is not a directory. Point it at the directory with the validation module's XSLT files, or unset it to validate without them.`,
    );
  }
  return realpathSync(dir);
}

/** Every rule file of the directory, checked; throws when there is none or one is refused. */
export function readRuleFiles(directory: string): RuleFile[] {
  const dir = realpathSync(directory);
  const names = readdirSync(dir)
    .filter((name) => /\.xslt?$/i.test(name) && statSync(join(dir, name)).isFile())
    .sort();
  if (names.length === 0) {
    throw new XsltConfigurationError(
      `${XSLT_DIR_VARIABLE}: no *.xsl files in ${dir}. Put the validation module's "TR-CD-CS regels WMO 3.2.xsl" and "TR-CD-CS regels JW 3.2.xsl" there, or unset ${XSLT_DIR_VARIABLE}.`,
    );
  }
  const modules = new Set<string>();
  const read = names.map((name) => {
    const file = readRuleFile(dir, name);
    for (const path of file.files.keys()) if (path !== name) modules.add(path);
    return file;
  });
  // A file another one includes is part of that one, not a rule file of its own.
  const ruleFiles = read.filter((file) => !modules.has(file.name));
  for (const file of ruleFiles) {
    if (file.messages.size === 0) {
      throw new XsltStylesheetError(
        file.name,
        'declares no iWmo/iJw 3.2 message namespace (such as http://www.istandaarden.nl/iwmo/3_2/wmo301/schema), so it would check no message.',
      );
    }
  }
  return ruleFiles;
}

function readRuleFile(dir: string, name: string): RuleFile {
  const files = new Map<string, string>();
  const namespaces = new Set<string>();
  const visit = (path: string): void => {
    if (files.has(path)) return;
    const text = readFileSync(join(dir, path), 'utf8');
    files.set(path, text);
    const root = parse(path, text);
    checkRoot(path, root);
    walk(root, (node) => {
      for (const [attribute, value] of node.attributes)
        if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) namespaces.add(value);
      checkNode(path, node);
      if (node.ns === XSLT_NAMESPACE && (node.local === 'include' || node.local === 'import'))
        visit(moduleAt(dir, path, node));
    });
  };
  visit(name);
  const messages = new Set<string>();
  const standards = new Set<Standard>();
  for (const namespace of namespaces) {
    const [, standard, prefix, number] = MESSAGE_NAMESPACE.exec(namespace) ?? [];
    if (
      !standard ||
      (standard === 'iwmo') !== (prefix === 'wmo') ||
      !(MESSAGE_NUMBERS as readonly string[]).includes(number!)
    )
      continue;
    messages.add(`${prefix!.toUpperCase()}${number as MessageNumber}`);
    standards.add(standard as Standard);
  }
  return { name, files, messages, standards };
}

function parse(path: string, text: string): XmlNode {
  try {
    return readTree(text);
  } catch (error) {
    const why =
      error instanceof XmlRefusal && error.code === 'PZ-DTD'
        ? 'has a DOCTYPE or entity declarations, which are not allowed'
        : `is not well-formed XML (${error instanceof Error ? error.message : String(error)})`;
    throw new XsltStylesheetError(path, why);
  }
}

function checkRoot(path: string, root: XmlNode): void {
  if (root.ns !== XSLT_NAMESPACE || (root.local !== 'stylesheet' && root.local !== 'transform')) {
    throw new XsltStylesheetError(
      path,
      'is not an XSLT stylesheet (the root must be xsl:stylesheet or xsl:transform).',
    );
  }
  const version = root.attributes.find(([attribute]) => attribute === 'version')?.[1];
  if (version?.trim() !== '1.0')
    throw new XsltStylesheetError(
      path,
      `is XSLT version ${version ?? '(none)'}; only XSLT 1.0 is run (xsltproc implements 1.0).`,
    );
}

/** What a rule file may not do, per element. */
function checkNode(path: string, node: XmlNode): void {
  const isXslt = node.ns === XSLT_NAMESPACE;
  if (isXslt && node.local === 'document')
    throw new XsltStylesheetError(path, 'uses xsl:document, which writes files; that is not allowed.');
  for (const [attribute, value] of node.attributes) {
    if (attribute === 'extension-element-prefixes' || attribute.endsWith(':extension-element-prefixes')) {
      if (value.trim() !== '')
        throw new XsltStylesheetError(
          path,
          `declares extension elements (${value.trim()}); they can write files or run code, so they are not allowed.`,
        );
    }
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
    const expressions =
      isXslt && EXPRESSION_ATTRIBUTES.has(attribute) ? [value] : [...value.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
    for (const expression of expressions) checkExpression(path, expression);
  }
}

function checkExpression(path: string, expression: string): void {
  const stripped = expression.replace(/"[^"]*"|'[^']*'/g, (literal) => (literal.length === 2 ? 'EMPTY' : 'STRING'));
  for (const call of stripped.matchAll(/(?<![\w.:-])document\s*\(\s*([^)]*)\)?/g)) {
    if (call[1]!.trim() !== 'EMPTY') {
      throw new XsltStylesheetError(
        path,
        `calls document(${call[1]!.trim() === 'STRING' ? 'a URL or file' : call[1]!.trim()}) in "${expression.trim().slice(0, 120)}"; a rule file may read only the message (document('') for itself is allowed).`,
      );
    }
  }
  if (/[\w.-]+:evaluate\s*\(/.test(stripped))
    throw new XsltStylesheetError(
      path,
      `uses dynamic evaluation in "${expression.trim().slice(0, 120)}"; that is not allowed.`,
    );
}

/** The file an xsl:include/xsl:import names, relative to the directory; refused outside it or by URL. */
function moduleAt(dir: string, from: string, node: XmlNode): string {
  const href = node.attributes.find(([attribute]) => attribute === 'href')?.[1] ?? '';
  const refuse = (why: string): never => {
    throw new XsltStylesheetError(from, `xsl:${node.local} href="${href.slice(0, 200)}" ${why}`);
  };
  if (href.trim() === '' || /[?#]/.test(href)) refuse('is not a plain relative file name.');
  if (URL_SCHEME.test(href) || isAbsolute(href) || href.startsWith('//'))
    refuse(`points outside ${XSLT_DIR_VARIABLE}; only files in that directory may be included.`);
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    refuse('is not a valid URI reference.');
  }
  const target = resolve(dir, dirname(from), decoded);
  const inside = (path: string): boolean => path === dir || path.startsWith(dir + sep);
  if (!inside(target)) refuse(`points outside ${XSLT_DIR_VARIABLE}; only files in that directory may be included.`);
  if (!existsSync(target) || !statSync(target).isFile()) refuse('names a file that does not exist.');
  if (!inside(realpathSync(target))) refuse(`is a link to a file outside ${XSLT_DIR_VARIABLE}.`);
  return relative(dir, target);
}

function walk(node: XmlNode, visit: (node: XmlNode) => void): void {
  visit(node);
  for (const child of node.content) if (typeof child !== 'string') walk(child, visit);
}
