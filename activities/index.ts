import { createAuditActivities } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { createMessageActivities } from './messages.ts';
import { createNotificationActivities } from './notifications.ts';
import { createOrganisationActivities } from './organisation.ts';
import { createProductSettingsActivities } from './product-settings.ts';
import { createUserNotificationActivities } from './user-notifications.ts';
import { createUserActivities } from './users.ts';
import { createWlzActivities } from './wlz.ts';

export type { ActivityDeps } from './deps.ts';
export type { ServicedeskNotification, NotificationKind } from './notifications.ts';
export type { NotificationContent, NotificationTarget, UserNotification } from './user-notifications.ts';

/**
 * Every activity the worker registers, as plain async functions over explicit deps. Workflows
 * proxy `Activities` by type only; nothing here may be imported by workflow code as a value.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createOrganisationActivities(deps),
    ...createProductSettingsActivities(deps),
    ...createAuditActivities(deps),
    ...createNotificationActivities(deps),
    ...createUserActivities(deps),
    ...createUserNotificationActivities(deps),
    ...createWlzActivities(deps),
    ...createMessageActivities({
      ...deps,
      ...(deps.config.STUF_APPLICATIE ? { stufApplicatie: deps.config.STUF_APPLICATIE } : {}),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
