/**
 * The organisation workflow's Update handlers and their validators. Validators are synchronous and
 * change nothing: they refuse what cannot work now, so a refused command leaves no trace in the
 * history. Handlers run serialised, decide again on the state they find (another Update may have
 * gone first), and store and audit before they answer.
 */
import { log } from '@temporalio/workflow';
import type { FieldErrors } from '../../domain/field-rules.ts';
import {
  AGREEMENT_KINDS,
  changeGebruikersbeheerder,
  newOrganisation,
  recordAgreement,
  statusOf,
  validateRegistration,
  validateSignedOn,
  type OrganisationState,
} from '../../domain/organisation.ts';
import { fail } from '../failures.ts';
import {
  OrganisationFailureType as Failure,
  type ChangeGebruikersbeheerderInput,
  type RecordAgreementInput,
  type RegisterOrganisationInput,
} from './messages.ts';
import { invalid, type OrganisationRuntime } from './runtime.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Workflow time as an Amsterdam calendar date (YYYY-MM-DD): "today" for the servicedesk. */
function todayInAmsterdam(): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function createOrganisationHandlers(rt: OrganisationRuntime) {
  const { gemeentecode } = rt;
  const alreadyRegistered = () => fail(Failure.AlreadyRegistered, `Gemeente ${gemeentecode} is al geregistreerd.`);

  function validateRegister(cmd: RegisterOrganisationInput): void {
    if (rt.state) throw alreadyRegistered();
    const given: Partial<RegisterOrganisationInput> = cmd ?? {};
    const fields = validateRegistration({
      gemeentecode: text(given.gemeentecode),
      name: text(given.name),
      organisationId: text(given.organisationId),
    });
    if (!fields.gemeentecode && given.gemeentecode !== gemeentecode)
      fields.gemeentecode = 'Deze gemeentecode hoort niet bij deze registratie.';
    if (!text(given.actor)) fields.actor = 'Onbekend wie deze registratie doet.';
    const failure = invalid(fields);
    if (failure) throw failure;
  }

  async function register(cmd: RegisterOrganisationInput): Promise<OrganisationState> {
    // Checked again: a second Update may have passed its validator while the first was storing.
    if (rt.state) throw alreadyRegistered();
    const next = newOrganisation(cmd, cmd.actor, new Date().toISOString());
    await rt.save(next);
    await rt.audit({
      event: 'organisation_registered',
      actor: cmd.actor,
      details: { organisationIdKind: next.organisationId.length === 8 ? 'kvk' : 'oin' },
    });
    log.info('organisation registered', { gemeentecode });
    return next;
  }

  function validateRecord(cmd: RecordAgreementInput): void {
    if (!rt.state) throw rt.notRegistered();
    const given: Partial<RecordAgreementInput> = cmd ?? {};
    const fields: FieldErrors = {};
    if (!AGREEMENT_KINDS.some((kind) => kind === given.kind)) fields.kind = 'Kies welke overeenkomst is ontvangen.';
    const signedOnError = validateSignedOn(text(given.signedOn), todayInAmsterdam());
    if (signedOnError) fields.signedOn = signedOnError;
    if (!text(given.actor)) fields.actor = 'Onbekend wie deze overeenkomst vastlegt.';
    const failure = invalid(fields);
    if (failure) throw failure;
  }

  async function record(cmd: RecordAgreementInput): Promise<OrganisationState> {
    const current = rt.state;
    if (!current) throw rt.notRegistered();
    const previous = current.agreements[cmd.kind];
    if (previous?.signedOn === cmd.signedOn) return current; // a repeated command (double submit) changes nothing
    const wasActive = statusOf(current) === 'actief';
    const next = recordAgreement(current, cmd.kind, {
      signedOn: cmd.signedOn,
      recordedBy: cmd.actor,
      recordedAt: new Date().toISOString(),
    });
    await rt.save(next);
    await rt.audit({
      event: 'agreement_recorded',
      actor: cmd.actor,
      details: { kind: cmd.kind, signedOn: cmd.signedOn, correction: Boolean(previous) },
    });
    if (!wasActive && statusOf(next) === 'actief') {
      await rt.audit({ event: 'organisation_activated', actor: cmd.actor });
      log.info('organisation activated', { gemeentecode });
    }
    return next;
  }

  function validateChange(cmd: ChangeGebruikersbeheerderInput): void {
    if (!rt.state) throw rt.notRegistered();
    if (typeof cmd?.userKey !== 'string' || !cmd.userKey || typeof cmd.active !== 'boolean') {
      throw fail(Failure.InvalidInput, 'Onbekend welke gebruikersbeheerder wijzigt.');
    }
  }

  /**
   * Only workflow state: the set is nowhere in the read model (users rows say who is what), so
   * nothing to store, and the answer is immediate. Serialised all the same, so two removals that
   * arrive together are decided one after the other: the second one may be the last.
   */
  async function change(cmd: ChangeGebruikersbeheerderInput): Promise<OrganisationState> {
    const current = rt.state;
    if (!current) throw rt.notRegistered();
    const result = changeGebruikersbeheerder(current, cmd.userKey, cmd.active);
    if (!result.ok) throw fail(Failure.LastGebruikersbeheerder, result.message);
    if (result.state !== current)
      log.info('gebruikersbeheerders changed', { gemeentecode, count: result.state.gebruikersbeheerders.length });
    rt.adopt(result.state);
    return result.state;
  }

  return {
    registerOrganisation: { validator: validateRegister, handler: register },
    recordAgreement: { validator: validateRecord, handler: record },
    changeGebruikersbeheerder: { validator: validateChange, handler: change },
  };
}
