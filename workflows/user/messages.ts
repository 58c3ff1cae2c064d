import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CodeCheckOutcome, CodeIssuer, PersonalSettings, Roles, UserState } from '../../domain/user.ts';
import type { ReminderDelay } from '../organisation/messages.ts';
import { PzKind, PzOrganisation } from '../search-attributes.ts';
import { attachingStartOptions, type StartConfig } from '../start-options.ts';

/** One workflow per person per municipality; the business key makes a repeated login find it. */
export const userWorkflowId = (gemeentecode: string, subject: string): string => `user/${gemeentecode}/${subject}`;

/** Timers are workflow inputs: werkdagen in production, milliseconds in tests. */
export type UserTimers = {
  /** Remind the gebruikersbeheerders of a waiting registration (default 2 werkdagen). */
  remindAfter: ReminderDelay;
  /** Escalate to the servicedesk (default 5 werkdagen). */
  escalateAfter: ReminderDelay;
  /** Expire the registration; the user is told and can start again (default 20 werkdagen). */
  expireAfter: ReminderDelay;
};

export type UserWorkflowInput = {
  gemeentecode: string;
  subject: string;
  organisationId: string;
  timers: UserTimers;
  /** Carried over by continueAsNew. */
  state?: UserState;
  /** Carried over by continueAsNew: the version of the last `users` row write (monotonic per user). */
  readModelVersion?: number;
};

export const userWorkflowType = 'userWorkflow';

/**
 * For Update-with-Start with the first login (USE_EXISTING): the first login creates the workflow
 * and every later one finds it.
 */
export const userStartOptions = (config: StartConfig, input: UserWorkflowInput) =>
  attachingStartOptions(config, userWorkflowId(input.gemeentecode, input.subject), input, [
    { key: PzKind, value: 'user' },
    { key: PzOrganisation, value: input.gemeentecode },
  ]);

/** Every Update carries who does it (actorKey); `actor` equals the user's own key for self-service. */
type ByActor = { actor: string };

/** At every login of a person of an active municipality (Update-with-Start, USE_EXISTING). */
export const firstLoginUpdate = defineUpdate<UserState, [ByActor]>('firstLogin');
export const savePersonalSettingsUpdate = defineUpdate<UserState, [ByActor & { settings: PersonalSettings }]>(
  'savePersonalSettings',
);
/** Replaces any live code. `hash`/`salt`: scrypt of the code, computed in web; the code itself never travels. */
export const issueVerificationCodeUpdate = defineUpdate<
  UserState,
  [{ issuer: CodeIssuer; hash: string; salt: string; expiresAt: string; grantsGebruikersbeheerder: boolean }]
>('issueVerificationCode');
/** The user's attempt: web hashed the entered code with the live code's salt (verificationSaltQuery). */
export const submitVerificationCodeUpdate = defineUpdate<CodeCheckOutcome, [ByActor & { hash: string }]>(
  'submitVerificationCode',
);
export const rejectRegistrationUpdate = defineUpdate<UserState, [ByActor & { reason: string }]>('rejectRegistration');
export const setRolesUpdate = defineUpdate<UserState, [ByActor & { roles: Roles }]>('setRoles');
export const suspendUserUpdate = defineUpdate<UserState, [ByActor]>('suspendUser');
export const reactivateUserUpdate = defineUpdate<UserState, [ByActor]>('reactivateUser');
export const deprovisionUserUpdate = defineUpdate<UserState, [ByActor]>('deprovisionUser');

export const userStateQuery = defineQuery<UserState | undefined>('userState');
/** Salt of the live code, so web can hash an entered code; undefined when there is none. */
export const verificationSaltQuery = defineQuery<string | undefined>('verificationSalt');

/**
 * `type` of the ApplicationFailure an Update fails with; the message is Dutch and fit to show.
 * OrganisationUnavailable is the activities' own: the organisation workflow could not decide (gone,
 * not registered), which no retry changes.
 */
export const UserFailureType = {
  InvalidInput: 'InvalidInput',
  WrongState: 'WrongState',
  LastGebruikersbeheerder: 'LastGebruikersbeheerder',
  OrganisationNotActive: 'OrganisationNotActive',
  Unavailable: 'Unavailable',
  OrganisationUnavailable: 'OrganisationUnavailable',
} as const;
export type UserFailureType = (typeof UserFailureType)[keyof typeof UserFailureType];
