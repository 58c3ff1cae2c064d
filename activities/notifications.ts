import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised, toActivityFailure } from './errors.ts';

export const NOTIFICATION_KINDS = ['agreement_reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

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

function mailText(n: ServicedeskNotification, publicUrl: string): string {
  const link = n.link ? `\n\nBekijk het in Portaal Zorg: ${new URL(n.link, publicUrl).toString()}` : '';
  return `${n.body}${link}\n\n--\nDit bericht is automatisch verstuurd door Portaal Zorg. U kunt er niet op antwoorden.\n`;
}

export function createNotificationActivities({ db, mailer, config, clock = () => new Date() }: ActivityDeps) {
  return {
    /**
     * In-app notification for the servicedesk plus one e-mail to SERVICEDESK_EMAIL. The row is
     * written first (it must exist even while SMTP is down); the mail is sent while holding that
     * row's lock, and `email_sent_at` is set in the same transaction, so concurrent or retried
     * attempts send once. Only a crash between the SMTP send and the commit sends again, with the
     * same Message-ID.
     */
    async notifyServicedesk(n: ServicedeskNotification): Promise<void> {
      await sanitised('DatabaseError', () =>
        db
          .insert(notifications)
          .values({ key: n.key, audience: 'servicedesk', kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, createdAt: clock() })
          .onConflictDoNothing({ target: notifications.key }),
      );
      const sent = await sanitised('DatabaseError', () =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .select({ id: notifications.id, emailSentAt: notifications.emailSentAt })
            .from(notifications)
            .where(eq(notifications.key, n.key))
            .for('update');
          if (!row || row.emailSentAt) return false;
          try {
            await mailer.send({
              to: [config.SERVICEDESK_EMAIL],
              subject: n.title,
              text: mailText(n, config.PUBLIC_URL),
              messageId: notificationMessageId(n.key),
            });
          } catch (err) {
            throw toActivityFailure('MailError', err);
          }
          await tx.update(notifications).set({ emailSentAt: clock() }).where(eq(notifications.id, row.id));
          return true;
        }),
      );
      log.info(sent ? 'servicedesk notified' : 'servicedesk notification already sent', { kind: n.kind });
    },
  };
}
