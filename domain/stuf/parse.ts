import { XmlRefusal } from '../messages/xml-reader.ts';
import { readTree, UndeclaredPrefix, type XmlNode } from '../messages/xml-tree.ts';
import { escapeAttribute, escapeText } from './build.ts';
import { decodeBase64 } from './base64.ts';
import {
  checkBestandsnaam,
  checkLength,
  checkReferentienummer,
  checkRefnummer,
  checkTijdstip,
  checkVersienr,
  NS_GGK,
  NS_STUF,
  StufEnvelopeError,
  type EnvelopeKind,
  type Fo01Body,
  type ParsedEnvelope,
  type Payload,
  type Stuurgegevens,
  type Systeem,
} from './types.ts';

/**
 * Reads a StUF-GGk envelope (Di01, Du01, Fo01) with the safe XML reader (no DTD, no entities),
 * resolves namespaces, and returns its parts with the payload decoded; anything else is a
 * StufEnvelopeError with a Dutch message. Structure is checked as far as this code needs it; the
 * XSD (ggk0210_msg_ggkberichten.xsd) stays the authority on the full envelope.
 */

type Node = XmlNode;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function toText(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    if (input.charCodeAt(0) === 0xfeff)
      throw new StufEnvelopeError(
        'STUF-ENCODING',
        'Het bericht begint met een BOM (byte order mark); alleen UTF-8 zonder BOM is toegestaan.',
      );
    return input;
  }
  if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    throw new StufEnvelopeError(
      'STUF-ENCODING',
      'Het bericht begint met een BOM (byte order mark); alleen UTF-8 zonder BOM is toegestaan.',
    );
  }
  let text: string;
  try {
    text = UTF8.decode(input);
  } catch {
    throw new StufEnvelopeError('STUF-ENCODING', 'Het bericht bevat tekens die geen geldige UTF-8 zijn.');
  }
  const declared = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text.slice(0, 200))?.[2];
  if (declared !== undefined && declared.toLowerCase() !== 'utf-8') {
    throw new StufEnvelopeError(
      'STUF-ENCODING',
      `De XML-declaratie noemt encoding "${declared.slice(0, 40)}"; alleen UTF-8 is toegestaan.`,
    );
  }
  return text;
}

/** Reads the whole document into a small namespace-resolved tree. */
function readEnvelopeTree(text: string): Node {
  try {
    return readTree(text);
  } catch (error) {
    if (error instanceof UndeclaredPrefix) throw new StufEnvelopeError('STUF-XML', error.message);
    if (error instanceof XmlRefusal) {
      if (error.code === 'PZ-DTD')
        throw new StufEnvelopeError(
          'STUF-DTD',
          'Het bericht bevat een DOCTYPE- of entiteitdeclaratie; dat is om veiligheidsredenen niet toegestaan en het bericht is niet verder gelezen.',
        );
      throw new StufEnvelopeError('STUF-XML', `Het bericht is geen goed gevormde XML: ${error.message}`);
    }
    throw error;
  }
}

const textOf = (node: Node): string => node.content.filter((c): c is string => typeof c === 'string').join('');
const elements = (node: Node): Node[] => node.content.filter((c): c is Node => typeof c !== 'string');

/** The children of `node` by local name, after checking their namespace and that there are no others. */
function children(node: Node, ns: string, allowed: readonly string[]): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const child of elements(node)) {
    if (child.ns !== ns || !allowed.includes(child.local))
      throw new StufEnvelopeError('STUF-STRUCTUUR', `Onverwacht element ${child.qname} in ${node.qname}.`);
    if (found.has(child.local))
      throw new StufEnvelopeError(
        'STUF-STRUCTUUR',
        `Het element ${child.qname} komt meer dan één keer voor in ${node.qname}.`,
      );
    if (
      elements(child).length > 0 &&
      child.local !== 'detailsXML' &&
      !['zender', 'ontvanger', 'stuurgegevens', 'parameters', 'bericht', 'body'].includes(child.local)
    ) {
      throw new StufEnvelopeError('STUF-STRUCTUUR', `Het element ${child.qname} mag geen elementen bevatten.`);
    }
    found.set(child.local, child);
  }
  if (node.content.some((c) => typeof c === 'string' && !/^[ \t\r\n]*$/.test(c)))
    throw new StufEnvelopeError('STUF-STRUCTUUR', `Het element ${node.qname} mag geen tekst bevatten.`);
  return found;
}

