import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import { auditEvents, wlzLookups } from '../db/schema.ts';
import type { WlzOutcome } from '../domain/wlz.ts';
import { CizError, type RegistertoetsAnswer } from '../gateways/ciz.ts';
import { WlzFailureType } from '../workflows/wlz/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised } from './errors.ts';

export type StartWlzLookupInput = { id: string; gemeentecode: string; actor: string; purpose: string; bsn: string };
export type CompleteWlzLookupInput = {
  id: string;
  gemeentecode: string;
  actor: string;
  outcome: WlzOutcome;
  registerDate: string | null;
};

/**
 * The BSN's pseudonym in the processing log: HMAC-SHA256 with a key only the worker holds, so the
 * log can answer "was this BSN looked up?" (hash it again) without ever holding the BSN.
 */
export function bsnPseudonym(bsn: string, keyBase64: string): string {
  return createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(bsn, 'utf8').digest('hex');
}

export function createWlzActivities({
  db,
  ciz,
  config,
  clock = () => new Date(),
}: Pick<ActivityDeps, 'db' | 'ciz' | 'config' | 'clock'>) {
  return {
    /**
     * The log row, BEFORE the CIZ is asked: a look-up that crashes half-way is still on record.
     * The row id is the workflow id, so a retry inserts nothing new.
     */
    async startWlzLookup(input: StartWlzLookupInput): Promise<void> {
      const bsnHash = bsnPseudonym(input.bsn, config.BSN_PSEUDONYM_KEY);
      await sanitised('DatabaseError', () =>
        db
          .insert(wlzLookups)
          .values({
            id: input.id,
            gemeentecode: input.gemeentecode,
            actor: input.actor,
            purpose: input.purpose,
            bsnHash,
            requestedAt: clock(),
          })
          .onConflictDoNothing({ target: wlzLookups.id }),
      );
      log.info('wlz look-up logged', { gemeentecode: input.gemeentecode });
    },

    /** Asks the CIZ. Failures carry a fixed message: the gateway's text might quote the BSN. */
    async cizRegistertoets(bsn: string): Promise<RegistertoetsAnswer> {
      if (!ciz) throw ApplicationFailure.nonRetryable('no CIZ gateway configured', WlzFailureType.CizNotConfigured);
      try {
        return await ciz.registertoets(bsn);
      } catch (err) {
        const transient = !(err instanceof CizError) || err.transient;
        log.warn('CIZ registertoets failed', { transient, attempt: Context.current().info.attempt });
        if (transient) throw ApplicationFailure.retryable('CIZ unavailable', WlzFailureType.CizUnavailable);
        throw ApplicationFailure.nonRetryable('CIZ refused the question', WlzFailureType.CizRefused);
      }
    },

    /** Completes the row with the answer and appends its audit row, in one transaction; a retry changes nothing. */
    async completeWlzLookup(input: CompleteWlzLookupInput): Promise<void> {
      await sanitised('DatabaseError', () =>
        db.transaction(async (tx) => {
          await tx
            .update(wlzLookups)
            .set({ outcome: input.outcome, registerDate: input.registerDate, answeredAt: clock() })
            .where(eq(wlzLookups.id, input.id));
          await tx
            .insert(auditEvents)
            .values({
              event: 'wlz_registertoets',
              actor: input.actor,
              organisation: input.gemeentecode,
              subject: input.id,
              details: { outcome: input.outcome },
              dedupeKey: `${input.id}:wlz_registertoets`,
            })
            .onConflictDoNothing({ target: auditEvents.dedupeKey });
        }),
      );
      log.info('wlz look-up completed', { gemeentecode: input.gemeentecode, outcome: input.outcome });
    },
  };
}
