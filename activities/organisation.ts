import { ApplicationFailure, log } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import { organisations } from '../db/schema.ts';
import { statusOf, type OrganisationState } from '../domain/organisation.ts';
import { addWerkdagen } from '../domain/werkdagen.ts';
import { OrganisationFailureType } from '../workflows/organisation/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { toActivityFailure, violatedConstraint } from './errors.ts';

/** The latest moment the state changed; orders writes of the read model (see saveOrganisation). */
function changedAt(state: OrganisationState): Date {
  const moments = [
    state.registeredAt,
    state.activatedAt,
    state.agreements.ib?.recordedAt,
    state.agreements.vecozo?.recordedAt,
  ];
  return new Date(Math.max(...moments.filter((m): m is string => Boolean(m)).map((m) => Date.parse(m))));
}

function toRow(state: OrganisationState): typeof organisations.$inferInsert {
  const { ib, vecozo } = state.agreements;
  return {
    gemeentecode: state.gemeentecode,
    name: state.name,
    organisationId: state.organisationId,
    status: statusOf(state),
    ibAgreementSignedOn: ib?.signedOn ?? null,
    ibAgreementRecordedBy: ib?.recordedBy ?? null,
    ibAgreementRecordedAt: ib ? new Date(ib.recordedAt) : null,
    vecozoAgreementSignedOn: vecozo?.signedOn ?? null,
    vecozoAgreementRecordedBy: vecozo?.recordedBy ?? null,
    vecozoAgreementRecordedAt: vecozo ? new Date(vecozo.recordedAt) : null,
    registeredBy: state.registeredBy,
    registeredAt: new Date(state.registeredAt),
    activatedAt: state.activatedAt ? new Date(state.activatedAt) : null,
    updatedAt: changedAt(state),
  };
}

export function createOrganisationActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * Writes the workflow state to the `organisations` read model. An upsert, so a retry is
     * harmless; and a write never replaces a newer one (updated_at is the state's own change time),
     * so a slow attempt that lands after its retry cannot roll the row back.
     */
    async saveOrganisation(state: OrganisationState): Promise<void> {
      const { gemeentecode: _key, ...changes } = toRow(state);
      try {
        await db
          .insert(organisations)
          .values(toRow(state))
          .onConflictDoUpdate({
            target: organisations.gemeentecode,
            set: changes,
            setWhere: sql`${organisations.updatedAt} <= excluded.updated_at`,
          });
      } catch (err) {
        if (violatedConstraint(err) === 'organisations_organisation_id_key') {
          log.info('organisation id already used by another gemeente', { gemeentecode: state.gemeentecode });
          throw ApplicationFailure.nonRetryable('organisation id in use', OrganisationFailureType.OrganisationIdInUse);
        }
        throw toActivityFailure('DatabaseError', err);
      }
      log.info('organisation saved', { gemeentecode: state.gemeentecode, status: statusOf(state) });
    },

    /** `werkdagen` Dutch working days after `fromIso`, as ISO: workflows cannot load the holiday calendar. */
    async dueAfterWerkdagen(fromIso: string, werkdagen: number): Promise<string> {
      try {
        return addWerkdagen(new Date(fromIso), werkdagen).toISOString();
      } catch (err) {
        // Bad input never gets better by retrying.
        throw ApplicationFailure.nonRetryable((err as Error).message, OrganisationFailureType.InvalidInput);
      }
    },
  };
}
