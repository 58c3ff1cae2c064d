import { log } from '@temporalio/activity';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { notifications, users } from '../db/schema.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised } from './errors.ts';
import { mailNotificationOnce, type NotificationKind } from './notifications.ts';

export type NotificationContent = {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Path inside the portal, e.g. `/beheer/gebruikers/<subject>`. */
  link: string;
};

/** Who a notification about a user is for. The in-app item goes to the audience, the e-mail to people. */
export type NotificationTarget =
  /** Every active gebruikersbeheerder of the municipality; with a fallback, the servicedesk when there is none. */
  | { kind: 'gebruikersbeheerders'; gemeentecode: string; servicedeskFallback?: NotificationContent }
  /** One administrator (the issuer of a code): in-app for the municipality, e-mail to that person only. */
  | { kind: 'administrator'; gemeentecode: string; userKey: string }
  | { kind: 'servicedesk' };

export type UserNotification = NotificationContent & {
  /** Business key: one in-app item and one e-mail per key, however often the activities run. */
  key: string;
  target: NotificationTarget;
};

/** 'servicedesk', or the gemeentecode whose gebruikersbeheerders see the item. */
export type NotificationAudience = { audience: string };

async function activeGebruikersbeheerderEmails(db: Pick<Database, 'select'>, gemeentecode: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(
      and(
        eq(users.gemeentecode, gemeentecode),
        eq(users.status, 'actief'),
        sql`(${users.roles}->>'gebruikersbeheerder')::boolean`,
        isNotNull(users.email),
      ),
    )
    .orderBy(users.userKey);
  return rows.map((r) => r.email).filter((e): e is string => Boolean(e));
}

async function emailOf(db: Pick<Database, 'select'>, userKey: string): Promise<string[]> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.userKey, userKey));
  return row?.email ? [row.email] : [];
}

export function createUserNotificationActivities({
  db,
  mailer,
  config,
  clock = () => new Date(),
}: Omit<ActivityDeps, 'temporal'>) {
  return {
    /**
     * Writes the in-app item of a notification once per key and says who it went to. Who that is
     * (the gebruikersbeheerders, or the servicedesk as fallback) is decided once, by the first
     * attempt that writes the row: a retry after a gebruikersbeheerder appeared keeps the audience.
     */
    async recordUserNotification(n: UserNotification): Promise<NotificationAudience> {
      return sanitised('DatabaseError', async () => {
        const existing = await db
          .select({ audience: notifications.audience })
          .from(notifications)
          .where(eq(notifications.key, n.key));
        if (existing[0]) return { audience: existing[0].audience };
        let content: NotificationContent = n;
        let audience: string;
        if (n.target.kind === 'servicedesk') {
          audience = 'servicedesk';
        } else if (
          n.target.kind === 'gebruikersbeheerders' &&
          n.target.servicedeskFallback &&
          (await activeGebruikersbeheerderEmails(db, n.target.gemeentecode)).length === 0
        ) {
          audience = 'servicedesk';
          content = n.target.servicedeskFallback;
        } else {
          audience = n.target.gemeentecode;
        }
        await db
          .insert(notifications)
          .values({
            key: n.key,
            audience,
            kind: content.kind,
            title: content.title,
            body: content.body,
            link: content.link,
            createdAt: clock(),
          })
          .onConflictDoNothing({ target: notifications.key });
        // A concurrent attempt may have won the insert: its audience is the one that counts.
        const [row] = await db
          .select({ audience: notifications.audience })
          .from(notifications)
          .where(eq(notifications.key, n.key));
        log.info('user notification recorded', { kind: content.kind, audience: row?.audience ?? audience });
        return { audience: row?.audience ?? audience };
      });
    },

    /**
     * The e-mail of a recorded notification, exactly once (mailNotificationOnce). The
     * gebruikersbeheerders get one message together: they administer each other's accounts, so
     * their addresses are no secret among them, and one SMTP transaction is what makes "once"
     * hold for all of them.
     */
    async mailUserNotification(n: UserNotification): Promise<void> {
      const sent = await mailNotificationOnce(
        { db, mailer, publicUrl: config.PUBLIC_URL, clock },
        n.key,
        async (row, tx) => {
          if (row.audience === 'servicedesk') return [config.SERVICEDESK_EMAIL];
          if (n.target.kind === 'administrator') return emailOf(tx, n.target.userKey);
          return activeGebruikersbeheerderEmails(tx, row.audience);
        },
      );
      log.info(sent ? 'user notification mailed' : 'user notification mail already sent or no recipient', {
        kind: n.kind,
      });
    },
  };
}
