import { allHandlersFinished, condition, continueAsNew, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { serialised } from '../serialiser.ts';
import { createOrganisationHandlers } from './handlers.ts';
import {
  changeGebruikersbeheerderUpdate,
  organisationStateQuery,
  recordAgreementUpdate,
  registerOrganisationUpdate,
  setProductSettingsUpdate,
  type OrganisationWorkflowInput,
} from './messages.ts';
import { productSettingsHandlers } from './product-settings.ts';
import { createAgreementReminder } from './reminder.ts';
import { createOrganisationRuntime } from './runtime.ts';

/** A run whose registration was refused ends after this. */
const UNREGISTERED_LIFETIME = '1 day';

/**
 * One municipality (`org/<gemeentecode>`), for ever: registration, the two signed agreements,
 * activation, and one reminder to the servicedesk when an agreement is still missing after the
 * reminder delay. Every change is stored in the read model and audited before its Update answers.
 */
export async function organisationWorkflow(input: OrganisationWorkflowInput): Promise<void> {
  const rt = createOrganisationRuntime(input);
  const handlers = createOrganisationHandlers(rt);
  const productSettings = productSettingsHandlers(rt);
  const run = serialised(rt.serialiser);

  setHandler(organisationStateQuery, () => rt.state);
  setHandler(registerOrganisationUpdate, run(handlers.registerOrganisation), {
    validator: handlers.registerOrganisation.validator,
  });
  setHandler(recordAgreementUpdate, run(handlers.recordAgreement), { validator: handlers.recordAgreement.validator });
  setHandler(changeGebruikersbeheerderUpdate, run(handlers.changeGebruikersbeheerder), {
    validator: handlers.changeGebruikersbeheerder.validator,
  });
  setHandler(setProductSettingsUpdate, run(productSettings), { validator: productSettings.validator });
  rt.setSearchAttributes();

  // Update-with-Start starts the workflow even when the validator then rejects the registration.
  // Such an empty run ends after a day; a later registration simply starts a new one.
  if (!rt.state && !(await condition(() => rt.state !== undefined, UNREGISTERED_LIFETIME))) {
    await condition(() => allHandlersFinished() && rt.idle());
    if (!rt.state) return;
  }

  // A failing reminder must not take the municipality down with it: log it and keep serving Updates.
  createAgreementReminder(rt)
    .run()
    .catch((err: unknown) => {
      log.error('agreement reminder failed', {
        gemeentecode: input.gemeentecode,
        error: err instanceof Error ? err.message : 'unknown',
      });
    });

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(() => allHandlersFinished() && rt.idle());
  await continueAsNew<typeof organisationWorkflow>({ ...input, state: rt.state });
}
