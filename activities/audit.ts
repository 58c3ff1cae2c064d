import { Context, log } from '@temporalio/activity';
import { appendAudit } from '../db/audit.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { ActivityDeps } from './deps.ts';
import { sanitised } from './errors.ts';

export function createAuditActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * Appends an audit row exactly once per scheduled activity: without an explicit dedupeKey the
     * key is workflow id + event + run id + activity id, which every retry of this activity shares
     * and no other activity has.
     */
    async appendAuditEvent(event: AuditEvent): Promise<void> {
      const { workflowExecution, activityId } = Context.current().info;
      const dedupeKey =
        event.dedupeKey ??
        (workflowExecution
          ? `${workflowExecution.workflowId}:${event.event}:${workflowExecution.runId}:${activityId}`
          : undefined);
      await sanitised('DatabaseError', () => appendAudit(db, { ...event, dedupeKey }));
      log.info('audit event appended', { event: event.event, organisation: event.organisation });
    },
  };
}
