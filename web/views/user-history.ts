import type { AuditEventName } from '../../domain/audit.ts';
import { formatDateTime } from './dates.ts';
import { html, type Html } from '../../html.ts';

const EVENT_LABELS: Partial<Record<AuditEventName, string>> = {
  login_accepted: 'Ingelogd',
  login_refused: 'Inloggen geweigerd',
  logout: 'Uitgelogd',
  user_registration_started: 'Aanmelding gestart',
  personal_settings_saved: 'Persoonlijke instellingen opgeslagen',
  verification_code_issued: 'Verificatiecode uitgegeven',
  verification_code_failed: 'Onjuiste verificatiecode ingevoerd',
  verification_code_revoked: 'Verificatiecode ingetrokken',
  verification_rate_limited: 'Te veel pogingen om een code in te voeren',
  user_verified: 'Geverifieerd',
  registration_rejected: 'Aanmelding afgewezen',
  registration_reminder_sent: 'Herinnering verstuurd aan de gebruikersbeheerders',
  registration_escalated: 'Doorgezet naar de servicedesk',
  registration_expired: 'Aanmelding verlopen',
  roles_changed: 'Rollen gewijzigd',
  user_suspended: 'Geschorst',
  user_reactivated: 'Heractiveerd',
  user_deprovisioned: 'Verwijderd',
};

export type HistoryRow = { at: Date; event: string; actor: string | null; organisation: string | null };

/**
 * The audit trail about one user. Actors are pseudonymous keys in the table; `names` maps the keys
 * of people of the same municipality to a name for the administrator's eyes (never stored or logged).
 */
export function userHistory(
  rows: HistoryRow[],
  o: { userKey: string; names: Map<string, string>; paging?: Html },
): Html {
  if (rows.length === 0) return html`<p>Er is nog geen geschiedenis.</p>`;
  const who = (row: HistoryRow): string => {
    if (!row.actor) return 'Portaal Zorg (automatisch)';
    if (row.actor === o.userKey) return 'De gebruiker zelf';
    if (row.organisation === 'servicedesk') return 'Servicedesk';
    return o.names.get(row.actor) ?? 'Een andere gebruiker';
  };
  return html`<table class="pz-table">
    <caption class="pz-visually-hidden">Geschiedenis van deze gebruiker, nieuwste eerst</caption>
    <thead><tr><th scope="col">Moment</th><th scope="col">Gebeurtenis</th><th scope="col">Door</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td>${formatDateTime(r.at)}</td><td>${EVENT_LABELS[r.event as AuditEventName] ?? r.event}</td><td>${who(r)}</td></tr>`)}</tbody>
  </table>
  ${o.paging ?? ''}`;
}
