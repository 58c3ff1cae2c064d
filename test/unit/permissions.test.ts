import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.ts';
import { can, type Action } from '../../domain/permissions.ts';

const servicedesk: Actor = { kind: 'servicedesk', subject: 's1', organisationId: '41215468' };
const activeStaff: Actor = { kind: 'municipal', subject: 'a1', organisationId: '12345678', gemeentecode: '0363', gemeenteName: 'Amsterdam', organisationActive: true };
const inactiveStaff: Actor = { ...activeStaff, organisationActive: false };

const servicedeskOnly: Action[] = ['organisation.list', 'organisation.register', 'organisation.recordAgreement', 'notification.listServicedesk'];

describe('permissions', () => {
  it.each(servicedeskOnly)('only the servicedesk may %s', (action) => {
    expect(can(servicedesk, action)).toBe(true);
    expect(can(activeStaff, action)).toBe(false);
    expect(can(inactiveStaff, action)).toBe(false);
    expect(can(undefined, action)).toBe(false);
  });

  it('only staff of an active municipality reach the portal home', () => {
    expect(can(activeStaff, 'portal.home')).toBe(true);
    expect(can(inactiveStaff, 'portal.home')).toBe(false);
    expect(can(servicedesk, 'portal.home')).toBe(false);
    expect(can(undefined, 'portal.home')).toBe(false);
  });
});
