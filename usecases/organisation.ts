import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { AgreementKind, OrganisationState, RegistrationInput } from '../domain/organisation.ts';
import {
  organisationStartOptions,
  organisationWorkflowId,
  organisationWorkflowType,
  recordAgreementUpdate,
  registerOrganisationUpdate,
  type OrganisationWorkflowInput,
} from '../workflows/organisation/messages.ts';
import { runCommand } from './workflow-errors.ts';

type CommandConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'AGREEMENT_REMINDER_WERKDAGEN'>;

/**
 * Registers a municipality: Update-with-Start on `org/<gemeentecode>`, so a repeated command finds
 * the same workflow and its validator refuses a second registration.
 */
export function registerOrganisation(
  client: Client,
  config: CommandConfig,
  input: RegistrationInput,
  actor: string,
): Promise<OrganisationState> {
  const workflowInput: OrganisationWorkflowInput = {
    gemeentecode: input.gemeentecode,
    reminderDelay: { werkdagen: config.AGREEMENT_REMINDER_WERKDAGEN },
  };
  const startWorkflowOperation = new WithStartWorkflowOperation(
    organisationWorkflowType,
    organisationStartOptions(config, workflowInput),
  );
  return runCommand(() =>
    client.workflow.executeUpdateWithStart(registerOrganisationUpdate, {
      args: [{ ...input, actor }],
      startWorkflowOperation,
    }),
  );
}

export function recordAgreement(
  client: Client,
  gemeentecode: string,
  input: { kind: AgreementKind; signedOn: string },
  actor: string,
): Promise<OrganisationState> {
  const handle = client.workflow.getHandle(organisationWorkflowId(gemeentecode));
  return runCommand(() => handle.executeUpdate(recordAgreementUpdate, { args: [{ ...input, actor }] }));
}
