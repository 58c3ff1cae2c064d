/**
 * One reminder to the servicedesk per registration, when an agreement is still missing after the
 * reminder delay. Activation before then cancels it; a new run after continue-as-new that finds
 * it sent does not send it again.
 */
import { condition, log, upsertSearchAttributes } from '@temporalio/workflow';
import {
  AGREEMENT_LABELS,
  missingAgreements,
  needsAgreementReminder,
  type OrganisationState,
} from '../../domain/organisation.ts';
import { PzDueAt } from '../search-attributes.ts';
import type { OrganisationRuntime } from './runtime.ts';

const longDate = (iso: string): string =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long' }).format(new Date(iso));

export function createAgreementReminder(rt: OrganisationRuntime) {
  async function send(current: OrganisationState): Promise<void> {
    const missing = missingAgreements(current);
    await rt.notifyServicedesk({
      key: `${rt.workflowId}:agreement_reminder:${current.registeredAt}`,
      kind: 'agreement_reminder',
      title: `Herinnering: overeenkomst ontbreekt voor gemeente ${current.name} (${current.gemeentecode})`,
      body: [
        `Gemeente ${current.name} (${current.gemeentecode}) is op ${longDate(current.registeredAt)} geregistreerd, maar is nog niet actief.`,
        `Nog niet ontvangen:\n${missing.map((kind) => `- ${AGREEMENT_LABELS[kind]}`).join('\n')}`,
        'Medewerkers van de gemeente kunnen het portaal pas gebruiken als beide overeenkomsten zijn vastgelegd.',
      ].join('\n\n'),
      link: `/servicedesk/gemeenten/${current.gemeentecode}`,
    });
    await rt.audit({ event: 'agreement_reminder_sent', details: { missing: missing.join(',') } });
    rt.adopt({ ...current, reminderSentAt: new Date().toISOString() });
    log.info('agreement reminder sent', { gemeentecode: rt.gemeentecode });
  }

  /** Waits for the due moment and reminds when an agreement is still missing then. */
  async function run(): Promise<void> {
    const registeredAt = rt.state?.registeredAt ?? '';
    if (!rt.state || !needsAgreementReminder(rt.state)) return;
    const delay = rt.input.reminderDelay;
    const dueAt = new Date(
      'ms' in delay
        ? Date.parse(registeredAt) + delay.ms
        : Date.parse(await rt.dueAfterWerkdagen(registeredAt, delay.werkdagen)),
    );
    upsertSearchAttributes([{ key: PzDueAt, value: dueAt }]);
    const waitMs = dueAt.getTime() - Date.now();
    if (waitMs > 0) await condition(() => !rt.state || !needsAgreementReminder(rt.state), waitMs);
    await rt.serialiser.run(async () => {
      const state = rt.state;
      if (state && needsAgreementReminder(state)) await send(state);
    });
    upsertSearchAttributes([{ key: PzDueAt, value: null }]);
  }

  return { run };
}
