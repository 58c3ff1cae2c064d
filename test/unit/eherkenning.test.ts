import { describe, expect, it } from 'vitest';
import {
  assessAssuranceLevel,
  isActingSubjectId,
  isOrganisationId,
  LOA_URNS,
  LOGIN_REFUSALS,
  parseServices,
  refusalForBrokerStatus,
  refusalStatus,
  safeReturnPath,
} from '../../domain/eherkenning.ts';
import { decodeRelayState, encodeRelayState } from '../../web/auth/relay-state.ts';

describe('assessAssuranceLevel', () => {
  it('admits EH3 and EH4', () => {
    expect(assessAssuranceLevel(LOA_URNS.loa3)).toEqual({ ok: true, loa: 'loa3' });
    expect(assessAssuranceLevel(LOA_URNS.loa4)).toEqual({ ok: true, loa: 'loa4' });
    expect(assessAssuranceLevel(` ${LOA_URNS.loa3}\n`)).toEqual({ ok: true, loa: 'loa3' });
  });

  it('refuses the lower eHerkenning levels and names the level', () => {
    expect(assessAssuranceLevel(LOA_URNS.loa1)).toEqual({ ok: false, reason: 'loa_too_low', loa: 'loa1' });
    expect(assessAssuranceLevel(LOA_URNS.loa2)).toEqual({ ok: false, reason: 'loa_too_low', loa: 'loa2' });
    expect(assessAssuranceLevel(LOA_URNS.loa2plus)).toEqual({ ok: false, reason: 'loa_too_low', loa: 'loa2plus' });
  });

  it('refuses a missing level and anything that is not an eHerkenning level', () => {
    expect(assessAssuranceLevel(undefined)).toEqual({ ok: false, reason: 'loa_missing' });
    expect(assessAssuranceLevel('  ')).toEqual({ ok: false, reason: 'loa_missing' });
    expect(assessAssuranceLevel('urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport')).toEqual({
      ok: false,
      reason: 'loa_unknown',
    });
    expect(assessAssuranceLevel('urn:etoegang:core:assurance-class:loa5')).toEqual({
      ok: false,
      reason: 'loa_unknown',
    });
    expect(assessAssuranceLevel('loa3')).toEqual({ ok: false, reason: 'loa_unknown' });
    expect(assessAssuranceLevel('URN:ETOEGANG:CORE:ASSURANCE-CLASS:LOA3')).toEqual({
      ok: false,
      reason: 'loa_unknown',
    });
  });
});

