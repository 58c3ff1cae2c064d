import { describe, expect, it } from 'vitest';
import type { Actor, MunicipalActor } from '../../domain/actor.ts';
import { mayUseMessages, messageProductOf, messageProductsFor } from '../../domain/message-access.ts';
import { messageName } from '../../domain/message-names.ts';
import { NO_ROLES, type Product, type ProductRoleName, type UserStatus } from '../../domain/user.ts';

function staff(
  roles: [Product, ProductRoleName][],
  userStatus: UserStatus = 'actief',
  organisationActive = true,
): MunicipalActor {
  return {
    kind: 'municipal',
    subject: 'a1',
    organisationId: '12345678',
    gemeentecode: '0363',
    gemeenteName: 'Amsterdam',
    organisationActive,
    userKey: '12345678/a1',
    userStatus,
    roles: { ...NO_ROLES, products: roles.map(([product, role]) => ({ product, role })) },
  };
}

const servicedesk: Actor = { kind: 'servicedesk', subject: 's1', organisationId: '41215468' };

describe('mayUseMessages', () => {
  it('lets a Gebruiker iWmo use iWmo and iEb messages, not iJw', () => {
    expect(messageProductsFor(staff([['iwmo', 'gebruiker']]))).toEqual(['iwmo', 'ieb']);
  });

  it('lets a Gebruiker iJw use iJw messages only', () => {
    expect(messageProductsFor(staff([['ijw', 'gebruiker']]))).toEqual(['ijw']);
  });

  it('gives a Productbeheerder alone nothing, of any product (iEb included)', () => {
    const pb = staff([
      ['iwmo', 'productbeheerder'],
      ['ijw', 'productbeheerder'],
      ['ieb', 'productbeheerder'],
      ['wlz', 'productbeheerder'],
    ]);
    expect(messageProductsFor(pb)).toEqual([]);
  });

  it('gives a Gebruiker of the Wlz-Registertoets no message product', () => {
    expect(messageProductsFor(staff([['wlz', 'gebruiker']]))).toEqual([]);
  });

  it('gives nothing to a suspended user, a user of an inactive municipality, the servicedesk or nobody', () => {
    expect(mayUseMessages(staff([['iwmo', 'gebruiker']], 'geschorst'), 'iwmo')).toBe(false);
    expect(mayUseMessages(staff([['iwmo', 'gebruiker']], 'actief', false), 'iwmo')).toBe(false);
    expect(mayUseMessages(servicedesk, 'iwmo')).toBe(false);
    expect(mayUseMessages(undefined, 'ieb')).toBe(false);
  });
});

describe('messageProductOf', () => {
  it('knows iwmo, ijw and ieb, and nothing else', () => {
    expect(['iwmo', 'ijw', 'ieb', 'wlz', 'IWMO', '', undefined].map(messageProductOf)).toEqual([
      'iwmo',
      'ijw',
      'ieb',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('messageName', () => {
  it('names iWmo, iJw and iEb messages in Dutch, and leaves an unknown code as it is', () => {
    expect(messageName('WMO305')).toBe('Start levering');
    expect(messageName('JW315')).toBe('Verzoek om toewijzing');
    expect(messageName('WMO406')).toBe('Retourbericht eigen bijdrage');
    expect(messageName('WMO999')).toBe('WMO999');
  });
});
