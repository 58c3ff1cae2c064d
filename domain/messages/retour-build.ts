import { retourOf as retourCodeOf } from '../message-exchange.ts';
import { declaredMessage, messageType } from '../message-types.ts';
import type { Attribute } from './xml-reader.ts';
import { readTree, type XmlNode } from './xml-tree.ts';

/**
 * Builds the retour of an iWmo/iJw heen-bericht as the receiver's application does: the
 * heen-bericht echoed back in the retour's namespace (wmo301 → wmo302), BerichtCode
 * changed to the retour's (COD002), the header extended with IdentificatieRetour,
 * DagtekeningRetour, XsdVersieRetour (a copy of XsdVersie; XsltVersie is optional and left out)
 * and RetourCodes, and a RetourCodes element as the last child of every berichtklasse that the
 * retour XSD gives one (WMO302.xsd … JW320.xsd: RetourCodes is always the last element of its
 * type's sequence). Every berichtklasse gets `0200` (geen opmerking).
 *
 * A rejection puts its code on one berichtklasse instead of 0200, the others keep 0200, as in
 * the official example WMO302.xml (9332 on one ToegewezenProduct, 0200 everywhere else). By
 * default that is the Header (a message-level code such as 0001, 8848 or 9056); a product-level
 * code (9332 on a toewijzing, 9360 on an antwoord) belongs on the berichtklasse it is about,
 * named as readRetourCodes names it: `ToegewezenProduct` (the first) or `ToegewezenProduct 2`.
 *
 * iEb 405/407 → 406/408 has no public XSD: the message is assumed to have the
 * same structure and only the Header gets the retour elements; its BerichtCode is kept, since the
 * iEb codes are not public. Comments and processing instructions are not copied. Pure.
 */

export type RetourOptions = {
  /** Dagtekening of the retour, yyyy-mm-dd. */
  dagtekening: string;
  /** IdentificatieRetour, 1–12 characters (LDT_IdentificatieBericht). */
  identificatieRetour: string;
  /** Reject with this retourcode on `berichtklasse` (default `Header`). */
  reject?: { code: string; berichtklasse?: string };
};

export class RetourBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetourBuildError';
  }
}

