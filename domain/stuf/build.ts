import { readXml, XmlRefusal } from '../messages/xml-reader.ts';
import { encodeBase64 } from './base64.ts';
import {
  checkBestandsnaam,
  checkLength,
  checkReferentienummer,
  checkRefnummer,
  checkVersienr,
  NS_GGK,
  NS_STUF,
  StufEnvelopeError,
  type Parameters,
  type Payload,
  type Systeem,
} from './types.ts';

/**
 * Builds the StUF-GGk envelopes as XML text (UTF-8 when encoded; no BOM is ever written). The
 * element names, order and prefixes are those of ggk0210_msg_ggkberichten.xsd and the official
 * examples: root and `stuurgegevens`/`parameters` in the GGK namespace, the StUF stuurgegevens in
 * the StUF namespace. Every value is checked against its StUF type and escaped.
 */

export type GgkSysteem = { organisatie: string; applicatie: string; administratie?: string; gebruiker?: string };

type EnvelopeInput = {
  zender: GgkSysteem;
  ontvanger: GgkSysteem & { applicatie: 'GGk' };
  /** UUID v4 (lower case). */
  referentienummer: string;
  /** Written as yyyymmddhhmmss in Dutch local time (Europe/Amsterdam). */
  tijdstipBericht: Date;
  /** The message type, e.g. `WMO301`. */
  functie: string;
  parameters: Parameters;
  payload: Payload;
};

export type Di01Input = EnvelopeInput;
export type Du01Input = EnvelopeInput & { /** The referentienummer of the Di01 answered. */ crossRefnummer: string };

export type Fo01Input = {
  zender: Systeem;
  ontvanger: Systeem;
  referentienummer: string;
  tijdstipBericht: Date;
  /** The referentienummer of the message this error is about. */
  crossRefnummer: string;
  code: string;
  plek: 'client' | 'server';
  omschrijving: string;
  details?: string;
  /** Well-formed XML content for `detailsXML` (no DOCTYPE); included as is. */
  detailsXML?: string;
};

const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkChars(value: string, element: string): string {
  if (INVALID_XML_CHAR.test(value))
    throw new StufEnvelopeError('STUF-WAARDE', `${element} bevat een teken dat in XML niet mag voorkomen.`);
  return value;
}

/** Escapes element content. `>` too, so that `]]>` can never appear. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value in double quotes (whitespace as references, so it survives normalisation). */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `yyyymmddhhmmss` in Europe/Amsterdam (StUF times are Dutch local time). */
export function formatTijdstip(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new StufEnvelopeError('STUF-WAARDE', 'tijdstipBericht is geen geldige datum.');
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(date).map((p) => [p.type, p.value]));
  const year = String(parts['year']).padStart(4, '0');
  if (year.length !== 4) throw new StufEnvelopeError('STUF-WAARDE', 'tijdstipBericht valt buiten de jaren 0000–9999.');
  return `${year}${parts['month']}${parts['day']}${parts['hour']}${parts['minute']}${parts['second']}`;
}

const el = (prefix: string, name: string, value: string, indent: string): string =>
  `${indent}<${prefix}:${name}>${escapeText(checkChars(value, name))}</${prefix}:${name}>\n`;

function systeem(name: 'zender' | 'ontvanger', s: Systeem, organisatieRequired: boolean, indent: string): string {
  const inner = `${indent}\t`;
  let xml = `${indent}<StUF:${name}>\n`;
  if (s.organisatie !== undefined || organisatieRequired)
    xml += el(
      'StUF',
      'organisatie',
      checkLength(s.organisatie, `${name}/organisatie`, organisatieRequired ? 1 : 0, 200),
      inner,
    );
  xml += el('StUF', 'applicatie', checkLength(s.applicatie, `${name}/applicatie`, 3, 50), inner);
  if (s.administratie !== undefined)
    xml += el('StUF', 'administratie', checkLength(s.administratie, `${name}/administratie`, 0, 50), inner);
  if (s.gebruiker !== undefined)
    xml += el('StUF', 'gebruiker', checkLength(s.gebruiker, `${name}/gebruiker`, 0, 100), inner);
  return `${xml}${indent}</StUF:${name}>\n`;
}

function bericht(payload: Payload): string {
  if (!(payload.bytes instanceof Uint8Array))
    throw new StufEnvelopeError('STUF-WAARDE', 'De payload moet uit bytes bestaan.');
  const data = encodeBase64(payload.bytes);
  if (payload.kind === 'xml') return `\t\t\t<GGK:xmlBestand>${data}</GGK:xmlBestand>\n`;
  return `\t\t\t<GGK:tekstBestand bestandsnaam="${escapeAttribute(checkBestandsnaam(payload.bestandsnaam))}">${data}</GGK:tekstBestand>\n`;
}

