/**
 * The timers of a registration that waits for its code, counted from the moment the settings
 * were saved: remind the gebruikersbeheerders, escalate to the servicedesk, expire. Each fires at
 * most once per registration (the state records it), a verification or rejection cancels the rest,
 * and a new run after continue-as-new picks up where the last one was.
 */
import { condition, log } from '@temporalio/workflow';
import {
  expireRegistration,
  markEscalated,
  markReminderSent,
  pendingRegistrationSteps,
  type RegistrationStep,
} from '../../domain/user-lifecycle.ts';
import type { ReminderDelay } from '../organisation/messages.ts';
import { registrationEscalated, registrationReminder } from './notices.ts';
import type { UserRuntime } from './runtime.ts';

const now = (): string => new Date().toISOString();

/** When the step is due; werkdagen need the holiday calendar, so an activity computes them. */
async function dueAt(rt: UserRuntime, from: string, delay: ReminderDelay): Promise<Date> {
  if ('ms' in delay) return new Date(Date.parse(from) + delay.ms);
  return new Date(await rt.dueAfterWerkdagen(from, delay.werkdagen));
}

export function createRegistrationTimers(rt: UserRuntime, shouldStop: () => boolean) {
  const { timers } = rt.input;
  let cache: { savedAt: string; moments: Record<RegistrationStep, Date> } | undefined;

  /** The registration that waits, identified by when its settings were saved; undefined when none does. */
  const waitingSince = (): string | undefined =>
    rt.state?.status === 'wacht_op_verificatie' ? rt.state.settingsSavedAt : undefined;

  async function momentsFor(savedAt: string): Promise<Record<RegistrationStep, Date>> {
    if (cache?.savedAt !== savedAt) {
      const [remind, escalate, expire] = await Promise.all([
        dueAt(rt, savedAt, timers.remindAfter),
        dueAt(rt, savedAt, timers.escalateAfter),
        dueAt(rt, savedAt, timers.expireAfter),
      ]);
      cache = { savedAt, moments: { remind, escalate, expire } };
    }
    return cache.moments;
  }

  async function perform(step: RegistrationStep): Promise<void> {
    const state = rt.state;
    if (!state) return;
    switch (step) {
      case 'remind': {
        const notified = await rt.notify(registrationReminder(state, rt.workflowId));
        await rt.apply(markReminderSent(state, now()), {
          patient: true,
          audit: [{ event: 'registration_reminder_sent', details: { notified } }],
        });
        break;
      }
      case 'escalate': {
        await rt.notify(registrationEscalated(state, rt.workflowId));
        await rt.apply(markEscalated(state, now()), {
          patient: true,
          audit: [{ event: 'registration_escalated', details: { notified: 'servicedesk' } }],
        });
        break;
      }
      case 'expire': {
        const expired = expireRegistration(state, now());
        if (!expired.ok) return;
        await rt.apply(expired.state, { patient: true, audit: [{ event: 'registration_expired' }] });
        break;
      }
    }
    log.info('registration timer fired', { workflowId: rt.workflowId, step });
  }

  /**
   * Waits for the next due step of the waiting registration and performs it, or returns early
   * when the registration stops waiting or the workflow should continue as new.
   */
  async function nextStep(savedAt: string): Promise<void> {
    const moments = await momentsFor(savedAt);
    const [step] = pendingRegistrationSteps(rt.state).sort((a, b) => moments[a].getTime() - moments[b].getTime());
    if (!step) return;
    rt.setDueAt(moments[step]);
    const waitMs = moments[step].getTime() - Date.now();
    if (waitMs > 0 && (await condition(() => waitingSince() !== savedAt || shouldStop(), waitMs))) return;
    await rt.serialiser.run(async () => {
      // An Update that ran in the meantime may have verified, rejected or already done this.
      if (waitingSince() === savedAt && pendingRegistrationSteps(rt.state).includes(step)) await perform(step);
    });
  }

  /** Runs until the workflow should continue as new. */
  async function run(): Promise<void> {
    while (!shouldStop()) {
      const savedAt = waitingSince();
      if (savedAt) {
        await nextStep(savedAt).catch(async (err: unknown) => {
          // Only a permanent failure gets here (bad timer input): log it and keep serving Updates,
          // without retrying in a tight loop; a change of the registration starts over.
          log.error('registration timer failed', {
            workflowId: rt.workflowId,
            error: err instanceof Error ? err.message : 'unknown',
          });
          await condition(() => waitingSince() !== savedAt || shouldStop());
        });
      } else {
        rt.setDueAt(undefined);
        await condition(() => waitingSince() !== undefined || shouldStop());
      }
    }
  }

  return { run };
}
