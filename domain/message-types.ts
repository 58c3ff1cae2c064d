import type { Product } from './user.ts';

/**
 * The message types the portal knows (iWmo/iJw 3.2 and iEb), who sends them, and which ones a
 * municipality may upload. A message names its type by the namespace of its root element
 * (`http://www.istandaarden.nl/iwmo/3_2/wmo301/schema`) and repeats it as the numeric BerichtCode
 * in the header (COD002-VEKTIS: WMO301 = 414).
 */

/** The products whose messages the portal exchanges (the Wlz-Registertoets is a look-up, not a message). */
export const MESSAGE_PRODUCTS = ['iwmo', 'ijw', 'ieb'] as const satisfies readonly Product[];
export type MessageProduct = (typeof MESSAGE_PRODUCTS)[number];
export type Sender = 'gemeente' | 'aanbieder' | 'cak';

export type MessageType = {
  code: string;
  product: MessageProduct;
  /** COD002 BerichtCode; undefined for iEb, whose codes are not in a public source. */
  berichtCode?: string;
  sentBy: Sender;
  /**
   * A retour echoes the header of the heen-bericht it answers, Afzender and Ontvanger included:
   * in a 306 the municipality is the Ontvanger, and the retour's own
   * identification is IdentificatieRetour. The 325 is a message of its own, not an echo.
   */
  retour: boolean;
};

/** [suffix, Wmo BerichtCode, Jw BerichtCode, sender, retour]: the two standards share numbering and direction. */
const WMO_JW: ReadonlyArray<readonly [string, string, string, Sender, boolean]> = [
  ['301', '414', '436', 'gemeente', false],
  ['302', '415', '437', 'aanbieder', true],
  ['305', '418', '438', 'aanbieder', false],
  ['306', '419', '439', 'gemeente', true],
  ['307', '420', '440', 'aanbieder', false],
  ['308', '421', '441', 'gemeente', true],
  ['315', '444', '446', 'aanbieder', false],
  ['316', '445', '447', 'gemeente', true],
  ['317', '480', '486', 'aanbieder', false],
  ['318', '481', '487', 'gemeente', true],
  ['319', '482', '488', 'gemeente', false],
  ['320', '483', '489', 'aanbieder', true],
  ['323', '484', '490', 'aanbieder', false],
  ['325', '485', '491', 'gemeente', false],
];

/**
 * iEb with the CAK: the municipality sends 405 and 407, the CAK answers 406 and
 * 408. That 406/408 echo the header like an iWmo retour is an assumption (no public XSD).
 */
const IEB: ReadonlyArray<readonly [string, Sender, boolean]> = [
  ['WMO405', 'gemeente', false],
  ['WMO406', 'cak', true],
  ['WMO407', 'gemeente', false],
  ['WMO408', 'cak', true],
];

export const MESSAGE_TYPES: readonly MessageType[] = [
  ...WMO_JW.map(([n, wmo, , sentBy, retour]): MessageType => ({
    code: `WMO${n}`,
    product: 'iwmo',
    berichtCode: wmo,
    sentBy,
    retour,
  })),
  ...WMO_JW.map(([n, , jw, sentBy, retour]): MessageType => ({
    code: `JW${n}`,
    product: 'ijw',
    berichtCode: jw,
    sentBy,
    retour,
  })),
  ...IEB.map(([code, sentBy, retour]): MessageType => ({ code, product: 'ieb', sentBy, retour })),
];

const BY_CODE = new Map(MESSAGE_TYPES.map((t) => [t.code, t]));

export function messageType(code: string): MessageType | undefined {
  return BY_CODE.get(code);
}

/**
 * `http://www.istandaarden.nl/<standard>/<release>/<message>/schema`. iEb has no
 * public XSD: we assume it follows the same pattern with its WMO4xx codes; that
 * assumption is the first thing to check when the CAK's XSD is at hand.
 */
const NAMESPACE = /^http:\/\/www\.istandaarden\.nl\/(iwmo|ijw|ieb)\/(\d{1,2}_\d{1,2})\/(wmo|jw)(\d{3})\/schema$/;
const PREFIX: Record<MessageProduct, string> = { iwmo: 'wmo', ijw: 'jw', ieb: 'wmo' };

/** What a message's root namespace declares, before asking whether the portal knows that type. */
export type DeclaredMessage = { product: MessageProduct; release: string; code: string };

/** The product, release and code a root `Bericht` namespace declares; undefined for anything else. */
export function declaredMessage(
  rootName: string | undefined,
  namespaceUri: string | undefined,
): DeclaredMessage | undefined {
  const [, standard, release, prefix, number] = NAMESPACE.exec(namespaceUri ?? '') ?? [];
  const product = standard as MessageProduct | undefined;
  if (rootName !== 'Bericht' || !product || !release || !number || PREFIX[product] !== prefix) return undefined;
  return { product, release, code: `${prefix!.toUpperCase()}${number}` };
}