describe('identifier formats', () => {
  it('accepts a KvK number (8 digits) or an OIN (20 digits) as organisation', () => {
    expect(isOrganisationId('41215468')).toBe(true);
    expect(isOrganisationId('00000001003214345000')).toBe(true);
  });

  it('refuses other organisation identifiers', () => {
    for (const value of [
      '',
      '1234567',
      '123456789',
      '4121546a',
      '0000000100321434500',
      '000000010032143450001',
      ' 41215468',
      '41215468\n',
    ]) {
      expect(isOrganisationId(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('accepts an opaque pseudonym and refuses empty, spaced, non-ASCII or overlong ones', () => {
    expect(isActingSubjectId('dev-0363-mw-0001')).toBe(true);
    expect(isActingSubjectId('a'.repeat(256))).toBe(true);
    for (const value of ['', 'a b', 'a\tb', 'pseudoniem-é', 'a'.repeat(257)])
      expect(isActingSubjectId(value), value).toBe(false);
  });
});

describe('safeReturnPath', () => {
  it('keeps a relative path on this site, with its query', () => {
    expect(safeReturnPath('/')).toBe('/');
    expect(safeReturnPath('/servicedesk/gemeenten/0363')).toBe('/servicedesk/gemeenten/0363');
    expect(safeReturnPath('/zoeken?q=a%20b&p=2')).toBe('/zoeken?q=a%20b&p=2');
  });

  it('refuses anything that could leave the site', () => {
    const unsafe = [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'evil.example',
      '/a//b',
      '/\t/evil.example',
      '/\n/evil.example',
      '/ /x',
      'javascript:alert(1)',
      '',
    ];
    for (const value of unsafe) expect(safeReturnPath(value), JSON.stringify(value)).toBeUndefined();
  });

  it('refuses non-strings and paths too long to carry in RelayState', () => {
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath(['/a', '/b'])).toBeUndefined();
    expect(safeReturnPath(`/${'a'.repeat(57)}`)).toBe(`/${'a'.repeat(57)}`);
    expect(safeReturnPath(`/${'a'.repeat(58)}`)).toBeUndefined();
  });
});

describe('refusal statuses', () => {
  it('answers policy refusals with 403 and untrusted responses with 401', () => {
    expect(refusalStatus('loa_too_low')).toBe(403);
    expect(refusalStatus('unknown_organisation')).toBe(403);
    expect(refusalStatus('invalid_signature')).toBe(401);
    expect(refusalStatus('in_response_to_invalid')).toBe(401);
    expect(refusalStatus('issuer_mismatch')).toBe(401);
  });

  it('uses reason codes that are safe as audit values (snake case, no data)', () => {
    for (const reason of Object.keys(LOGIN_REFUSALS)) expect(reason).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('refusalForBrokerStatus', () => {
  const code = (name: string) => `urn:oasis:names:tc:SAML:2.0:status:${name}`;
  it('reads the second-level status, whatever the top level says', () => {
    expect(refusalForBrokerStatus([code('Responder'), code('AuthnFailed')])).toBe('login_cancelled');
    expect(refusalForBrokerStatus([code('Requester'), code('RequestDenied')])).toBe('not_authorised');
    expect(refusalForBrokerStatus([code('Requester'), code('NoAuthnContext')])).toBe('loa_too_low');
    expect(refusalForBrokerStatus([code('Responder'), code('NoAvailableIDP')])).toBe('broker_error');
  });

  it('does not take a top-level code for a reason, nor an unknown one', () => {
    expect(refusalForBrokerStatus([code('AuthnFailed')])).toBe('broker_error');
    expect(refusalForBrokerStatus([code('VersionMismatch')])).toBe('broker_error');
    expect(refusalForBrokerStatus([])).toBe('broker_error');
  });
});

describe('parseServices', () => {
  it('reads index:uuid pairs in order, lower-casing the uuid, and ignores empty parts', () => {
    expect(parseServices(' 1:8F1C0A6E-2B3D-4E5F-9A7B-1C2D3E4F5A6B ,, 20:0a1b2c3d-0000-4000-8000-000000000002')).toEqual(
      {
        ok: true,
        services: [
          { index: 1, uuid: '8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b' },
          { index: 20, uuid: '0a1b2c3d-0000-4000-8000-000000000002' },
        ],
      },
    );
    expect(parseServices('')).toEqual({ ok: true, services: [] });
  });

  it('names what is wrong', () => {
    expect(parseServices('1:not-a-uuid')).toEqual({
      ok: false,
      problem: expect.stringContaining('"1:not-a-uuid" is not index:ServiceUUID'),
    });
    expect(parseServices('x:8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b')).toMatchObject({ ok: false });
  });
});

describe('RelayState', () => {
  const secret = 'x'.repeat(40);

  it('carries a return path through the broker within 80 bytes', () => {
    const state = encodeRelayState(secret, '/servicedesk/gemeenten/0363');
    expect(Buffer.byteLength(state)).toBeLessThanOrEqual(80);
    expect(decodeRelayState(secret, state)).toBe('/servicedesk/gemeenten/0363');
    const longest = `/${'a'.repeat(57)}`;
    expect(Buffer.byteLength(encodeRelayState(secret, longest))).toBe(80);
    expect(decodeRelayState(secret, encodeRelayState(secret, longest))).toBe(longest);
  });

  it('carries nothing for the start page or an unsafe path', () => {
    expect(encodeRelayState(secret, '/')).toBe('');
    expect(encodeRelayState(secret, undefined)).toBe('');
    expect(encodeRelayState(secret, '//evil.example')).toBe('');
  });

  it('rejects an altered path, a forged MAC and another secret', () => {
    const state = encodeRelayState(secret, '/servicedesk/gemeenten');
    expect(decodeRelayState(secret, `${state.slice(0, 22)}/servicedesk/meldingen`)).toBeUndefined();
    expect(decodeRelayState(secret, `${'A'.repeat(22)}/servicedesk/gemeenten`)).toBeUndefined();
    expect(decodeRelayState('y'.repeat(40), state)).toBeUndefined();
    expect(decodeRelayState(secret, '/servicedesk/gemeenten')).toBeUndefined();
    expect(decodeRelayState(secret, undefined)).toBeUndefined();
    expect(decodeRelayState(secret, `${state}${'a'.repeat(80)}`)).toBeUndefined();
  });
});
