import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import { auditInsert } from '../db/audit.ts';
import { writeTogether } from '../db/one-statement.ts';
import { messageFiles, messages, notifications, organisations, productSettings, users } from '../db/schema.ts';
import { productAudience } from '../domain/message-access.ts';
import { nextDueAt, type Direction, type ExchangeState } from '../domain/message-exchange.ts';
import { messageType, type MessageProduct } from '../domain/message-types.ts';
import type { NotificationKind } from '../domain/notifications.ts';
import { buildDi01, buildDu01 } from '../domain/stuf/build.ts';
import { DeliveryError, type MessageGateways } from '../gateways/chain.ts';
import type { AnswerReceived } from '../workflows/message/messages.ts';
import { MessageFailureType, messageWorkflowId } from '../workflows/message/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised } from './errors.ts';
import { mailNotificationOnce } from './notifications.ts';

export type DeliverMessageInput = {
  referentienummer: string;
  gemeentecode: string;
  product: MessageProduct;
  messageCode: string;
  counterparty: string;
  fileId: string;
  /** The moment the message was accepted: the envelope's tijdstipBericht, the same on every attempt. */
  acceptedAt: string;
  /** For an answer to an incoming message: the referentienummer of that message's envelope (Du01). */
  crossRefnummer?: string;
};

export type OverdueNotice = {
  key: string;
  gemeentecode: string;
  product: MessageProduct;
  messageCode: string;
  referentienummer: string;
  direction: Direction;
  dueAt: string;
  /** The grace period after the deadline ended too: the exchange is over (verlopen). */
  expired?: boolean;
};

/** Title, body and kind of an overdue or expired notice, in the words the municipality reads. */
function overdueText(notice: OverdueNotice): { kind: NotificationKind; title: string; body: string } {
  const due = notice.dueAt.slice(0, 10);
  if (notice.expired) {
    return notice.direction === 'uit'
      ? {
          kind: 'message_expired',
          title: `${notice.messageCode} verlopen: geen retour ontvangen`,
          body: `Op een ${notice.messageCode} van uw gemeente is ook lang na de termijn (${due}) geen retourbericht gekomen. Het portaal wacht er niet meer op; een retour die nog komt, wordt geweigerd. Stuur het bericht zo nodig opnieuw en neem contact op met de ontvanger.`,
        }
      : {
          kind: 'message_expired',
          title: `${notice.messageCode} verlopen: niet beantwoord`,
          body: `Een ontvangen ${notice.messageCode} had uiterlijk ${due} beantwoord moeten zijn en is ook daarna niet beantwoord. Het portaal volgt het niet meer als openstaand.`,
        };
  }
  return notice.direction === 'uit'
    ? {
        kind: 'message_overdue',
        title: `Geen retour op ${notice.messageCode} binnen de termijn`,
        body: `Op een ${notice.messageCode} van uw gemeente is geen retourbericht ontvangen voor de termijn (${due}). Neem contact op met de ontvanger.`,
      }
    : {
        kind: 'message_overdue',
        title: `${notice.messageCode} niet binnen de termijn beantwoord`,
        body: `Een ontvangen ${notice.messageCode} had uiterlijk ${due} beantwoord moeten zijn. Lever het antwoord zo snel mogelijk aan.`,
      };
}

/** StUF version parameters of an iWmo/iJw 3.2 message (functieVersie = BerichtVersie, subversie = BerichtSubversie). */
const PARAMETERS = {
  applicatieVersie: '0001',
  applicatieSubversie: '0000',
  functieVersie: '0003',
  functieSubversie: '0002',
};

type Deps = Pick<ActivityDeps, 'db' | 'mailer' | 'config' | 'clock'> & {
  gateways?: MessageGateways;
  stufApplicatie?: string;
};

