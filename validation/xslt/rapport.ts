import type { XmlNode } from '../../domain/messages/xml-tree.ts';
import { RAPPORT_NAMESPACE, XsltRunError, type XsltFinding } from './types.ts';

/**
 * Reads the report an official stylesheet writes for one message (rapport.xsd 1.1):
 *
 *     <r:Rapport xmlns:r="http://www.istandaarden.nl/validatie/1_1/rapport/schema">
 *       <r:Header>…</r:Header>
 *       <r:Fouten>
 *         <r:Fout><r:Code>TR018</r:Code><r:Retourcode>8001</r:Retourcode>?
 *                 <r:Locatie>/Bericht/…/Einddatum</r:Locatie>+ <r:Details>…</r:Details>?</r:Fout>
 *       </r:Fouten>
 *     </r:Rapport>
 *
 * `output` is what the stylesheet wrote for the message (the content of its wrapper, xsltproc.ts).
 * `Fouten` may be absent (no findings). No report, or anything else than one Rapport, is a broken
 * stylesheet and an XsltRunError with a Dutch reason, never a silent "no findings". Pure apart
 * from the error type.
 */
export function readRapport(output: XmlNode, source: string): XsltFinding[] {
  const elements = output.content.filter((c): c is XmlNode => typeof c !== 'string');
  const stray = output.content
    .filter((c): c is string => typeof c === 'string')
    .join('')
    .trim();
  if (elements.length === 0)
    throw new XsltRunError(source, `schreef geen rapport${stray ? ` maar tekst: "${stray.slice(0, 200)}"` : ''}.`);
  const root = elements[0]!;
  if (root.local !== 'Rapport' || root.ns !== RAPPORT_NAMESPACE) {
    const shown = root.ns ? `{${root.ns}}${root.local}` : root.local;
    throw new XsltRunError(
      source,
      `schreef geen rapport: het element is ${shown.slice(0, 200)}, verwacht wordt Rapport in namespace ${RAPPORT_NAMESPACE}.`,
    );
  }
  if (elements.length > 1 || stray) throw new XsltRunError(source, 'schreef meer dan één rapport voor één bericht.');
  const fouten = children(root, 'Fouten');
  if (fouten.length > 1) throw new XsltRunError(source, 'schreef een rapport met meer dan één Fouten-element.');
  return fouten.flatMap((f) => children(f, 'Fout')).map((fout, i) => readFout(fout, i + 1, source));
}

function readFout(fout: XmlNode, index: number, source: string): XsltFinding {
  const bad = (what: string): XsltRunError =>
    new XsltRunError(source, `schreef een rapport waarvan Fout ${index} ${what}.`);
  const codes = children(fout, 'Code').map(text);
  const code = codes[0];
  if (codes.length !== 1 || !code) throw bad('geen Code heeft (precies één, niet leeg, is verplicht)');
  const locations = children(fout, 'Locatie').map(text);
  if (locations.length === 0 || locations.some((l) => l === '')) throw bad(`(${code}) geen of een lege Locatie heeft`);
  const retourcodes = children(fout, 'Retourcode').map(text);
  const details = children(fout, 'Details').map(text);
  if (retourcodes.length > 1 || details.length > 1) throw bad(`(${code}) meer dan één Retourcode of Details heeft`);
  return {
    code,
    location: locations[0]!,
    locations,
    details: details[0] || null,
    retourcode: retourcodes[0] || null,
    source,
  };
}

/** Child elements in the report namespace with this local name. */
function children(node: XmlNode, local: string): XmlNode[] {
  return node.content.filter(
    (c): c is XmlNode => typeof c !== 'string' && c.local === local && c.ns === RAPPORT_NAMESPACE,
  );
}

/** The text content, whitespace-normalised as the stylesheets' own `normalize-space` would. */
function text(node: XmlNode): string {
  const parts: string[] = [];
  const collect = (n: XmlNode): void => n.content.forEach((c) => (typeof c === 'string' ? parts.push(c) : collect(c)));
  collect(node);
  return parts
    .join('')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}
