import { localName, readXml } from '../../domain/messages/xml-reader.ts';
import type { ChainParty } from '../chain.ts';

/** What the simulated receivers answer, and where: rules of the chain simulator (chain.ts). */

/**
 * Rejection marker: a heen-bericht whose payload contains `PZ-TEST-AFKEUR` (in a Commentaar, say)
 * gets a rejecting retour: 301 → 9332 (ToewijzingNummer niet uniek, TR332) on the first
 * ToegewezenProduct, as in the official WMO302 example; 319 → 9355 (ReferentieAanbieder komt niet
 * voor in een eerder verzoek, TR355) on the Antwoord; iEb → 0001 (technisch afgekeurd) on the
 * Header.
 */
export const REJECT_MARKER = 'PZ-TEST-AFKEUR';

/** Who answers what, with which retour and where a rejection goes. */
export function answerFor(
  party: ChainParty,
  functie: string,
): { reject: { code: string; berichtklasse: string } } | undefined {
  const match = /^(WMO|JW)(\d{3})$/.exec(functie);
  if (!match) return undefined;
  const [, family, number] = match;
  if (party === 'VECOZO' && number === '301') return { reject: { code: '9332', berichtklasse: 'ToegewezenProduct' } };
  if (party === 'VECOZO' && number === '319') return { reject: { code: '9355', berichtklasse: 'Antwoord' } };
  if (party === 'CAK' && family === 'WMO' && (number === '405' || number === '407'))
    return { reject: { code: '0001', berichtklasse: 'Header' } };
  return undefined;
}

/** The rejection on its berichtklasse, or on the Header when the message has no such element (an optional Antwoord). */
export function placed(
  reject: { code: string; berichtklasse: string },
  payload: string,
): { code: string; berichtklasse: string } {
  return new RegExp(`<(?:[\\w.-]+:)?${reject.berichtklasse}[\\s>]`).test(payload)
    ? reject
    : { code: reject.code, berichtklasse: 'Header' };
}

/** Afzender and Ontvanger from the payload's Header (undefined when unreadable). */
export function headerParties(xml: string): { afzender?: string; ontvanger?: string } {
  const found: { afzender?: string; ontvanger?: string } = {};
  let current: 'afzender' | 'ontvanger' | undefined;
  let headerDone = false;
  try {
    readXml(xml, {
      start(qname) {
        if (headerDone) return false;
        const local = localName(qname);
        current = local === 'Afzender' ? 'afzender' : local === 'Ontvanger' ? 'ontvanger' : undefined;
      },
      text(value) {
        if (current) found[current] = (found[current] ?? '') + value;
      },
      end(qname) {
        current = undefined;
        if (localName(qname) === 'Header') headerDone = true;
      },
    });
  } catch {
    // Unreadable payload: the envelope's organisations are used instead.
  }
  return { afzender: found.afzender?.trim() || undefined, ontvanger: found.ontvanger?.trim() || undefined };
}
