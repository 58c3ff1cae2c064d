import { heenOfRetour, roleOf, type Direction } from './message-exchange.ts';
import { messageType } from './message-types.ts';

/**
 * Where a message belongs, the same for both doors (an upload the municipality sends, a StUF
 * envelope it receives): its municipality and counterparty, the exchange it answers, and the claim
 * that makes it unique. Pure rules over the message header; the lookups themselves are the caller's.
 */

/** The header fields that place a message. */
export type RoutingHeader = {
  afzender?: string | undefined;
  ontvanger?: string | undefined;
  /** BerichtIdentificatie; in a retour that of the heen-bericht it answers. */
  identificatie?: string | undefined;
  /** A 325's reference to the 323 it answers. */
  declaratieIdentificatie?: string | undefined;
  /** ReferentieAanbieder values (a 301/319 answering a 315/317 names the request's reference). */
  references?: readonly string[] | undefined;
};

export type Parties = { gemeentecode: string | undefined; counterparty: string | undefined };

const other = (direction: Direction): Direction => (direction === 'uit' ? 'in' : 'uit');

/**
 * The municipality and its counterparty of a message that goes `direction`. A message names its
 * sender as Afzender; a retour echoes the header of the heen-bericht it answers, Afzender and
 * Ontvanger included, so there the Afzender is whoever sent the heen-bericht. iEb is always with
 * the CAK.
 */
export function partiesOf(messageCode: string, direction: Direction, header: RoutingHeader): Parties {
  const type = messageType(messageCode);
  const echoesHeen = type?.retour ?? false;
  // The municipality is the Afzender when it sends a heen-bericht or receives the retour of its own.
  const gemeenteIsAfzender = (direction === 'uit') !== echoesHeen;
  const gemeentecode = gemeenteIsAfzender ? header.afzender : header.ontvanger;
  const counterparty = type?.product === 'ieb' ? 'CAK' : gemeenteIsAfzender ? header.ontvanger : header.afzender;
  return { gemeentecode, counterparty };
}

/** The exchange a message answers, to be found among the municipality's messages with its counterparty. */
export type AnswerTarget =
  | { kind: 'none' }
  /** It must answer this exchange (the other direction); without one it is refused. */
  | { kind: 'exchange'; direction: Direction; messageCode: string; identificatie: string | undefined }
  /** It may answer an open request of the counterparty: a 301/319 naming the ReferentieAanbieder of a 315/317. */
  | { kind: 'openRequest'; messageCodes: string[]; references: readonly string[] };

const prefixOf = (code: string): string => code.replace(/\d+$/, '');

/**
 * What a message answers: a retour the heen-bericht whose identification it echoes, a 325 the 323
 * it names, a 301 or 319 perhaps an open 315/317; anything else starts an exchange of its own.
 */
export function answerTarget(messageCode: string, direction: Direction, header: RoutingHeader): AnswerTarget {
  const role = roleOf(messageCode);
  if (role === 'retour')
    return {
      kind: 'exchange',
      direction: other(direction),
      messageCode: heenOfRetour(messageCode)!,
      identificatie: header.identificatie,
    };
  const prefix = prefixOf(messageCode);
  if (role === 'antwoord')
    return {
      kind: 'exchange',
      direction: other(direction),
      messageCode: `${prefix}323`,
      identificatie: header.declaratieIdentificatie,
    };
  if (messageCode.endsWith('301') || messageCode.endsWith('319'))
    return { kind: 'openRequest', messageCodes: [`${prefix}315`, `${prefix}317`], references: header.references ?? [] };
  return { kind: 'none' };
}

/** What a claim is about: one message of the municipality, placed by partiesOf. */
export type ClaimedMessage = { messageCode: string; direction: Direction; counterparty: string; identificatie: string };

/**
 * The claim that makes a message unique for its municipality (stored with its file, so a racing
 * second copy loses): what it sends, per message type and identification (TR056), and one retour
 * per received message; what it receives, per sender, type and identification. A received retour
 * or answer claims nothing: the exchange it answers takes it once. The keys are stored: never
 * change their form.
 */
export function claimOf(message: ClaimedMessage): string | undefined {
  const { messageCode: code, counterparty, identificatie } = message;
  const role = roleOf(code);
  if (message.direction === 'in') return role === 'heen' ? `in:${counterparty}:${code}:${identificatie}` : undefined;
  return role === 'retour' ? `uit-retour:${counterparty}:${code}:${identificatie}` : `uit:${code}:${identificatie}`;
}
