/**
 * The result shape of the user lifecycle's transitions (user-lifecycle.ts, user-code.ts): the
 * next state, or a refusal whose `type` is the UserFailureType the workflow fails the Update with.
 */
import type { FieldErrors } from './field-rules.ts';
import { USER_STATUS_LABELS, type UserState } from './user.ts';

export type Refusal = { ok: false; type: 'WrongState' | 'InvalidInput'; message: string; fields?: FieldErrors };
export type Transition = { ok: true; state: UserState } | Refusal;

export const ok = (state: UserState): Transition => ({ ok: true, state });

/** InvalidInput with every field message, or undefined when there is none. */
export function invalid(fields: FieldErrors): Refusal | undefined {
  const messages = Object.values(fields).filter((m): m is string => Boolean(m));
  return messages.length ? { ok: false, type: 'InvalidInput', message: messages.join(' '), fields } : undefined;
}

/** The refusal for a command that does not fit the user's current status. */
export function wrongState(state: UserState | undefined, message?: string): Refusal {
  if (!state) return { ok: false, type: 'WrongState', message: 'Deze gebruiker heeft zich nog niet aangemeld.' };
  return {
    ok: false,
    type: 'WrongState',
    message: message ?? `Dit kan niet bij een gebruiker met de status "${USER_STATUS_LABELS[state.status]}".`,
  };
}

export function withoutCode(state: UserState): UserState {
  const { code: _code, ...rest } = state;
  return rest;
}
