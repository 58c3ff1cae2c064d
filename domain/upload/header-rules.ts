import { PRODUCT_LABELS, type Product } from '../user.ts';
import { declaredMessage, messageType, type MessageProduct, type MessageType, type Sender } from '../message-types.ts';
import { uploadableCodes } from './upload-rights.ts';
import { uploadProblem, type UploadProblem } from './problems.ts';

/**
 * Rules on the header of one message file, checked before the payload is validated: is it a
 * message type the portal knows, may a municipality send it, does this user hold the product, and
 * is the Afzender the user's own municipality. Pure; the values come from the XML sniff.
 */

/** What the sniff read from a file: the root element and the identifying header fields. */
export type MessageHeader = {
  rootNamespace?: string;
  rootName?: string;
  berichtCode?: string;
  afzender?: string;
  ontvanger?: string;
  /** BerichtIdentificatie/Identificatie: in a retour, that of the heen-bericht it answers. */
  identificatie?: string;
  /** Only in a retour: the retour's own identification. */
  identificatieRetour?: string;
  /** Only in a 325: the identification of the 323 it answers. */
  declaratieIdentificatie?: string;
};

export type Uploader = {
  gemeentecode: string;
  /** Products in which the user holds the Gebruiker role. */
  products: readonly Product[];
};

/**
 * The identification of a message the municipality sends, which TR056 wants unique "per
 * berichtsoort voor de verzendende partij". Retours have no such rule (TR056 lists only
 * heen-berichten): whether a heen-bericht was already answered is for the exchange to track.
 */
export type OwnIdentification = { afzender: string; messageCode: string; identificatie: string };

export type HeaderCheck = { messageCode?: string; problems: UploadProblem[]; ownIdentification?: OwnIdentification };

/** Releases in production. iEb: any, until its release scheme is known. */
const ACTIVE_RELEASES: Record<MessageProduct, readonly string[] | 'any'> = { iwmo: ['3_2'], ijw: ['3_2'], ieb: 'any' };

const SENDER_LABELS: Record<Sender, string> = {
  gemeente: 'een gemeente',
  aanbieder: 'een zorgaanbieder',
  cak: 'het CAK',
};

type Identified = { type: MessageType; release: string } | { problem: UploadProblem; messageCode?: string };

/** Which message type a root element declares, or why it is none the portal accepts. */
export function identifyMessage(rootNamespace: string | undefined, rootName: string | undefined): Identified {
  const declared = declaredMessage(rootName, rootNamespace);
  if (!declared) return { problem: uploadProblem('IB004', 'Het bestand is geen iWmo-, iJw- of iEb-bericht.') };
  const { product, release, code } = declared;
  const type = messageType(code);
  if (!type || type.product !== product)
    return { problem: uploadProblem('IB004', `Het berichttype ${code} bestaat niet.`), messageCode: code };
  const active = ACTIVE_RELEASES[product];
  if (active !== 'any' && !active.includes(release)) {
    return {
      problem: uploadProblem('IB023', `${code} volgens release ${release.replace('_', '.')}.`),
      messageCode: code,
    };
  }
  return { type, release };
}

function productProblem(type: MessageType): UploadProblem {
  const label =
    type.product === 'ieb'
      ? `${PRODUCT_LABELS.ieb} (rol Gebruiker voor ${PRODUCT_LABELS.iwmo})`
      : PRODUCT_LABELS[type.product];
  return uploadProblem('PZ-PRODUCT', `${type.code} hoort bij ${label}.`);
}

const FIELD_NAMES = {
  berichtCode: 'BerichtCode',
  afzender: 'Afzender',
  ontvanger: 'Ontvanger',
  identificatie: 'Identificatie',
  identificatieRetour: 'IdentificatieRetour',
} as const;

export function checkHeader(header: MessageHeader, user: Uploader): HeaderCheck {
  const identified = identifyMessage(header.rootNamespace, header.rootName);
  if ('problem' in identified) {
    return identified.messageCode === undefined
      ? { problems: [identified.problem] }
      : { messageCode: identified.messageCode, problems: [identified.problem] };
  }
  const { type } = identified;
  // A type the municipality never sends is refused as such; its header parties would only confuse.
  if (type.sentBy !== 'gemeente') {
    return {
      messageCode: type.code,
      problems: [uploadProblem('IB007', `${type.code} wordt verstuurd door ${SENDER_LABELS[type.sentBy]}.`)],
    };
  }
  const value = (field: keyof typeof FIELD_NAMES): string => header[field]?.trim() ?? '';
  const problems: UploadProblem[] = [];
  const required = [
    'berichtCode',
    'afzender',
    'ontvanger',
    'identificatie',
    ...(type.retour ? ['identificatieRetour' as const] : []),
  ] as const;
  const missing = required.filter((field) => value(field) === '');
  if (missing.length > 0)
    problems.push(uploadProblem('PZ-HEADER', `Ontbreekt: ${missing.map((field) => FIELD_NAMES[field]).join(', ')}.`));
  const berichtCode = value('berichtCode');
  if (berichtCode && type.berichtCode && berichtCode !== type.berichtCode) {
    problems.push(
      uploadProblem(
        'PZ-BERICHTCODE',
        `BerichtCode ${berichtCode} hoort niet bij ${type.code}; verwacht is ${type.berichtCode}.`,
      ),
    );
  }
  if (!uploadableCodes(user.products).has(type.code)) problems.push(productProblem(type));
  // The municipality's own place in the header: Afzender of what it sends, Ontvanger of a retour
  // it sends back (the retour keeps the heen-bericht's parties).
  const party = type.retour ? 'ontvanger' : 'afzender';
  const gemeente = value(party);
  if (gemeente && gemeente !== user.gemeentecode) {
    const label = FIELD_NAMES[party];
    problems.push(
      uploadProblem(
        type.retour ? 'PZ-ONTVANGER' : 'PZ-AFZENDER',
        `${label} is ${gemeente}; uw gemeentecode is ${user.gemeentecode}.`,
      ),
    );
  }
  const identificatie = value('identificatie');
  const own = !type.retour && gemeente === user.gemeentecode && identificatie !== '';
  const ownIdentification: OwnIdentification = { afzender: gemeente, messageCode: type.code, identificatie };
  return own ? { messageCode: type.code, problems, ownIdentification } : { messageCode: type.code, problems };
}
