import type { Actor } from './actor.ts';

/**
 * The one place that decides who may do what. Every route asks `can`; every query is scoped to the
 * actor's own organisation (the servicedesk excepted). Pure, so it is unit-tested exhaustively.
 */
export type Action =
  | 'organisation.list'
  | 'organisation.register'
  | 'organisation.recordAgreement'
  | 'notification.listServicedesk'
  | 'portal.home';

export type Resource = { gemeentecode?: string };

export function can(actor: Actor | undefined, action: Action, _resource: Resource = {}): boolean {
  if (!actor) return false;
  switch (action) {
    case 'organisation.list':
    case 'organisation.register':
    case 'organisation.recordAgreement':
    case 'notification.listServicedesk':
      return actor.kind === 'servicedesk';
    case 'portal.home':
      return actor.kind === 'municipal' && actor.organisationActive;
  }
}
