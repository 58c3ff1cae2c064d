/**
 * The user workflow's Update handlers and their validators. Validators are synchronous and
 * change nothing: they refuse what cannot work now (wrong status, invalid input), so a refused
 * command leaves no trace in the history. Handlers run serialised, decide again on the state they
 * find (another Update may have gone first), and store, audit and notify before they answer.
 */
import { log } from '@temporalio/workflow';
import { actorKey } from '../../domain/actor.ts';
import {
  checkCode,
  deprovision,
  issueCode,
  reactivate,
  reject,
  savePersonalSettings,
  setRoles,
  startOrRestartRegistration,
  startsRegistration,
  suspend,
  wrongState,
  type CodeInput,
  type Transition,
} from '../../domain/user-lifecycle.ts';
import type { CodeCheckOutcome, PersonalSettings, Roles, UserState } from '../../domain/user.ts';
import { fail } from '../failures.ts';
import { UserFailureType as Failure } from './messages.ts';
import { codeRevoked, registrationPending } from './notices.ts';
import { refused, type UserRuntime } from './runtime.ts';

type ByActor = { actor: string };

const now = (): string => new Date().toISOString();

const rolesSummary = (roles: Roles): string => roles.products.map((r) => `${r.product}:${r.role}`).join(',');

export function createUserHandlers(rt: UserRuntime) {
  const ownKey = actorKey(rt.input);

  function existing(): UserState {
    if (!rt.state) throw refused(wrongState(undefined));
    return rt.state;
  }

  /** The next state, or the refusal as the Update's failure. */
  function accepted(result: Transition): UserState {
    if (!result.ok) throw refused(result);
    return result.state;
  }

  function requireActor(cmd: Partial<ByActor> | undefined): void {
    if (typeof cmd?.actor !== 'string' || !cmd.actor)
      throw fail(Failure.InvalidInput, 'Onbekend wie deze wijziging doet.');
  }

  /** Self-service commands: only the person whose workflow this is. */
  function requireSelf(cmd: Partial<ByActor> | undefined): void {
    requireActor(cmd);
    if (cmd?.actor !== ownKey) throw fail(Failure.InvalidInput, 'Alleen de gebruiker zelf kan dit doen.');
  }

  // ── first login ──────────────────────────────────────────────────────────────────────────────

  async function firstLogin(cmd: ByActor): Promise<UserState> {
    const current = rt.state;
    if (!startsRegistration(current)) return existing();
    // Web only logs in people of active municipalities; checked again here, where it is cheap
    // (only when a registration starts), and the organisation eHerkenning named must be this one.
    const organisation = await rt.organisationForUser().catch(() => {
      throw fail(Failure.Unavailable, 'Het aanmelden is nu niet gelukt. Probeer het over een paar minuten opnieuw.');
    });
    if (!organisation || organisation.status !== 'actief') {
      throw fail(
        Failure.OrganisationNotActive,
        `Gemeente ${rt.input.gemeentecode} kan Portaal Zorg nog niet gebruiken.`,
      );
    }
    if (organisation.organisationId !== rt.input.organisationId) {
      throw fail(Failure.InvalidInput, `Deze inlog hoort niet bij gemeente ${rt.input.gemeentecode}.`);
    }
    const next = startOrRestartRegistration(current, rt.input, now());
    await rt.apply(next, {
      audit: [
        {
          event: 'user_registration_started',
          actor: cmd.actor,
          details: { restart: Boolean(current), previous: current?.status ?? null },
        },
      ],
    });
    log.info('user registration started', { workflowId: rt.workflowId, restart: Boolean(current) });
    return next;
  }

  // ── personal settings ────────────────────────────────────────────────────────────────────────

  function validateSave(cmd: ByActor & { settings: PersonalSettings }): void {
    requireSelf(cmd);
    accepted(savePersonalSettings(existing(), cmd.settings, now()));
  }

  async function saveSettings(cmd: ByActor & { settings: PersonalSettings }): Promise<UserState> {
    const current = existing();
    const next = accepted(savePersonalSettings(current, cmd.settings, now()));
    if (next === current) return current; // the same settings again (double submit): nothing to do
    const submitted = current.status === 'instellingen_invullen';
    await rt.apply(next, { audit: [{ event: 'personal_settings_saved', actor: cmd.actor, details: { submitted } }] });
    // Who was told (the gebruikersbeheerders, or the servicedesk when there are none) is the
    // notification's audience; its in-app item is written before this Update answers.
    if (submitted) await rt.notify(registrationPending(next, rt.workflowId));
    return next;
  }

  // ── verification code ────────────────────────────────────────────────────────────────────────

  function validateIssue(cmd: CodeInput): void {
    accepted(issueCode(existing(), cmd, now()));
  }

  async function issue(cmd: CodeInput): Promise<UserState> {
    const current = existing();
    const next = accepted(issueCode(current, cmd, now()));
    const details = {
      issuerKind: cmd.issuer.kind,
      replaced: Boolean(current.code),
      grantsGebruikersbeheerder: cmd.grantsGebruikersbeheerder,
      expiresAt: next.code?.expiresAt ?? null,
    };
    await rt.apply(next, { audit: [{ event: 'verification_code_issued', actor: cmd.issuer.actor, details }] });
    return next;
  }

  function validateSubmit(cmd: ByActor & { hash: string }): void {
    requireSelf(cmd);
    const current = existing();
    if (current.status === 'actief')
      throw fail(Failure.WrongState, 'U bent al geverifieerd. Log opnieuw in om verder te gaan.');
    if (current.status !== 'wacht_op_verificatie') throw refused(wrongState(current));
    if (typeof cmd.hash !== 'string' || !cmd.hash || cmd.hash.length > 512)
      throw fail(Failure.InvalidInput, 'Vul de verificatiecode in.');
  }

  /** Counts the attempt here, in the handler: validator refusals leave no history to count. */
  async function submit(cmd: ByActor & { hash: string }): Promise<CodeCheckOutcome> {
    const current = existing();
    if (current.status !== 'wacht_op_verificatie') throw refused(wrongState(current));
    const { state: next, outcome } = checkCode(current, cmd.hash, now());
    const actor = cmd.actor;
    switch (outcome.outcome) {
      case 'verified':
        await rt.apply(next, {
          audit: [{ event: 'user_verified', actor, details: { gebruikersbeheerder: next.roles.gebruikersbeheerder } }],
        });
        log.info('user verified', { workflowId: rt.workflowId });
        break;
      case 'wrong':
        await rt.apply(next, {
          audit: [
            {
              event: 'verification_code_failed',
              actor,
              details: { reason: 'wrong', remainingAttempts: outcome.remainingAttempts },
            },
          ],
        });
        break;
      case 'revoked': {
        const revokedCode = current.code;
        await rt.apply(next, {
          audit: [
            { event: 'verification_code_failed', actor, details: { reason: 'wrong', remainingAttempts: 0 } },
            { event: 'verification_code_revoked', details: { issuerKind: revokedCode?.issuer.kind ?? null } },
          ],
        });
        if (revokedCode) await rt.notify(codeRevoked(current, revokedCode, rt.workflowId));
        log.info('verification code revoked after too many attempts', { workflowId: rt.workflowId });
        break;
      }
      case 'expired':
      case 'no_code':
        // Nothing changes: only the audit trail hears of it.
        await rt.audit({ event: 'verification_code_failed', actor, details: { reason: outcome.outcome } });
        break;
    }
    return outcome;
  }

  // ── administration ───────────────────────────────────────────────────────────────────────────

  function validateReject(cmd: ByActor & { reason: string }): void {
    requireActor(cmd);
    accepted(reject(existing(), { reason: cmd.reason, by: cmd.actor }, now()));
  }

  async function rejectRegistration(cmd: ByActor & { reason: string }): Promise<UserState> {
    const next = accepted(reject(existing(), { reason: cmd.reason, by: cmd.actor }, now()));
    // The reason is free text: it is in the users row for the user to read, not in the audit trail.
    await rt.apply(next, { audit: [{ event: 'registration_rejected', actor: cmd.actor }] });
    return next;
  }

  function validateRoles(cmd: ByActor & { roles: Roles }): void {
    requireActor(cmd);
    accepted(setRoles(existing(), cmd.roles));
  }

  async function changeRoles(cmd: ByActor & { roles: Roles }): Promise<UserState> {
    const current = existing();
    const next = accepted(setRoles(current, cmd.roles));
    if (next === current) return current;
    const details = { products: rolesSummary(next.roles), gebruikersbeheerder: next.roles.gebruikersbeheerder };
    await rt.apply(next, { audit: [{ event: 'roles_changed', actor: cmd.actor, details }] });
    return next;
  }

  /** Suspend, reactivate, deprovision: one shape. Suspension and removal end every open session at once. */
  function statusCommand(
    transition: (state: UserState) => Transition,
    event: 'user_suspended' | 'user_reactivated' | 'user_deprovisioned',
  ) {
    return {
      validator(cmd: ByActor): void {
        requireActor(cmd);
        accepted(transition(existing()));
      },
      async handler(cmd: ByActor): Promise<UserState> {
        const next = accepted(transition(existing()));
        await rt.apply(next, { audit: [{ event, actor: cmd.actor }], endSessions: event !== 'user_reactivated' });
        return next;
      },
    };
  }

  return {
    firstLogin: { validator: requireSelf, handler: firstLogin },
    savePersonalSettings: { validator: validateSave, handler: saveSettings },
    issueVerificationCode: { validator: validateIssue, handler: issue },
    submitVerificationCode: { validator: validateSubmit, handler: submit },
    rejectRegistration: { validator: validateReject, handler: rejectRegistration },
    setRoles: { validator: validateRoles, handler: changeRoles },
    suspendUser: statusCommand((s) => suspend(s, now()), 'user_suspended'),
    reactivateUser: statusCommand((s) => reactivate(s), 'user_reactivated'),
    deprovisionUser: statusCommand((s) => deprovision(s, now()), 'user_deprovisioned'),
  };
}
