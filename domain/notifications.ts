/** What an in-app notification (and its e-mail) is about. Stored as text: new kinds need no migration. */
export const NOTIFICATION_KINDS = [
  'agreement_reminder',
  /** A registration waits for its verification code: to the gebruikersbeheerders, or to the servicedesk without any. */
  'registration_pending',
  'registration_reminder',
  'registration_escalated',
  /** Five wrong attempts revoked a code: to whoever issued it. */
  'verification_code_revoked',
  /** A message exchange passed a deadline: to the municipality's users of that product. */
  'message_overdue',
  /** The grace period after that deadline passed too: the exchange ended as verlopen. */
  'message_expired',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
