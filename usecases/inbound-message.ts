import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  ClaimTaken,
  discardMessageFile,
  findExchange,
  messageExists,
  storeMessageFile,
} from '../db/queries/message-correlation.ts';
import { findOrganisation } from '../db/queries/organisations.ts';
import { answerTarget, claimOf, partiesOf } from '../domain/exchange-routing.ts';
import { roleOf, type ExchangeInput } from '../domain/message-exchange.ts';
import { readRetourCodes } from '../domain/messages/retour-read.ts';
import type { ParsedEnvelope } from '../domain/stuf/types.ts';
import { identifyMessage } from '../domain/upload/header-rules.ts';
import { sniffXml } from '../uploads/xml-sniff.ts';
import type { UseCaseDeps } from './deps.ts';
import { ExchangeClosed, exchangeExists, handOverAnswer, startExchange } from './exchanges.ts';
import { InboundRefusal as Refusal } from './inbound-refusal.ts';
import { messageWorkflowId } from '../workflows/message/messages.ts';

type MessageEnvelope = Exclude<ParsedEnvelope, { kind: 'Fo01' }>;

/**
 * A Di01/Du01 with an iWmo, iJw or iEb message: read and placed (domain/exchange-routing.ts), its
 * file stored, then a heen-bericht starts its own exchange and a retour or answer is handed to the
 * exchange of the message it answers. Throws InboundRefusal for what the chain must hear about.
 */
export async function acceptMessage(deps: UseCaseDeps, envelope: MessageEnvelope): Promise<void> {
  const { db, temporal, config, logger } = deps;
  const referentienummer = envelope.stuurgegevens.referentienummer;
  if (envelope.payload.kind !== 'xml')
    throw new Refusal('StUF055', 'Het portaal verwacht een iWmo-, iJw- of iEb-bericht als xmlBestand.');
  if (await messageExists(db, referentienummer)) return; // delivered before

  const bytes = envelope.payload.bytes;
  const sniff = await sniffXml(bytes);
  if (!sniff.readable)
    throw new Refusal('StUF055', `Het bericht is niet leesbaar: ${sniff.problems.map((p) => p.message).join(' ')}`);
  const identified = identifyMessage(sniff.header.rootNamespace, sniff.header.rootName);
  if ('problem' in identified)
    throw new Refusal('IB004', `Dit berichttype wordt niet ondersteund (${identified.messageCode ?? 'onbekend'}).`);
  const type = identified.type;
  if (type.sentBy === 'gemeente')
    throw new Refusal('IB007', `Een ${type.code} wordt door een gemeente verstuurd, niet ontvangen.`);
  if (envelope.stuurgegevens.functie && envelope.stuurgegevens.functie !== type.code) {
    throw new Refusal(
      'StUF001',
      `De functie ${envelope.stuurgegevens.functie} in de stuurgegevens past niet bij het bericht (${type.code}).`,
    );
  }
  const header = sniff.header;
  const parties = partiesOf(type.code, 'in', header);
  const gemeentecode = parties.gemeentecode ?? '';
  const counterparty = parties.counterparty ?? '';
  const identificatie = header.identificatie ?? '';
  if (!/^\d{4}$/.test(gemeentecode) || !counterparty || !identificatie)
    throw new Refusal('StUF055', 'De header van het bericht is onvolledig (afzender, ontvanger of identificatie).');
  const addressed = envelope.stuurgegevens.ontvanger.organisatie;
  if (addressed && addressed !== gemeentecode)
    throw new Refusal('IB005', `De envelop is gericht aan ${addressed}, het bericht aan gemeente ${gemeentecode}.`);
  const organisation = await findOrganisation(db, gemeentecode);
  if (organisation?.status !== 'actief')
    throw new Refusal('IB005', `Gemeente ${gemeentecode} is niet aangesloten op het portaal.`);

  const receivedAt = new Date().toISOString();
  const file = {
    id: referentienummer,
    gemeentecode,
    fileName: `${type.code}-${identificatie}.xml`.replace(/[^A-Za-z0-9._-]/g, '_'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
  };

  if (roleOf(type.code) === 'heen') {
    // The claim refuses a second message with this identification from this sender (TR056).
    try {
      await storeMessageFile(db, {
        ...file,
        claim: claimOf({ messageCode: type.code, direction: 'in', counterparty, identificatie })!,
      });
    } catch (err) {
      if (err instanceof ClaimTaken)
        throw new Refusal(
          'IB016',
          `Identificatie ${identificatie} is voor een ${type.code} van deze afzender al eerder ontvangen.`,
        );
      throw err;
    }
    const exchange: ExchangeInput = {
      referentienummer,
      gemeentecode,
      product: type.product,
      messageCode: type.code,
      direction: 'in',
      identificatie,
      counterparty,
      fileId: file.id,
      fileName: file.fileName,
      sizeBytes: bytes.byteLength,
      receivedAt,
      ...(sniff.references.length > 0 ? { references: sniff.references } : {}),
    };
    try {
      await startExchange(temporal, config, exchange);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        // A start can fail after Temporal took it: then the message is in. When Temporal cannot
        // say, the file stays for a workflow that may read it; the sender offers the message again
        // under the same referentienummer, which stores nothing twice and starts nothing twice.
        const started = await exchangeExists(temporal, messageWorkflowId(referentienummer));
        if (started === false) await discardMessageFile(db, file.id).catch(() => undefined);
        if (!started) throw err;
      }
    }
    logger.info({ messageCode: type.code, gemeentecode }, 'incoming message accepted');
    return;
  }

  // A retour (302, 320, 406, 408) or an answer: find the exchange it belongs to.
  const target = answerTarget(type.code, 'in', header);
  if (target.kind !== 'exchange') throw new Refusal('IB004', `Een ${type.code} wordt door het portaal niet ontvangen.`);
  const heenCode = target.messageCode;
  const heen = await findExchange(db, {
    gemeentecode,
    direction: target.direction,
    messageCode: heenCode,
    identificatie,
    counterparty,
  });
  if (!heen)
    throw new Refusal(
      'StUF058',
      `Er is geen ${heenCode} met identificatie ${identificatie} van gemeente ${gemeentecode} aan ${counterparty} bekend.`,
    );
  await storeMessageFile(db, file);
  try {
    await handOverAnswer(temporal, heen.workflowId, {
      referentienummer,
      messageCode: type.code,
      identificatie,
      ...(header.identificatieRetour ? { identificatieRetour: header.identificatieRetour } : {}),
      counterparty,
      fileId: file.id,
      fileName: file.fileName,
      sizeBytes: bytes.byteLength,
      receivedAt,
      retourCodes: readRetourCodes(bytes),
    });
  } catch (err) {
    // Only a closed exchange surely did not take it; a signal that failed otherwise may have
    // arrived, and the exchange reads the file (the sender's retry of the same referentienummer
    // stores it once).
    if (!(err instanceof ExchangeClosed)) throw err;
    await discardMessageFile(db, file.id).catch(() => undefined);
    throw new Refusal('StUF058', `De ${heenCode} met identificatie ${identificatie} is al afgerond.`);
  }
  logger.info({ messageCode: type.code, gemeentecode }, 'retour accepted');
}