/** The berichtklassen with RetourCodes per retour, from the retour XSDs (JW320 adds Woonplaatsbeginsel). */
const BERICHTKLASSEN: Record<string, readonly string[]> = {
  '302': ['Header', 'Client', 'Relatie', 'Contact', 'ToegewezenProduct'],
  '306': ['Header', 'Client', 'StartProduct'],
  '308': ['Header', 'Client', 'StopProduct'],
  '316': ['Header', 'Client', 'AangevraagdProduct'],
  '318': ['Header', 'Client', 'Verzoek', 'OngewijzigdProduct', 'TeWijzigenProduct', 'NieuwProduct'],
  '320': ['Header', 'Antwoord', 'Woonplaatsbeginsel'],
  '406': ['Header'],
  '408': ['Header'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RETOURCODE = /^[0-9A-Z]{4}$/;

type Node = XmlNode;

const escapeText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string): string => escapeText(value).replace(/"/g, '&quot;');
const elements = (node: Node): Node[] => node.content.filter((c): c is Node => typeof c !== 'string');

/** What the heen-bericht is and what its retour will be. */
function retourOf(root: Node): {
  heenNs: string;
  retourNs: string;
  prefix: string;
  berichtCode: string | undefined;
  klassen: readonly string[];
} {
  const declared = declaredMessage(root.local, root.ns);
  const heen = declared && messageType(declared.code);
  const retourCode = heen && !heen.retour ? retourCodeOf(heen.code) : undefined;
  if (!declared || !retourCode)
    throw new RetourBuildError(`Dit is geen heenbericht waarop een retourbericht volgt (${root.qname.slice(0, 80)}).`);
  const prefix = retourCode.toLowerCase();
  return {
    heenNs: root.ns!,
    retourNs: root.ns!.replace(/\/(wmo|jw)\d{3}\/schema$/, `/${prefix}/schema`),
    prefix,
    berichtCode: messageType(retourCode)?.berichtCode,
    klassen: BERICHTKLASSEN[retourCode.slice(-3)] ?? ['Header'],
  };
}

/** Indentation around the children of `node`, so inserted elements line up with the rest. */
function layout(node: Node): { child: string; close: string; unit: string } {
  const first = node.content[0];
  const last = node.content[node.content.length - 1];
  const close = typeof last === 'string' && /^[ \t\r\n]*$/.test(last) ? last : '';
  const child = typeof first === 'string' && /^[ \t\r\n]*$/.test(first) ? first : close;
  const unit =
    child === '' ? '' : child.startsWith(close) && child.length > close.length ? child.slice(close.length) : '\t';
  return { child, close, unit };
}

export function buildRetour(heenXml: string, options: RetourOptions): string {
  if (!DATE.test(options.dagtekening))
    throw new RetourBuildError('De dagtekening van het retourbericht moet de vorm jjjj-mm-dd hebben.');
  const identificatie = options.identificatieRetour;
  if (identificatie.length < 1 || identificatie.length > 12 || identificatie.trim() === '')
    throw new RetourBuildError('IdentificatieRetour moet 1 tot 12 tekens lang zijn.');
  const rejectCode = options.reject?.code;
  if (rejectCode !== undefined && !RETOURCODE.test(rejectCode))
    throw new RetourBuildError(`"${rejectCode.slice(0, 10)}" is geen retourcode.`);

  const root = readTree(heenXml.charCodeAt(0) === 0xfeff ? heenXml.slice(1) : heenXml);
  const retour = retourOf(root);
  const [rejectKlasse = 'Header', rejectIndex = '1'] = (options.reject?.berichtklasse ?? 'Header').split(' ');
  const seen = new Map<string, number>();
  let rejectPlaced = false;
  const eol = heenXml.includes('\r\n') ? '\r\n' : '\n';

  const isMessage = (node: Node): boolean => node.ns === retour.heenNs;
  const name = (node: Node, local = node.local): string => (isMessage(node) ? `${retour.prefix}:${local}` : node.qname);
  const el = (local: string, value: string): string =>
    `<${retour.prefix}:${local}>${escapeText(value)}</${retour.prefix}:${local}>`;

  const retourCodes = (klasse: string, indent: string, unit: string): string => {
    const occurrence = (seen.get(klasse) ?? 0) + 1;
    seen.set(klasse, occurrence);
    const rejected = rejectCode !== undefined && klasse === rejectKlasse && String(occurrence) === rejectIndex;
    if (rejected) rejectPlaced = true;
    return `<${retour.prefix}:RetourCodes>${indent}${unit}${el('RetourCode', rejected ? rejectCode : '0200')}${indent}</${retour.prefix}:RetourCodes>`;
  };

  const attributes = (node: Node, isRoot: boolean): string => {
    const kept = node.attributes.filter(
      ([n, v]) => !((n === 'xmlns' || n.startsWith('xmlns:')) && v === retour.heenNs),
    );
    const all: Attribute[] = isRoot ? [...kept, [`xmlns:${retour.prefix}`, retour.retourNs]] : kept;
    return all.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join('');
  };

  const serialise = (node: Node, isRoot: boolean): string => {
    const klasse = !isRoot && isMessage(node) && retour.klassen.includes(node.local) ? node.local : undefined;
    const header = klasse === 'Header';
    if (klasse && elements(node).some((c) => isMessage(c) && c.local === 'RetourCodes'))
      throw new RetourBuildError('Het bericht bevat al RetourCodes: het is geen heenbericht.');
    let inner = node.content
      .map((c) => {
        if (typeof c === 'string') return escapeText(c);
        if (header && isMessage(c) && c.local === 'BerichtCode' && retour.berichtCode)
          return `<${name(c)}>${retour.berichtCode}</${name(c)}>`;
        return serialise(c, false);
      })
      .join('');
    if (klasse) {
      const { child, close, unit } = layout(node);
      const trimmed = close ? inner.slice(0, inner.length - close.length) : inner;
      let added = '';
      if (header) {
        const xsdVersie = elements(node).find((c) => isMessage(c) && c.local === 'XsdVersie');
        if (!xsdVersie) throw new RetourBuildError('De Header van het heenbericht heeft geen XsdVersie.');
        added += `${child}${el('IdentificatieRetour', identificatie)}${child}${el('DagtekeningRetour', options.dagtekening)}`;
        added += `${child}<${name(xsdVersie, 'XsdVersieRetour')}>${xsdVersie.content.map((c) => (typeof c === 'string' ? escapeText(c) : serialise(c, false))).join('')}</${name(xsdVersie, 'XsdVersieRetour')}>`;
      }
      added += `${child}${retourCodes(klasse, child, unit)}`;
      inner = `${trimmed}${added}${close}`;
    }
    return `<${name(node)}${attributes(node, isRoot)}>${inner}</${name(node)}>`;
  };

  const body = serialise(root, true);
  if (rejectCode !== undefined && !rejectPlaced)
    throw new RetourBuildError(
      `Het bericht heeft geen berichtklasse ${options.reject?.berichtklasse ?? 'Header'} voor de afkeurcode.`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>${eol}${body}${eol}`;
}
