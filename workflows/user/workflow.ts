import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { serialised } from '../serialiser.ts';
import { createUserHandlers } from './handlers.ts';
import {
  deprovisionUserUpdate,
  firstLoginUpdate,
  issueVerificationCodeUpdate,
  reactivateUserUpdate,
  rejectRegistrationUpdate,
  savePersonalSettingsUpdate,
  setRolesUpdate,
  submitVerificationCodeUpdate,
  suspendUserUpdate,
  userStateQuery,
  verificationSaltQuery,
  type UserWorkflowInput,
} from './messages.ts';
import { createRegistrationTimers } from './registration-timers.ts';
import { createUserRuntime } from './runtime.ts';

/** A run whose first login was refused (e.g. municipality not active) ends after this. */
const UNREGISTERED_LIFETIME = '1 day';

/**
 * One person in one municipality (`user/<gemeentecode>/<subject>`), for ever: first login →
 * personal settings → verification code → active (roles) ↔ suspended → deprovisioned, with the
 * registration's reminder, escalation and expiry timers. Every change is stored in the `users`
 * read model and audited before its Update answers. Personal data stays in (encrypted) payloads,
 * never in search attributes or logs.
 */
export async function userWorkflow(input: UserWorkflowInput): Promise<void> {
  const rt = createUserRuntime(input);
  const handlers = createUserHandlers(rt);
  const run = serialised(rt.serialiser);

  // Registered before the first await: with Update-with-Start the first login arrives in the
  // very task that starts the workflow.
  setHandler(userStateQuery, () => rt.state);
  setHandler(verificationSaltQuery, () =>
    rt.state?.status === 'wacht_op_verificatie' ? rt.state.code?.salt : undefined,
  );
  setHandler(firstLoginUpdate, run(handlers.firstLogin), { validator: handlers.firstLogin.validator });
  setHandler(savePersonalSettingsUpdate, run(handlers.savePersonalSettings), {
    validator: handlers.savePersonalSettings.validator,
  });
  setHandler(issueVerificationCodeUpdate, run(handlers.issueVerificationCode), {
    validator: handlers.issueVerificationCode.validator,
  });
  setHandler(submitVerificationCodeUpdate, run(handlers.submitVerificationCode), {
    validator: handlers.submitVerificationCode.validator,
  });
  setHandler(rejectRegistrationUpdate, run(handlers.rejectRegistration), {
    validator: handlers.rejectRegistration.validator,
  });
  setHandler(setRolesUpdate, run(handlers.setRoles), { validator: handlers.setRoles.validator });
  setHandler(suspendUserUpdate, run(handlers.suspendUser), { validator: handlers.suspendUser.validator });
  setHandler(reactivateUserUpdate, run(handlers.reactivateUser), { validator: handlers.reactivateUser.validator });
  setHandler(deprovisionUserUpdate, run(handlers.deprovisionUser), { validator: handlers.deprovisionUser.validator });
  rt.setSearchAttributes();

  if (!rt.state && !(await condition(() => rt.state !== undefined, UNREGISTERED_LIFETIME))) {
    await condition(() => allHandlersFinished() && rt.idle());
    if (!rt.state) return;
  }

  const continueAsNewSuggested = (): boolean => workflowInfo().continueAsNewSuggested;
  await createRegistrationTimers(rt, continueAsNewSuggested).run();

  await condition(() => allHandlersFinished() && rt.idle());
  await continueAsNew<typeof userWorkflow>({ ...input, state: rt.state, readModelVersion: rt.version });
}
