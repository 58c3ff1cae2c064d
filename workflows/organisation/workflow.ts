import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import {
  AGREEMENT_KINDS,
  AGREEMENT_LABELS,
  changeGebruikersbeheerder,
  gebruikersbeheerdersOf,
  missingAgreements,
  needsAgreementReminder,
  newOrganisation,
  recordAgreement,
  statusOf,
  validateRegistration,
  validateSignedOn,
  type OrganisationState,
} from '../../domain/organisation.ts';
import { PzDueAt, PzKind, PzOrganisation, PzState } from '../search-attributes.ts';
import { createSerialiser } from '../serialiser.ts';
import {
  OrganisationFailureType as Failure,
  changeGebruikersbeheerderUpdate,
  organisationStateQuery,
  recordAgreementUpdate,
  registerOrganisationUpdate,
  setProductSettingsUpdate,
  type ChangeGebruikersbeheerderInput,
  type OrganisationWorkflowInput,
  type RecordAgreementInput,
  type RegisterOrganisationInput,
} from './messages.ts';
import { productSettingsHandlers } from './product-settings.ts';

// Writes an Update waits on: a few quick attempts, then the servicedesk gets an answer ("try again").
const store = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: {
    initialInterval: '200ms',
    backoffCoefficient: 2,
    maximumInterval: '2s',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [Failure.OrganisationIdInUse],
  },
});
// Follow-ups of a change that already happened (audit, reminder): they must land, however long it takes.
const followUp = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    nonRetryableErrorTypes: [Failure.InvalidInput],
  },
});

const UNREGISTERED_LIFETIME = '1 day';

const fail = (type: Failure, message: string, fields?: FieldErrors): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: fields ? [fields] : undefined });

function invalid(fields: FieldErrors): ApplicationFailure | undefined {
  const messages = Object.values(fields).filter((m): m is string => Boolean(m));
  return messages.length ? fail(Failure.InvalidInput, messages.join(' '), fields) : undefined;
}

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

const longDate = (iso: string): string =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long' }).format(new Date(iso));

/**
 * One municipality (`org/<gemeentecode>`), for ever: registration, the two signed agreements,
 * activation, and one reminder to the servicedesk when an agreement is still missing after the
 * reminder delay. Every change is stored in the read model and audited before its Update answers.
 */
