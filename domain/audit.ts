import type { Actor } from './actor.ts';

/** Every security and lifecycle event the audit table knows. Details carry codes and reasons, never personal data. */
export const AUDIT_EVENTS = [
  'login_accepted',
  'login_refused',
  'logout',
  'session_idle_timeout',
  'session_absolute_timeout',
  'access_denied',
  'organisation_registered',
  'agreement_recorded',
  'organisation_activated',
  'agreement_reminder_sent',
  'user_registration_started',
  'personal_settings_saved',
  'verification_code_issued',
  'verification_code_failed',
  'verification_code_revoked',
  'verification_rate_limited',
  'user_verified',
  'registration_rejected',
  'registration_reminder_sent',
  'registration_escalated',
  'registration_expired',
  'roles_changed',
  'user_suspended',
  'user_reactivated',
  'user_deprovisioned',
  /** One look-up in the CIZ Wlz-register; details carry the outcome only, never the BSN. */
  'wlz_registertoets',
  'product_settings_changed',
  /** A message file downloaded (tab Ophalen); subject is the message id, details its product and code. */
  'message_fetched',
  /** An upload refused by the file checks or the XSD; details carry the problem codes only. Nothing else is stored. */
  'message_upload_refused',
  /** An incoming envelope refused with a Fo01; details carry the Fo01 code. */
  'message_inbound_refused',
  /** An incoming retour or answer, recorded by its exchange. */
  'message_received',
  /** The state an exchange reached (message_aangeboden, message_verzonden, …, see domain/message-exchange.ts). */
  'message_aangeboden',
  'message_verzonden',
  'message_afgerond',
  'message_afgekeurd',
  'message_te_laat',
  'message_verlopen',
  'message_niet_afgeleverd',
  'message_te_beantwoorden',
  'message_beantwoord',
  'message_ontvangen',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export type AuditEvent = {
  event: AuditEventName;
  /** actorKey of who did it; undefined for the system (timers) or an unknown caller. */
  actor?: string;
  /** gemeentecode, or 'servicedesk'. */
  organisation?: string;
  /** Pseudonymous id of what it was done to (a workflow id, a user key). */
  subject?: string;
  details?: Record<string, string | number | boolean | null>;
  /** Set by activities, so a retried activity writes the row once. */
  dedupeKey?: string;
};

/** The audit `organisation` of what an actor did: their gemeentecode, or 'servicedesk'. */
export function auditOrganisation(actor: Actor | undefined): string | undefined {
  if (!actor) return undefined;
  return actor.kind === 'servicedesk' ? 'servicedesk' : actor.gemeentecode;
}
