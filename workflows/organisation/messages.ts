import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AgreementKind, OrganisationState, RegistrationInput } from '../../domain/organisation.ts';
import type { ProductSettings, StoredProductSettings } from '../../domain/product-settings.ts';
import type { Product } from '../../domain/user.ts';
import { PzKind, PzOrganisation } from '../search-attributes.ts';
import { attachingStartOptions, type StartConfig } from '../start-options.ts';

/** One workflow per municipality; the id is the business key, so a repeated command finds it. */
export const organisationWorkflowId = (gemeentecode: string): string => `org/${gemeentecode}`;

/** When to remind the servicedesk of a missing agreement: werkdagen in production, ms in tests. */
export type ReminderDelay = { werkdagen: number } | { ms: number };

export type OrganisationWorkflowInput = {
  gemeentecode: string;
  reminderDelay: ReminderDelay;
  /** Carried over by continueAsNew. */
  state?: OrganisationState;
};

export const organisationWorkflowType = 'organisationWorkflow';

/** For Update-with-Start with the registration (USE_EXISTING): a repeated command finds the same workflow. */
export const organisationStartOptions = (config: StartConfig, input: OrganisationWorkflowInput) =>
  attachingStartOptions(config, organisationWorkflowId(input.gemeentecode), input, [
    { key: PzKind, value: 'organisation' },
    { key: PzOrganisation, value: input.gemeentecode },
  ]);

export type RegisterOrganisationInput = RegistrationInput & { actor: string };
export type RecordAgreementInput = { kind: AgreementKind; signedOn: string; actor: string };

/** Registers the municipality; rejected (validator) when this workflow already holds one. */
export const registerOrganisationUpdate = defineUpdate<OrganisationState, [RegisterOrganisationInput]>(
  'registerOrganisation',
);
export const recordAgreementUpdate = defineUpdate<OrganisationState, [RecordAgreementInput]>('recordAgreement');
/**
 * Sent by the user workflows (through an activity), never by web: `active: true` registers an
 * active gebruikersbeheerder, `false` removes one and is refused (LastGebruikersbeheerder) for the
 * last. Idempotent, so an activity retry is harmless.
 */
export type ChangeGebruikersbeheerderInput = { userKey: string; active: boolean };
export const changeGebruikersbeheerderUpdate = defineUpdate<OrganisationState, [ChangeGebruikersbeheerderInput]>(
  'changeGebruikersbeheerder',
);
export const organisationStateQuery = defineQuery<OrganisationState | undefined>('organisationState');

/**
 * Sent by web for a Productbeheerder: replaces the settings of one product of this municipality.
 * Validated (validateProductSettings), stored in `product_settings` and audited before it answers
 * with the stored settings. The same settings again change nothing (a double submit).
 */
export type SetProductSettingsInput = { product: Product; settings: ProductSettings; actor: string };
export const setProductSettingsUpdate = defineUpdate<StoredProductSettings, [SetProductSettingsInput]>(
  'setProductSettings',
);

/**
 * `type` of the ApplicationFailure an Update fails with (the `cause` of the client's
 * WorkflowUpdateFailedError). The failure's message is already Dutch and fit to show; for
 * InvalidInput and OrganisationIdInUse, `details[0]` holds FieldErrors (field → Dutch message).
 */
export const OrganisationFailureType = {
  AlreadyRegistered: 'AlreadyRegistered',
  NotRegistered: 'NotRegistered',
  InvalidInput: 'InvalidInput',
  OrganisationIdInUse: 'OrganisationIdInUse',
  /** Removing this gebruikersbeheerder would leave the municipality without an active one. */
  LastGebruikersbeheerder: 'LastGebruikersbeheerder',
  /** Storing failed after retries; nothing changed, the user may try again later. */
  Unavailable: 'Unavailable',
} as const;
export type OrganisationFailureType = (typeof OrganisationFailureType)[keyof typeof OrganisationFailureType];
