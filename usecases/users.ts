import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { CodeCheckOutcome, CodeIssuer, PersonalSettings, Roles, UserState } from '../domain/user.ts';
import { isWellFormedCode, normalizeCode } from '../domain/verification-code.ts';
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
  userStartOptions,
  userStateQuery,
  userWorkflowId,
  userWorkflowType,
  verificationSaltQuery,
  type UserWorkflowInput,
} from '../workflows/user/messages.ts';
import { generateCode, hashCode, newSalt } from './code-crypto.ts';
import { runCommand } from './workflow-errors.ts';

/**
 * Every command web sends to a user workflow (`user/<gemeentecode>/<subject>`). The routes and the
 * benchmark use these same functions. Web never writes users rows: the workflow's activities do,
 * before an Update answers, so a page read after a command sees its effect.
 */

/** Which user workflow: the person's pseudonym within one municipality. */
export type UserRef = { gemeentecode: string; subject: string };

type LoginConfig = Pick<
  Config,
  'TEMPORAL_TASK_QUEUE' | 'USER_REMIND_WERKDAGEN' | 'USER_ESCALATE_WERKDAGEN' | 'USER_EXPIRE_WERKDAGEN'
>;
type CodeConfig = Pick<Config, 'VERIFICATION_CODE_EXPIRY_DAYS'>;

/**
 * An answer within this time or CommandUnavailable ("try again"), so a login or a form never hangs
 * when the worker is down; the workflow's own store retries end well within it.
 */
const COMMAND_DEADLINE_MS = 20_000;

const handleOf = (client: Client, user: UserRef) =>
  client.workflow.getHandle(userWorkflowId(user.gemeentecode, user.subject));

function send<T>(client: Client, command: () => Promise<T>): Promise<T> {
  return runCommand(() => client.withDeadline(Date.now() + COMMAND_DEADLINE_MS, command));
}

/**
 * At every login of a person of an active municipality: Update-with-Start with USE_EXISTING, so
 * the first login creates the workflow and every later one finds it (and a login after a rejected
 * or expired registration starts over: the workflow decides that).
 */
export function firstLogin(
  client: Client,
  config: LoginConfig,
  person: UserRef & { organisationId: string },
  actor: string,
): Promise<UserState> {
  const input: UserWorkflowInput = {
    gemeentecode: person.gemeentecode,
    subject: person.subject,
    organisationId: person.organisationId,
    timers: {
      remindAfter: { werkdagen: config.USER_REMIND_WERKDAGEN },
      escalateAfter: { werkdagen: config.USER_ESCALATE_WERKDAGEN },
      expireAfter: { werkdagen: config.USER_EXPIRE_WERKDAGEN },
    },
  };
  const startWorkflowOperation = new WithStartWorkflowOperation(userWorkflowType, userStartOptions(config, input));
  return send(client, () =>
    client.workflow.executeUpdateWithStart(firstLoginUpdate, { args: [{ actor }], startWorkflowOperation }),
  );
}

export function savePersonalSettings(
  client: Client,
  user: UserRef,
  settings: PersonalSettings,
  actor: string,
): Promise<UserState> {
  return send(client, () =>
    handleOf(client, user).executeUpdate(savePersonalSettingsUpdate, { args: [{ actor, settings }] }),
  );
}

export type IssuedCode = {
  /** The plaintext code, canonical form: show it once (formatCode), never store, log or mail it. */
  code: string;
  expiresAt: string;
  state: UserState;
};

/**
 * Generates a code, hashes it with a new salt and hands only the hash to the workflow, which
 * replaces any live code. The plaintext is returned to the caller once and exists nowhere else.
 */
export async function issueVerificationCode(
  client: Client,
  config: CodeConfig,
  user: UserRef,
  issuer: CodeIssuer,
  options: { grantsGebruikersbeheerder: boolean; now?: Date },
): Promise<IssuedCode> {
  const code = generateCode();
  const salt = newSalt();
  const hash = await hashCode(code, salt);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + config.VERIFICATION_CODE_EXPIRY_DAYS * 86_400_000).toISOString();
  const state = await send(client, () =>
    handleOf(client, user).executeUpdate(issueVerificationCodeUpdate, {
      args: [{ issuer, hash, salt, expiresAt, grantsGebruikersbeheerder: options.grantsGebruikersbeheerder }],
    }),
  );
  return { code, expiresAt, state };
}

/**
 * The user's attempt: the live code's salt (query), the entered code normalised and hashed with
 * it, the hash to the workflow, which compares and counts. Input that cannot be a code at all is
 * the caller's to refuse (isWellFormedCode) and never reaches the workflow.
 */
export async function submitVerificationCode(
  client: Client,
  user: UserRef,
  entered: string,
  actor: string,
): Promise<CodeCheckOutcome> {
  const code = normalizeCode(entered);
  if (!isWellFormedCode(code)) throw new RangeError('not a well-formed verification code');
  const handle = handleOf(client, user);
  const salt = await send(client, () => handle.query(verificationSaltQuery));
  if (salt === undefined) return { outcome: 'no_code' };
  const hash = await hashCode(code, salt);
  return send(client, () => handle.executeUpdate(submitVerificationCodeUpdate, { args: [{ actor, hash }] }));
}

export function rejectRegistration(client: Client, user: UserRef, reason: string, actor: string): Promise<UserState> {
  return send(client, () =>
    handleOf(client, user).executeUpdate(rejectRegistrationUpdate, { args: [{ actor, reason }] }),
  );
}

export function setRoles(client: Client, user: UserRef, roles: Roles, actor: string): Promise<UserState> {
  return send(client, () => handleOf(client, user).executeUpdate(setRolesUpdate, { args: [{ actor, roles }] }));
}

/**
 * Grants or revokes only the gebruikersbeheerder role (the servicedesk's part): the other roles are
 * taken from the workflow's own state just before, so the servicedesk never touches product roles.
 */
export async function setGebruikersbeheerder(
  client: Client,
  user: UserRef,
  grant: boolean,
  actor: string,
): Promise<UserState> {
  const handle = handleOf(client, user);
  const current = await send(client, () => handle.query(userStateQuery));
  const products = current?.roles.products ?? [];
  return send(client, () =>
    handle.executeUpdate(setRolesUpdate, { args: [{ actor, roles: { products, gebruikersbeheerder: grant } }] }),
  );
}

export function suspendUser(client: Client, user: UserRef, actor: string): Promise<UserState> {
  return send(client, () => handleOf(client, user).executeUpdate(suspendUserUpdate, { args: [{ actor }] }));
}

export function reactivateUser(client: Client, user: UserRef, actor: string): Promise<UserState> {
  return send(client, () => handleOf(client, user).executeUpdate(reactivateUserUpdate, { args: [{ actor }] }));
}

export function deprovisionUser(client: Client, user: UserRef, actor: string): Promise<UserState> {
  return send(client, () => handleOf(client, user).executeUpdate(deprovisionUserUpdate, { args: [{ actor }] }));
}
