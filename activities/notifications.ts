import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { notifications } from '../db/schema.ts';
import type { NotificationKind } from '../domain/notifications.ts';
import type { Mailer } from '../gateways/mailer.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised, toActivityFailure } from './errors.ts';

export type { NotificationKind };

export type ServicedeskNotification = {
  /** Business key: one notification (and one e-mail) per key, however often the activity runs. */
  key: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Path inside the portal, e.g. `/servicedesk/gemeenten/0363`. */
  link?: string;
};

/** Same key, same Message-ID: should a mail still go out twice (see below), receivers can drop the copy. */
export function notificationMessageId(key: string): string {
  return `notificatie.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

function mailText(n: { body: string; link?: string | null }, publicUrl: string): string {
  const link = n.link ? `\n\nBekijk het in Portaal Zorg: ${new URL(n.link, publicUrl).toString()}` : '';
  return `${n.body}${link}\n\n--\nDit bericht is automatisch verstuurd door Portaal Zorg. U kunt er niet op antwoorden.\n`;
}

export type NotificationRow = typeof notifications.$inferSelect;

/**
 * Sends the e-mail of the notification row `key` once. The mail is sent while holding that row's
 * lock, and `email_sent_at` is set in the same transaction, so concurrent or retried attempts send
 * once. Only a crash between the SMTP send and the commit sends again, with the same Message-ID.
 * `recipients` is asked inside the lock, on the same connection (a second one from a small pool
 * could deadlock); none means nothing to send (the row stays unsent).
 */
export async function mailNotificationOnce(
  deps: { db: Database; mailer: Mailer; publicUrl: string; clock: () => Date },
  key: string,
  recipients: (row: NotificationRow, tx: Pick<Database, 'select'>) => Promise<string[]>,
): Promise<boolean> {
  return sanitised('DatabaseError', () =>
    deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(notifications).where(eq(notifications.key, key)).for('update');
      if (!row || row.emailSentAt) return false;
      const to = await recipients(row, tx);
      if (to.length === 0) return false;
      try {
        await deps.mailer.send({
          to,
          subject: row.title,
          text: mailText(row, deps.publicUrl),
          messageId: notificationMessageId(key),
        });
      } catch (err) {
        throw toActivityFailure('MailError', err);
      }
      await tx.update(notifications).set({ emailSentAt: deps.clock() }).where(eq(notifications.id, row.id));
      return true;
    }),
  );
}

export function createNotificationActivities({
  db,
  mailer,
  config,
  clock = () => new Date(),
}: Omit<ActivityDeps, 'temporal'>) {
  return {
    /**
     * In-app notification for the servicedesk plus one e-mail to SERVICEDESK_EMAIL. The row is
     * written first (it must exist even while SMTP is down); then mailNotificationOnce.
     */
    async notifyServicedesk(n: ServicedeskNotification): Promise<void> {
      await sanitised('DatabaseError', () =>
        db
          .insert(notifications)
          .values({
            key: n.key,
            audience: 'servicedesk',
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link ?? null,
            createdAt: clock(),
          })
          .onConflictDoNothing({ target: notifications.key }),
      );
      const sent = await mailNotificationOnce({ db, mailer, publicUrl: config.PUBLIC_URL, clock }, n.key, async () => [
        config.SERVICEDESK_EMAIL,
      ]);
      log.info(sent ? 'servicedesk notified' : 'servicedesk notification already sent', { kind: n.kind });
    },
  };
}
