import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import express, { Router, type Request, type Response } from 'express';
import { appendAudit } from '../../db/audit.ts';
import {
  ClaimTaken,
  discardMessageFile,
  findExchange,
  findSentMessage,
  messageExists,
  storeMessageFile,
} from '../../db/queries/message-correlation.ts';
import { findOrganisation } from '../../db/queries/organisations.ts';
import { answerTarget, claimOf, partiesOf } from '../../domain/exchange-routing.ts';
import { roleOf, type ExchangeInput } from '../../domain/message-exchange.ts';
import { readRetourCodes } from '../../domain/messages/retour-read.ts';
import { buildFo01 } from '../../domain/stuf/build.ts';
import { parseEnvelope } from '../../domain/stuf/parse.ts';
import { StufEnvelopeError, type ParsedEnvelope } from '../../domain/stuf/types.ts';
import { identifyMessage } from '../../domain/upload/header-rules.ts';
import { sniffXml } from '../../uploads/xml-sniff.ts';
import { answerReceivedSignal, deliveryFailedSignal } from '../../workflows/message/messages.ts';
import { startExchange } from '../commands/messages.ts';
import type { WebDeps } from '../deps.ts';

/** 25 MB payload, base64 in the envelope (4/3), plus the envelope itself. */
const MAX_ENVELOPE_BYTES = 36 * 1024 * 1024;

/** A refusal answered with a Fo01: the code (StUF or GGk vocabulary, domain.md §3) and a Dutch explanation. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly omschrijving: string,
    readonly status = 400,
  ) {
    super(omschrijving);
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The one inbound door for the chain (issue 4 §7): a connector (the chain simulator in dev and
 * tests) posts StUF-GGk Di01/Du01 envelopes, exactly as a real Digikoppeling connector would.
 * Authenticated with a bearer token; no session, no CSRF (no browser comes here). An incoming
 * heen-bericht starts its own exchange; a retour or answer is handed to the exchange of the
 * message it answers, found by the identification in its header. A bad envelope gets a Fo01.
 * A repeated delivery (same referentienummer) is answered as a success and changes nothing.
 */
export function stufInboundRouter(deps: WebDeps): Router {
  const { config, db, temporal, logger } = deps;
  const router = Router();

  router.post(
    '/stuf/berichten',
    (req, res, next) => {
      const header = req.get('authorization') ?? '';
      const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!sameToken(token, config.STUF_INBOUND_TOKEN))
        return void res.status(401).set('WWW-Authenticate', 'Bearer').end();
      next();
    },
    express.raw({ type: () => true, limit: MAX_ENVELOPE_BYTES }),
    async (req: Request, res: Response) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let envelope: ParsedEnvelope | undefined;
      try {
        envelope = parseEnvelope(body);
        await accept(envelope);
        res.status(204).end();
      } catch (err) {
        const refusal =
          err instanceof Refusal
            ? err
            : err instanceof StufEnvelopeError
              ? new Refusal('StUF001', `De envelop is ongeldig: ${err.message}`)
              : new Refusal(
                  'StUF058',
                  'Het bericht kon door een fout in het portaal niet worden verwerkt. Probeer het later opnieuw.',
                  500,
                );
        if (!(err instanceof Refusal) && !(err instanceof StufEnvelopeError))
          logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'inbound envelope failed');
        await appendAudit(db, {
          event: 'message_inbound_refused',
          details: { code: refusal.code, functie: envelope?.stuurgegevens.functie ?? null },
        }).catch(() => undefined);
        res
          .status(refusal.status)
          .type('text/xml; charset=utf-8')
          .send(
            buildFo01({
              zender: { organisatie: 'GGk', applicatie: config.STUF_APPLICATIE },
              ontvanger: envelope?.stuurgegevens.zender ?? { applicatie: 'onbekend' },
              referentienummer: randomUUID(),
              tijdstipBericht: new Date(),
              crossRefnummer: envelope?.stuurgegevens.referentienummer ?? 'onbekend',
              code: refusal.code,
              plek: refusal.status >= 500 ? 'server' : 'client',
              omschrijving: refusal.omschrijving.slice(0, 200),
              ...(envelope?.stuurgegevens.functie ? { details: envelope.stuurgegevens.functie } : {}),
            }),
          );
      }
    },
  );

  async function accept(envelope: ParsedEnvelope): Promise<void> {
    if (envelope.kind === 'Fo01') return acceptFo01(envelope);
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
          await discardMessageFile(db, file.id).catch(() => undefined);
          throw err;
        }
      }
      logger.info({ messageCode: type.code, gemeentecode }, 'incoming message accepted');
      return;
    }

    // A retour (302, 320, 406, 408) or an answer: find the exchange it belongs to.
    const target = answerTarget(type.code, 'in', header);
    if (target.kind !== 'exchange')
      throw new Refusal('IB004', `Een ${type.code} wordt door het portaal niet ontvangen.`);
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
      await temporal.workflow.getHandle(heen.workflowId).signal(answerReceivedSignal, {
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
      await discardMessageFile(db, file.id).catch(() => undefined);
      if (err instanceof WorkflowNotFoundError)
        throw new Refusal('StUF058', `De ${heenCode} met identificatie ${identificatie} is al afgerond.`);
      throw err;
    }
    logger.info({ messageCode: type.code, gemeentecode }, 'retour accepted');
  }

  /**
   * A Fo01 about a message we delivered (crossRefnummer = its referentienummer): that exchange
   * ends as not delivered, with the code. A Fo01 about anything else is refused in turn.
   */
  async function acceptFo01(envelope: Extract<ParsedEnvelope, { kind: 'Fo01' }>): Promise<void> {
    const crossRef = envelope.stuurgegevens.crossRefnummer ?? '';
    const sent = crossRef ? await findSentMessage(db, crossRef) : undefined;
    const addressed = envelope.stuurgegevens.ontvanger.organisatie;
    if (!sent || (addressed && addressed !== sent.gemeentecode))
      throw new Refusal(
        'StUF058',
        `Er is geen door het portaal verzonden bericht met referentienummer ${crossRef.slice(0, 40)}.`,
      );
    logger.warn({ code: envelope.fo01.code, messageCode: sent.messageCode }, 'Fo01 received for a delivered message');
    try {
      await temporal.workflow.getHandle(sent.workflowId).signal(deliveryFailedSignal, { code: envelope.fo01.code });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Refusal('StUF058', 'Dit bericht is al afgerond.');
      throw err;
    }
  }

  return router;
}