function envelope(kind: 'Di01' | 'Du01', input: EnvelopeInput, crossRefnummer: string | undefined): string {
  const root = kind === 'Di01' ? 'envelopHeenbericht-ggk_Di01' : 'envelopRetourbericht-ggk_Du01';
  if (input.ontvanger.applicatie !== 'GGk')
    throw new StufEnvelopeError('STUF-WAARDE', 'ontvanger/applicatie moet "GGk" zijn.');
  const p = input.parameters;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<GGK:${root} xmlns:StUF="${NS_STUF}" xmlns:GGK="${NS_GGK}">\n` +
    `\t<GGK:stuurgegevens>\n` +
    el('StUF', 'berichtcode', kind, '\t\t') +
    systeem('zender', input.zender, true, '\t\t') +
    systeem('ontvanger', input.ontvanger, true, '\t\t') +
    el('StUF', 'referentienummer', checkReferentienummer(input.referentienummer, 'referentienummer'), '\t\t') +
    el('StUF', 'tijdstipBericht', formatTijdstip(input.tijdstipBericht), '\t\t') +
    (crossRefnummer === undefined
      ? ''
      : el('StUF', 'crossRefnummer', checkReferentienummer(crossRefnummer, 'crossRefnummer'), '\t\t')) +
    el('StUF', 'functie', checkLength(input.functie, 'functie', 1, 30), '\t\t') +
    `\t</GGK:stuurgegevens>\n` +
    `\t<GGK:parameters>\n` +
    el('GGK', 'applicatieVersie', checkVersienr(p.applicatieVersie, 'applicatieVersie'), '\t\t') +
    el('GGK', 'applicatieSubversie', checkVersienr(p.applicatieSubversie, 'applicatieSubversie'), '\t\t') +
    el('GGK', 'functieVersie', checkVersienr(p.functieVersie, 'functieVersie'), '\t\t') +
    el('GGK', 'functieSubversie', checkVersienr(p.functieSubversie, 'functieSubversie'), '\t\t') +
    `\t\t<GGK:bericht>\n${bericht(input.payload)}\t\t</GGK:bericht>\n` +
    `\t</GGK:parameters>\n` +
    `</GGK:${root}>\n`
  );
}

/** A heen-bericht envelope (`GGK:envelopHeenbericht-ggk_Di01`). */
export function buildDi01(input: Di01Input): string {
  return envelope('Di01', input, undefined);
}

/** A retour-bericht envelope (`GGK:envelopRetourbericht-ggk_Du01`), with the crossRefnummer of the Di01. */
export function buildDu01(input: Du01Input): string {
  return envelope('Du01', input, input.crossRefnummer);
}

/** Checks that `xml` is well-formed content (elements and text, no DTD) for detailsXML. */
function checkDetailsXml(xml: string): string {
  checkChars(xml, 'detailsXML');
  try {
    readXml(`<d>${xml}</d>`, { start: () => undefined, text: () => undefined, end: () => undefined });
  } catch (error) {
    if (error instanceof XmlRefusal) {
      throw new StufEnvelopeError(
        error.code === 'PZ-DTD' ? 'STUF-DTD' : 'STUF-WAARDE',
        `detailsXML is geen goed gevormde XML: ${error.message}`,
      );
    }
    throw error;
  }
  return xml;
}

/** A StUF error message (`StUF:Fo01Bericht`). */
export function buildFo01(input: Fo01Input): string {
  if (input.plek !== 'client' && input.plek !== 'server')
    throw new StufEnvelopeError('STUF-WAARDE', 'plek moet "client" of "server" zijn.');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<StUF:Fo01Bericht xmlns:StUF="${NS_STUF}">\n` +
    `\t<StUF:stuurgegevens>\n` +
    el('StUF', 'berichtcode', 'Fo01', '\t\t') +
    systeem('zender', input.zender, false, '\t\t') +
    systeem('ontvanger', input.ontvanger, false, '\t\t') +
    el('StUF', 'referentienummer', checkReferentienummer(input.referentienummer, 'referentienummer'), '\t\t') +
    el('StUF', 'tijdstipBericht', formatTijdstip(input.tijdstipBericht), '\t\t') +
    el('StUF', 'crossRefnummer', checkRefnummer(input.crossRefnummer, 'crossRefnummer'), '\t\t') +
    `\t</StUF:stuurgegevens>\n` +
    `\t<StUF:body>\n` +
    el('StUF', 'code', checkLength(input.code, 'code', 1, 7), '\t\t') +
    el('StUF', 'plek', input.plek, '\t\t') +
    el('StUF', 'omschrijving', checkLength(input.omschrijving, 'omschrijving', 0, 200), '\t\t') +
    (input.details === undefined ? '' : el('StUF', 'details', checkLength(input.details, 'details', 0, 1000), '\t\t')) +
    (input.detailsXML === undefined
      ? ''
      : `\t\t<StUF:detailsXML>${checkDetailsXml(input.detailsXML)}</StUF:detailsXML>\n`) +
    `\t</StUF:body>\n` +
    `</StUF:Fo01Bericht>\n`
  );
}