export async function organisationWorkflow(input: OrganisationWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  // State carried over from before the gebruikersbeheerders list existed has none yet.
  let state = input.state && { ...input.state, gebruikersbeheerders: gebruikersbeheerdersOf(input.state) };
  const serialiser = createSerialiser();

  const audit = (event: Omit<AuditEvent, 'organisation' | 'subject'>): Promise<void> =>
    followUp.appendAuditEvent({ ...event, organisation: input.gemeentecode, subject: workflowId });

  /** Stores `next` in the read model; only then does the workflow adopt it. */
  async function save(next: OrganisationState): Promise<void> {
    try {
      await store.saveOrganisation(next);
    } catch (err) {
      if (
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === Failure.OrganisationIdInUse
      ) {
        const message = 'Dit KvK-nummer of OIN hoort al bij een andere gemeente.';
        throw fail(Failure.OrganisationIdInUse, message, { organisationId: message });
      }
      log.warn('storing organisation failed', { gemeentecode: input.gemeentecode });
      throw fail(
        Failure.Unavailable,
        'Het opslaan is nu niet gelukt. Er is niets gewijzigd; probeer het over een paar minuten opnieuw.',
      );
    }
    state = next;
    setSearchAttributes();
  }

  function setSearchAttributes(): void {
    const current = workflowInfo().typedSearchAttributes;
    const wanted: SearchAttributeUpdatePair[] = [
      { key: PzKind, value: 'organisation' },
      { key: PzOrganisation, value: input.gemeentecode },
      ...(state ? [{ key: PzState, value: statusOf(state) }] : []),
    ];
    const changed = wanted.filter((pair) => current.get(pair.key) !== pair.value);
    if (changed.length) upsertSearchAttributes(changed);
  }

  function validateRegister(cmd: RegisterOrganisationInput): void {
    if (state) throw fail(Failure.AlreadyRegistered, `Gemeente ${input.gemeentecode} is al geregistreerd.`);
    const given: Partial<RegisterOrganisationInput> = cmd ?? {};
    const fields = validateRegistration({
      gemeentecode: text(given.gemeentecode),
      name: text(given.name),
      organisationId: text(given.organisationId),
    });
    if (!fields.gemeentecode && given.gemeentecode !== input.gemeentecode)
      fields.gemeentecode = 'Deze gemeentecode hoort niet bij deze registratie.';
    if (!text(given.actor)) fields.actor = 'Onbekend wie deze registratie doet.';
    const failure = invalid(fields);
    if (failure) throw failure;
  }

  async function register(cmd: RegisterOrganisationInput): Promise<OrganisationState> {
    // Checked again: a second Update may have passed its validator while the first was storing.
    if (state) throw fail(Failure.AlreadyRegistered, `Gemeente ${input.gemeentecode} is al geregistreerd.`);
    const next = newOrganisation(cmd, cmd.actor, new Date().toISOString());
    await save(next);
    await audit({
      event: 'organisation_registered',
      actor: cmd.actor,
      details: { organisationIdKind: next.organisationId.length === 8 ? 'kvk' : 'oin' },
    });
    log.info('organisation registered', { gemeentecode: input.gemeentecode });
    return next;
  }

  function validateRecord(cmd: RecordAgreementInput): void {
    if (!state) throw fail(Failure.NotRegistered, `Gemeente ${input.gemeentecode} is nog niet geregistreerd.`);
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
    const current = state;
    if (!current) throw fail(Failure.NotRegistered, `Gemeente ${input.gemeentecode} is nog niet geregistreerd.`);
    const previous = current.agreements[cmd.kind];
    if (previous?.signedOn === cmd.signedOn) return current; // a repeated command (double submit) changes nothing
    const wasActive = statusOf(current) === 'actief';
    const next = recordAgreement(current, cmd.kind, {
      signedOn: cmd.signedOn,
      recordedBy: cmd.actor,
      recordedAt: new Date().toISOString(),
    });
    await save(next);
    await audit({
      event: 'agreement_recorded',
      actor: cmd.actor,
      details: { kind: cmd.kind, signedOn: cmd.signedOn, correction: Boolean(previous) },
    });
    if (!wasActive && statusOf(next) === 'actief') {
      await audit({ event: 'organisation_activated', actor: cmd.actor });
      log.info('organisation activated', { gemeentecode: input.gemeentecode });
    }
    return next;
  }

  function validateChangeGebruikersbeheerder(cmd: ChangeGebruikersbeheerderInput): void {
    if (!state) throw fail(Failure.NotRegistered, `Gemeente ${input.gemeentecode} is nog niet geregistreerd.`);
    if (typeof cmd?.userKey !== 'string' || !cmd.userKey || typeof cmd.active !== 'boolean') {
      throw fail(Failure.InvalidInput, 'Onbekend welke gebruikersbeheerder wijzigt.');
    }
  }

  /**
   * Only workflow state: the set is nowhere in the read model (users rows say who is what), so
   * nothing to store, and the answer is immediate. Serialised all the same, so two removals that
   * arrive together are decided one after the other: the second one may be the last.
   */
  async function changeGebruikersbeheerderOf(cmd: ChangeGebruikersbeheerderInput): Promise<OrganisationState> {
    const current = state;
    if (!current) throw fail(Failure.NotRegistered, `Gemeente ${input.gemeentecode} is nog niet geregistreerd.`);
    const result = changeGebruikersbeheerder(current, cmd.userKey, cmd.active);
    if (!result.ok) throw fail(Failure.LastGebruikersbeheerder, result.message);
    if (result.state !== current)
      log.info('gebruikersbeheerders changed', {
        gemeentecode: input.gemeentecode,
        count: result.state.gebruikersbeheerders.length,
      });
    state = result.state;
    return result.state;
  }

  async function sendReminder(current: OrganisationState): Promise<void> {
    const missing = missingAgreements(current);
    await followUp.notifyServicedesk({
      key: `${workflowId}:agreement_reminder:${current.registeredAt}`,
      kind: 'agreement_reminder',
      title: `Herinnering: overeenkomst ontbreekt voor gemeente ${current.name} (${current.gemeentecode})`,
      body: [
        `Gemeente ${current.name} (${current.gemeentecode}) is op ${longDate(current.registeredAt)} geregistreerd, maar is nog niet actief.`,
        `Nog niet ontvangen:\n${missing.map((kind) => `- ${AGREEMENT_LABELS[kind]}`).join('\n')}`,
        'Medewerkers van de gemeente kunnen het portaal pas gebruiken als beide overeenkomsten zijn vastgelegd.',
      ].join('\n\n'),
      link: `/servicedesk/gemeenten/${current.gemeentecode}`,
    });
    await audit({ event: 'agreement_reminder_sent', details: { missing: missing.join(',') } });
    state = { ...current, reminderSentAt: new Date().toISOString() };
    log.info('agreement reminder sent', { gemeentecode: input.gemeentecode });
  }

  /** One reminder per registration, when an agreement is still missing at the due moment. */
  async function remindWhenOverdue(): Promise<void> {
    const registeredAt = state?.registeredAt ?? '';
    if (!state || !needsAgreementReminder(state)) return;
    const delay = input.reminderDelay;
    const dueAt = new Date(
      'ms' in delay
        ? Date.parse(registeredAt) + delay.ms
        : Date.parse(await followUp.dueAfterWerkdagen(registeredAt, delay.werkdagen)),
    );
    upsertSearchAttributes([{ key: PzDueAt, value: dueAt }]);
    const waitMs = dueAt.getTime() - Date.now();
    if (waitMs > 0) await condition(() => !state || !needsAgreementReminder(state), waitMs);
    await serialiser.run(async () => {
      if (state && needsAgreementReminder(state)) await sendReminder(state);
    });
    upsertSearchAttributes([{ key: PzDueAt, value: null }]);
  }

  setHandler(organisationStateQuery, () => state);
  setHandler(registerOrganisationUpdate, (cmd) => serialiser.run(() => register(cmd)), { validator: validateRegister });
  setHandler(recordAgreementUpdate, (cmd) => serialiser.run(() => record(cmd)), { validator: validateRecord });
  setHandler(changeGebruikersbeheerderUpdate, (cmd) => serialiser.run(() => changeGebruikersbeheerderOf(cmd)), {
    validator: validateChangeGebruikersbeheerder,
  });
  const productSettings = productSettingsHandlers({
    gemeentecode: input.gemeentecode,
    current: () => state,
    adopt: (next) => (state = next),
    audit,
  });
  setHandler(setProductSettingsUpdate, (cmd) => serialiser.run(() => productSettings.apply(cmd)), {
    validator: productSettings.validate,
  });
  setSearchAttributes();

  // Update-with-Start starts the workflow even when the validator then rejects the registration.
  // Such an empty run ends after a day; a later registration simply starts a new one.
  if (!state && !(await condition(() => state !== undefined, UNREGISTERED_LIFETIME))) {
    await condition(() => allHandlersFinished() && serialiser.idle());
    if (!state) return;
  }

  // A failing reminder must not take the municipality down with it: log it and keep serving Updates.
  remindWhenOverdue().catch((err: unknown) => {
    log.error('agreement reminder failed', {
      gemeentecode: input.gemeentecode,
      error: err instanceof Error ? err.message : 'unknown',
    });
  });

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(() => allHandlersFinished() && serialiser.idle());
  await continueAsNew<typeof organisationWorkflow>({ ...input, state });
}
