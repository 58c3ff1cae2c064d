import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, organisations, sessions, users } from '../db/schema.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { OrganisationStatus } from '../domain/organisation.ts';
import type { UserState } from '../domain/user.ts';
import {
  changeGebruikersbeheerderUpdate,
  OrganisationFailureType,
  organisationWorkflowId,
} from '../workflows/organisation/messages.ts';
import { UserFailureType } from '../workflows/user/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised } from './errors.ts';

/**
 * A users row, written with the workflow's monotonic version (see saveUser), together with the
 * audit rows of the change and, for a suspension or removal, the end of the user's web sessions.
 */
export type SaveUserInput = { state: UserState; version: number; audit?: AuditEvent[]; endSessions?: boolean };

/** The municipality as the read model knows it; undefined when it was never registered. */
export type OrganisationForUser = { status: OrganisationStatus; organisationId: string } | undefined;

export type ChangeGebruikersbeheerderCommand = { gemeentecode: string; userKey: string; active: boolean };
/** `ok: false`: the organisation refused to lose its last active gebruikersbeheerder (Dutch message). */
export type GebruikersbeheerderChange = { ok: true } | { ok: false; message: string };

const at = (iso: string | undefined): Date | null => (iso ? new Date(iso) : null);

function toRow({ state, version }: SaveUserInput, now: Date): typeof users.$inferInsert {
  const s = state.settings;
  return {
    userKey: state.userKey,
    gemeentecode: state.gemeentecode,
    subject: state.subject,
    organisationId: state.organisationId,
    status: state.status,
    aanhef: s?.aanhef ?? null,
    voorletters: s?.voorletters ?? null,
    voornaam: s?.voornaam ?? null,
    tussenvoegsel: s?.tussenvoegsel ?? null,
    achternaam: s?.achternaam ?? null,
    afdeling: s?.afdeling ?? null,
    telefoonnummer: s?.telefoonnummer ?? null,
    email: s?.email ?? null,
    nieuwsbrief: s?.nieuwsbrief ?? false,
    roles: state.roles,
    registeredAt: new Date(state.registeredAt),
    settingsSavedAt: at(state.settingsSavedAt),
    codeIssuedAt: at(state.code?.issuedAt),
    codeExpiresAt: at(state.code?.expiresAt),
    codeIssuedBy: state.code?.issuer.actor ?? null,
    verifiedAt: at(state.verifiedAt),
    rejectionReason: state.rejection?.reason ?? null,
    suspendedAt: at(state.suspendedAt),
    deprovisionedAt: at(state.deprovisionedAt),
    version,
    updatedAt: now,
  };
}

export function createUserActivities({
  db,
  temporal,
  clock = () => new Date(),
}: Pick<ActivityDeps, 'db' | 'temporal' | 'clock'>) {
  return {
    /**
     * Writes the workflow state to the `users` read model, its audit rows and (when asked) the end
     * of the user's sessions in one transaction: the row never says "geschorst" while a session
     * lives on, and never changes without its audit row. An upsert, so a retry is harmless; only a
     * higher version replaces the row, so a slow attempt that lands after a newer write (its own
     * retry, or the next Update's) cannot roll the row back. Audit rows are deduplicated per
     * scheduled activity, as appendAuditEvent does.
     */
    async saveUser(input: SaveUserInput): Promise<void> {
      const now = clock();
      const row = toRow(input, now);
      const { userKey: _key, ...changes } = row;
      const { workflowExecution, activityId } = Context.current().info;
      await sanitised('DatabaseError', () =>
        db.transaction(async (tx) => {
          await tx
            .insert(users)
            .values(row)
            .onConflictDoUpdate({
              target: users.userKey,
              set: changes,
              setWhere: sql`${users.version} < excluded.version`,
            });
          if (input.endSessions) await tx.delete(sessions).where(eq(sessions.userKey, input.state.userKey));
          for (const event of input.audit ?? []) {
            const dedupeKey =
              event.dedupeKey ??
              (workflowExecution
                ? `${workflowExecution.workflowId}:${event.event}:${workflowExecution.runId}:${activityId}`
                : null);
            await tx
              .insert(auditEvents)
              .values({
                event: event.event,
                actor: event.actor ?? null,
                organisation: event.organisation ?? null,
                subject: event.subject ?? null,
                details: event.details ?? {},
                dedupeKey,
              })
              .onConflictDoNothing({ target: auditEvents.dedupeKey });
          }
        }),
      );
      log.info('user saved', {
        gemeentecode: input.state.gemeentecode,
        status: input.state.status,
        version: input.version,
        audit: (input.audit ?? []).map((a) => a.event).join(','),
      });
    },

    /** For the first login: is the municipality active, and is it the organisation eHerkenning named? */
    async organisationForUser(gemeentecode: string): Promise<OrganisationForUser> {
      const [row] = await sanitised('DatabaseError', () =>
        db
          .select({ status: organisations.status, organisationId: organisations.organisationId })
          .from(organisations)
          .where(eq(organisations.gemeentecode, gemeentecode)),
      );
      return row;
    },

    /**
     * Asks the organisation workflow, the one authority, to register or remove an active
     * gebruikersbeheerder. Its refusal to remove the last one is an answer, not a failure: it comes
     * back as `{ ok: false, message }` with the organisation's Dutch message. The Update is
     * idempotent, so retrying after a lost answer is safe.
     */
    async changeGebruikersbeheerder(cmd: ChangeGebruikersbeheerderCommand): Promise<GebruikersbeheerderChange> {
      try {
        await temporal.workflow
          .getHandle(organisationWorkflowId(cmd.gemeentecode))
          .executeUpdate(changeGebruikersbeheerderUpdate, { args: [{ userKey: cmd.userKey, active: cmd.active }] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          if (err.cause.type === OrganisationFailureType.LastGebruikersbeheerder) {
            log.info('organisation keeps its last gebruikersbeheerder', { gemeentecode: cmd.gemeentecode });
            return { ok: false, message: err.cause.message };
          }
          throw ApplicationFailure.nonRetryable(
            `organisation refused: ${err.cause.type ?? 'unknown'}`,
            UserFailureType.OrganisationUnavailable,
          );
        }
        if (err instanceof WorkflowNotFoundError)
          throw ApplicationFailure.nonRetryable(
            'organisation workflow not found',
            UserFailureType.OrganisationUnavailable,
          );
        throw ApplicationFailure.retryable(
          `Temporal error (${err instanceof Error ? err.name : 'unknown'})`,
          'TemporalError',
        );
      }
      log.info('gebruikersbeheerders of the organisation changed', {
        gemeentecode: cmd.gemeentecode,
        active: cmd.active,
      });
      return { ok: true };
    },
  };
}
