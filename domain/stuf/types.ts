/**
 * The StUF-GGk envelope (ggk0210 patch 4 on StUF 0301) in which every iWmo/iJw/iEb message travels
 * through the GGk: `Di01` heen, `Du01` retour, `Fo01` error.
 * Types, constants and the checks shared by the builder and the parser. Pure, no Node builtins.
 */

export const NS_STUF = 'http://www.egem.nl/StUF/StUF0301';
export const NS_GGK = 'http://www.stufstandaarden.nl/koppelvlak/ggk0210';

export type EnvelopeKind = 'Di01' | 'Du01' | 'Fo01';

/** StUF:Systeem. For Di01/Du01 `organisatie` is required (Systeem_ggkberichten). */
export type Systeem = { organisatie?: string; applicatie: string; administratie?: string; gebruiker?: string };

export type Stuurgegevens = {
  berichtcode: EnvelopeKind;
  zender: Systeem;
  ontvanger: Systeem;
  referentienummer: string;
  /** As sent: `yyyymmddhhmmss` (StUF:Tijdstip allows 8–17 digits). */
  tijdstipBericht: string;
  crossRefnummer?: string;
  functie?: string;
};

export type Parameters = {
  applicatieVersie: string;
  applicatieSubversie: string;
  functieVersie: string;
  functieSubversie: string;
};

export type Payload = { kind: 'xml'; bytes: Uint8Array } | { kind: 'tekst'; bestandsnaam: string; bytes: Uint8Array };

export type Fo01Body = {
  code: string;
  plek: 'client' | 'server';
  omschrijving: string;
  details?: string;
  /** The content of `detailsXML` as XML text (re-serialised; prefixes as in the message). */
  detailsXML?: string;
};

export type ParsedEnvelope =
  | { kind: 'Di01' | 'Du01'; stuurgegevens: Stuurgegevens; parameters: Parameters; payload: Payload }
  | { kind: 'Fo01'; stuurgegevens: Stuurgegevens; fo01: Fo01Body };

export type StufErrorCode =
  | 'STUF-XML' // not well-formed
  | 'STUF-DTD' // DOCTYPE / entity declarations refused
  | 'STUF-ENCODING' // BOM, not UTF-8
  | 'STUF-SOORT' // unknown envelope kind
  | 'STUF-STRUCTUUR' // element missing, unexpected or with the wrong value
  | 'STUF-REFERENTIENUMMER' // referentienummer / crossRefnummer missing or not a UUID v4
  | 'STUF-BESTANDSNAAM'
  | 'STUF-BASE64'
  | 'STUF-WAARDE'; // a value outside its StUF type (builder input, parsed values)

export class StufEnvelopeError extends Error {
  constructor(
    public readonly code: StufErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StufEnvelopeError';
  }
}

/** UUID v4, lower case, exactly the XSD pattern of ggk0210 (referentienummer, crossRefnummer). */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** StUF:bestandsnaampattern: 4–255 characters of `[A-Za-z0-9._-]`. */
export const BESTANDSNAAM = /^[A-Za-z0-9._-]{4,255}$/;
const VERSIENR = /^[0-9]{4}$/;
const TIJDSTIP = /^[0-9]{8,17}$/;

export function checkReferentienummer(
  value: string | undefined,
  element: 'referentienummer' | 'crossRefnummer',
): string {
  if (value === undefined || value.trim() === '')
    throw new StufEnvelopeError('STUF-REFERENTIENUMMER', `Het ${element} ontbreekt in de stuurgegevens.`);
  if (!UUID_V4.test(value)) {
    throw new StufEnvelopeError(
      'STUF-REFERENTIENUMMER',
      `Het ${element} "${value.slice(0, 60)}" is geen UUID versie 4 (kleine letters, bijvoorbeeld 9c0f7b90-5c69-41e5-a837-0800200c9a66).`,
    );
  }
  return value;
}

/** Fo01 uses plain StUF:Refnummer for crossRefnummer (the official example refers to a UUID v1). */
export function checkRefnummer(value: string | undefined, element: string): string {
  if (value === undefined || value.trim() === '')
    throw new StufEnvelopeError('STUF-REFERENTIENUMMER', `Het ${element} ontbreekt in de stuurgegevens.`);
  if (value.length > 40)
    throw new StufEnvelopeError('STUF-REFERENTIENUMMER', `Het ${element} is langer dan 40 tekens.`);
  return value;
}

export function checkBestandsnaam(value: string | undefined): string {
  if (value === undefined)
    throw new StufEnvelopeError('STUF-BESTANDSNAAM', 'Een tekstBestand heeft een bestandsnaam nodig.');
  if (!BESTANDSNAAM.test(value)) {
    throw new StufEnvelopeError(
      'STUF-BESTANDSNAAM',
      `De bestandsnaam "${value.slice(0, 60)}${value.length > 60 ? '…' : ''}" is ongeldig: 4 tot 255 tekens, alleen letters, cijfers, punt, liggend streepje en underscore.`,
    );
  }
  return value;
}

export function checkVersienr(value: string | undefined, element: string): string {
  if (value === undefined || !VERSIENR.test(value))
    throw new StufEnvelopeError('STUF-WAARDE', `${element} moet uit precies 4 cijfers bestaan (bijvoorbeeld 0004).`);
  return value;
}

export function checkTijdstip(value: string | undefined): string {
  if (value === undefined || !TIJDSTIP.test(value))
    throw new StufEnvelopeError('STUF-WAARDE', 'tijdstipBericht moet uit 8 tot 17 cijfers bestaan (jjjjmmdduummss).');
  return value;
}

/** A string value with a length range (the StUF simple types are all maxLength restrictions). */
export function checkLength(value: string | undefined, element: string, min: number, max: number): string {
  if (value === undefined) throw new StufEnvelopeError('STUF-STRUCTUUR', `Het element ${element} ontbreekt.`);
  const length = [...value].length;
  if (length < min || length > max) {
    throw new StufEnvelopeError(
      'STUF-WAARDE',
      min > 0
        ? `${element} moet ${min} tot ${max} tekens lang zijn.`
        : `${element} mag hoogstens ${max} tekens lang zijn.`,
    );
  }
  return value;
}