export function createMessageActivities({
  db,
  mailer,
  config,
  gateways,
  stufApplicatie = 'PortaalZorg',
  clock = () => new Date(),
}: Deps) {
  return {
    /**
     * The exchange's row in the read model plus an audit row per state it reaches, in one
     * statement (atomic). `version` only grows: a retried, stale write never overwrites a newer one.
     */
    async saveExchange(state: ExchangeState, version: number): Promise<void> {
      const dueAt = nextDueAt(state);
      const row = {
        id: state.referentienummer,
        workflowId: messageWorkflowId(state.referentienummer),
        gemeentecode: state.gemeentecode,
        product: state.product,
        messageCode: state.messageCode,
        direction: state.direction,
        role: state.role,
        identificatie: state.identificatie,
        counterparty: state.counterparty,
        fileId: state.fileId,
        fileName: state.fileName,
        sizeBytes: state.sizeBytes,
        state: state.state,
        dueAt: dueAt ? new Date(dueAt) : null,
        retourCodes: state.retour?.codes ?? null,
        answeredBy: state.answeredBy,
        duties: state.duties.map(({ after: _after, ...duty }) => duty),
        references: state.references ?? [],
        uploadedBy: state.uploadedBy ?? null,
        receivedAt: new Date(state.receivedAt),
        deliveredAt: state.deliveredAt ? new Date(state.deliveredAt) : null,
        version,
        updatedAt: clock(),
      };
      const { id: _id, ...changes } = row;
      await sanitised('DatabaseError', () =>
        writeTogether(
          db,
          db
            .insert(messages)
            .values(row)
            .onConflictDoUpdate({ target: messages.id, set: changes, setWhere: sql`${messages.version} < ${version}` }),
          auditInsert(db, {
            event: `message_${state.state}`,
            ...(state.uploadedBy ? { actor: state.uploadedBy } : {}),
            organisation: state.gemeentecode,
            subject: state.referentienummer,
            details: { messageCode: state.messageCode, direction: state.direction },
            dedupeKey: `${state.referentienummer}:${state.state}`,
          }),
        ),
      );
      log.info('message exchange saved', { messageCode: state.messageCode, state: state.state });
    },

    /** An incoming retour or answer, as its own row in the exchange it belongs to. A repeat changes nothing. */
    async saveReceivedAnswer(input: {
      workflowId: string;
      gemeentecode: string;
      product: MessageProduct;
      answer: AnswerReceived;
    }): Promise<void> {
      const { answer } = input;
      const role = messageType(answer.messageCode)?.retour ? 'retour' : 'antwoord';
      await sanitised('DatabaseError', () =>
        writeTogether(
          db,
          db
            .insert(messages)
            .values({
              id: answer.referentienummer,
              workflowId: input.workflowId,
              gemeentecode: input.gemeentecode,
              product: input.product,
              messageCode: answer.messageCode,
              direction: 'in',
              role,
              identificatie: answer.identificatie,
              identificatieRetour: answer.identificatieRetour ?? null,
              counterparty: answer.counterparty,
              fileId: answer.fileId,
              fileName: answer.fileName,
              sizeBytes: answer.sizeBytes,
              state: 'ontvangen',
              retourCodes: answer.retourCodes ?? null,
              receivedAt: new Date(answer.receivedAt),
              version: 1,
            })
            .onConflictDoNothing({ target: messages.id }),
          auditInsert(db, {
            event: 'message_received',
            organisation: input.gemeentecode,
            subject: answer.referentienummer,
            details: { messageCode: answer.messageCode, exchange: input.workflowId },
            dedupeKey: `${answer.referentienummer}:received`,
          }),
        ),
      );
    },

    /**
     * Wraps the stored file in its StUF envelope and hands it to the chain party. The envelope is
     * the same on every attempt (same referentienummer and tijdstip), and the party is idempotent
     * on the referentienummer, so a retry after a lost answer never delivers twice.
     */
    async deliverMessage(input: DeliverMessageInput): Promise<{ deliveredAt: string }> {
      if (!gateways)
        throw ApplicationFailure.nonRetryable('no chain gateways configured', MessageFailureType.DeliveryRefused);
      const [file] = await sanitised('DatabaseError', () =>
        db.select({ content: messageFiles.content }).from(messageFiles).where(eq(messageFiles.id, input.fileId)),
      );
      if (!file) throw ApplicationFailure.nonRetryable('message file missing', MessageFailureType.DeliveryRefused);
      const [organisation] = await sanitised('DatabaseError', () =>
        db
          .select({ name: organisations.name })
          .from(organisations)
          .where(eq(organisations.gemeentecode, input.gemeentecode)),
      );
      const gateway = input.product === 'ieb' ? gateways.cak : gateways.vecozo;
      const envelopeInput = {
        zender: {
          organisatie: input.gemeentecode,
          applicatie: stufApplicatie,
          ...(organisation ? { administratie: organisation.name.slice(0, 50) } : {}),
        },
        ontvanger: { organisatie: input.counterparty, applicatie: 'GGk' as const },
        referentienummer: input.referentienummer,
        tijdstipBericht: new Date(input.acceptedAt),
        functie: input.messageCode,
        parameters: PARAMETERS,
        payload: { kind: 'xml' as const, bytes: new Uint8Array(file.content) },
      };
      const envelope = input.crossRefnummer
        ? buildDu01({ ...envelopeInput, crossRefnummer: input.crossRefnummer })
        : buildDi01(envelopeInput);
      try {
        await gateway.deliver({ referentienummer: input.referentienummer, envelope });
      } catch (err) {
        const transient = !(err instanceof DeliveryError) || err.transient;
        log.warn('delivery failed', { party: gateway.party, transient, attempt: Context.current().info.attempt });
        // Only codes leave the activity: a gateway's text might quote the payload.
        if (transient)
          throw ApplicationFailure.retryable(`${gateway.party} unavailable`, MessageFailureType.DeliveryUnavailable);
        const code = err instanceof DeliveryError && err.fo01Code ? err.fo01Code : 'onbekend';
        throw ApplicationFailure.create({
          message: `${gateway.party} refused the envelope (${code})`,
          type: MessageFailureType.DeliveryRefused,
          nonRetryable: true,
          details: [code],
        });
      }
      log.info('message delivered', { party: gateway.party, messageCode: input.messageCode });
      return { deliveredAt: clock().toISOString() };
    },

    /**
     * A deadline passed: an in-app notification for the product's users of the municipality and
     * one e-mail, to the product's notification addresses (product settings) or else to its
     * active Gebruikers. The key makes both happen once.
     */
    async notifyMessageOverdue(notice: OverdueNotice): Promise<void> {
      const audience = productAudience(notice.gemeentecode, notice.product);
      const { kind, title, body } = overdueText(notice);
      const link = `/berichten/bericht/${notice.referentienummer}`;
      await sanitised('DatabaseError', () =>
        db
          .insert(notifications)
          .values({ key: notice.key, audience, kind, title, body, link, createdAt: clock() })
          .onConflictDoNothing({ target: notifications.key }),
      );
      await mailNotificationOnce({ db, mailer, publicUrl: config.PUBLIC_URL, clock }, notice.key, async (_row, tx) => {
        const [settings] = await tx
          .select({ emails: productSettings.notificationEmails })
          .from(productSettings)
          .where(
            and(eq(productSettings.gemeentecode, notice.gemeentecode), eq(productSettings.product, notice.product)),
          );
        if (settings && settings.emails.length > 0) return settings.emails;
        const roleProduct = notice.product === 'ieb' ? 'iwmo' : notice.product;
        const rows = await tx
          .select({ email: users.email })
          .from(users)
          .where(
            and(
              eq(users.gemeentecode, notice.gemeentecode),
              eq(users.status, 'actief'),
              sql`${users.roles}->'products' @> ${JSON.stringify([{ product: roleProduct, role: 'gebruiker' }])}::jsonb`,
            ),
          )
          .orderBy(users.userKey);
        return rows.map((r) => r.email).filter((e): e is string => Boolean(e));
      });
      log.info(notice.expired ? 'message expired notified' : 'message overdue notified', {
        messageCode: notice.messageCode,
      });
    },
  };
}