function required(found: Map<string, Node>, name: string, parent: string): Node {
  const node = found.get(name);
  if (!node) throw new StufEnvelopeError('STUF-STRUCTUUR', `Het element ${name} ontbreekt in ${parent}.`);
  return node;
}

const optionalText = (found: Map<string, Node>, name: string): string | undefined => {
  const node = found.get(name);
  return node ? textOf(node) : undefined;
};

function systeem(node: Node | undefined, name: string, organisatieRequired: boolean): Systeem {
  if (!node) throw new StufEnvelopeError('STUF-STRUCTUUR', `Het element ${name} ontbreekt in de stuurgegevens.`);
  const found = children(node, NS_STUF, ['organisatie', 'applicatie', 'administratie', 'gebruiker']);
  const s: Systeem = { applicatie: checkLength(optionalText(found, 'applicatie'), `${name}/applicatie`, 3, 50) };
  const organisatie = optionalText(found, 'organisatie');
  if (organisatie !== undefined || organisatieRequired)
    s.organisatie = checkLength(organisatie, `${name}/organisatie`, 0, 200);
  const administratie = optionalText(found, 'administratie');
  if (administratie !== undefined) s.administratie = administratie;
  const gebruiker = optionalText(found, 'gebruiker');
  if (gebruiker !== undefined) s.gebruiker = gebruiker;
  return s;
}

function stuurgegevens(node: Node, kind: EnvelopeKind): Stuurgegevens {
  const found = children(node, NS_STUF, [
    'berichtcode',
    'zender',
    'ontvanger',
    'referentienummer',
    'tijdstipBericht',
    'crossRefnummer',
    'functie',
  ]);
  const berichtcode = textOf(required(found, 'berichtcode', 'de stuurgegevens'));
  if (berichtcode !== kind)
    throw new StufEnvelopeError(
      'STUF-STRUCTUUR',
      `De berichtcode "${berichtcode.slice(0, 10)}" past niet bij het bericht (${kind}).`,
    );
  const result: Stuurgegevens = {
    berichtcode: kind,
    zender: systeem(found.get('zender'), 'zender', kind !== 'Fo01'),
    ontvanger: systeem(found.get('ontvanger'), 'ontvanger', kind !== 'Fo01'),
    referentienummer: checkReferentienummer(optionalText(found, 'referentienummer'), 'referentienummer'),
    tijdstipBericht: checkTijdstip(textOf(required(found, 'tijdstipBericht', 'de stuurgegevens'))),
  };
  const crossRefnummer = optionalText(found, 'crossRefnummer');
  if (kind === 'Du01') result.crossRefnummer = checkReferentienummer(crossRefnummer, 'crossRefnummer');
  else if (kind === 'Fo01') result.crossRefnummer = checkRefnummer(crossRefnummer, 'crossRefnummer');
  else if (crossRefnummer !== undefined)
    throw new StufEnvelopeError('STUF-STRUCTUUR', 'Een Di01-heenbericht heeft geen crossRefnummer.');
  const functie = optionalText(found, 'functie');
  if (kind === 'Fo01') {
    if (functie !== undefined)
      throw new StufEnvelopeError('STUF-STRUCTUUR', 'Een Fo01-foutbericht heeft geen functie in de stuurgegevens.');
  } else result.functie = checkLength(functie, 'functie', 1, 30);
  return result;
}

function payload(bericht: Node): Payload {
  const found = children(bericht, NS_GGK, ['xmlBestand', 'tekstBestand']);
  if (found.size !== 1)
    throw new StufEnvelopeError(
      'STUF-STRUCTUUR',
      'Het element bericht moet precies één xmlBestand of tekstBestand bevatten.',
    );
  const xml = found.get('xmlBestand');
  if (xml) {
    if (xml.attributes.some(([name]) => name === 'bestandsnaam'))
      throw new StufEnvelopeError('STUF-BESTANDSNAAM', 'Een xmlBestand heeft geen bestandsnaam.');
    return { kind: 'xml', bytes: decodeBase64(textOf(xml), 'xmlBestand') };
  }
  const tekst = found.get('tekstBestand')!;
  const bestandsnaam = checkBestandsnaam(tekst.attributes.find(([name]) => name === 'bestandsnaam')?.[1]);
  return { kind: 'tekst', bestandsnaam, bytes: decodeBase64(textOf(tekst), 'tekstBestand') };
}

/** Serialises the content of detailsXML back to XML text (as read; entities re-escaped). */
function serialise(content: readonly (Node | string)[]): string {
  return content
    .map((c) =>
      typeof c === 'string'
        ? escapeText(c)
        : `<${c.qname}${c.attributes.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join('')}>${serialise(c.content)}</${c.qname}>`,
    )
    .join('');
}

function fo01Body(node: Node | undefined): Fo01Body {
  if (!node) throw new StufEnvelopeError('STUF-STRUCTUUR', 'Het element body ontbreekt in het Fo01-bericht.');
  const found = children(node, NS_STUF, ['code', 'plek', 'omschrijving', 'details', 'detailsXML']);
  const plek = textOf(required(found, 'plek', 'body'));
  if (plek !== 'client' && plek !== 'server')
    throw new StufEnvelopeError('STUF-WAARDE', `plek moet "client" of "server" zijn, niet "${plek.slice(0, 20)}".`);
  const body: Fo01Body = {
    code: checkLength(optionalText(found, 'code'), 'code', 0, 7),
    plek,
    omschrijving: checkLength(optionalText(found, 'omschrijving'), 'omschrijving', 0, 200),
  };
  const details = optionalText(found, 'details');
  if (details !== undefined) body.details = details;
  const detailsXML = found.get('detailsXML');
  if (detailsXML) body.detailsXML = serialise(detailsXML.content);
  return body;
}

const ROOTS: Record<string, { ns: string; kind: EnvelopeKind }> = {
  'envelopHeenbericht-ggk_Di01': { ns: NS_GGK, kind: 'Di01' },
  'envelopRetourbericht-ggk_Du01': { ns: NS_GGK, kind: 'Du01' },
  Fo01Bericht: { ns: NS_STUF, kind: 'Fo01' },
};

export function parseEnvelope(input: string | Uint8Array): ParsedEnvelope {
  const root = readEnvelopeTree(toText(input));
  const known = Object.hasOwn(ROOTS, root.local) ? ROOTS[root.local] : undefined;
  if (!known || known.ns !== root.ns) {
    throw new StufEnvelopeError(
      'STUF-SOORT',
      `Onbekend berichttype: ${root.qname.slice(0, 80)}${root.ns ? ` (${root.ns.slice(0, 100)})` : ''}. Verwacht een StUF-GGk Di01, Du01 of Fo01.`,
    );
  }
  const { kind } = known;
  if (kind === 'Fo01') {
    const found = children(root, NS_STUF, ['stuurgegevens', 'body']);
    return {
      kind,
      stuurgegevens: stuurgegevens(required(found, 'stuurgegevens', root.qname), kind),
      fo01: fo01Body(found.get('body')),
    };
  }
  const found = children(root, NS_GGK, ['stuurgegevens', 'parameters']);
  const sg = stuurgegevens(required(found, 'stuurgegevens', root.qname), kind);
  const params = children(required(found, 'parameters', root.qname), NS_GGK, [
    'applicatieVersie',
    'applicatieSubversie',
    'functieVersie',
    'functieSubversie',
    'bericht',
  ]);
  return {
    kind,
    stuurgegevens: sg,
    parameters: {
      applicatieVersie: checkVersienr(optionalText(params, 'applicatieVersie'), 'applicatieVersie'),
      applicatieSubversie: checkVersienr(optionalText(params, 'applicatieSubversie'), 'applicatieSubversie'),
      functieVersie: checkVersienr(optionalText(params, 'functieVersie'), 'functieVersie'),
      functieSubversie: checkVersienr(optionalText(params, 'functieSubversie'), 'functieSubversie'),
    },
    payload: payload(required(params, 'bericht', 'parameters')),
  };
}
