import { describe, expect, it } from 'vitest';
import { bsnPseudonym } from '../../activities/wlz.ts';
import { bsnError, maskBsn, purposeText, validateWlzRequest } from '../../domain/wlz.ts';
import { CizError } from '../../gateways/ciz.ts';
import { createCizSimulator } from '../../gateways/simulators/ciz.ts';
import { cizGatewayFor } from '../../worker.ts';

describe('Wlz-Registertoets rules', () => {
  it('checks the BSN: nine digits and the 11-proef, in Dutch', () => {
    expect(bsnError('123456782')).toBeUndefined();
    expect(bsnError('123456789')).toMatch(/^Dit BSN klopt niet \(11-proef\)/);
    expect(bsnError('12345')).toBe('Een BSN bestaat uit 9 cijfers.');
    expect(bsnError('')).toBe('Vul het BSN in.');
  });

  it('validates the form: purpose from the list, free text only with Anders and without a number', () => {
    expect(validateWlzRequest({ bsn: '1234 567 82', purpose: 'aanvraag', purposeOther: '' })).toEqual({});
    expect(validateWlzRequest({ bsn: '123456782', purpose: 'iets', purposeOther: '' })).toHaveProperty('purpose');
    expect(validateWlzRequest({ bsn: '123456782', purpose: 'anders', purposeOther: '' })).toHaveProperty(
      'purposeOther',
    );
    expect(
      validateWlzRequest({ bsn: '123456782', purpose: 'anders', purposeOther: 'Vraag over 123 456 782' }).purposeOther,
    ).toBe('Noem hier geen BSN of ander nummer.');
    expect(purposeText('anders', ' Controle ')).toBe('Anders: Controle');
    expect(purposeText('herbeoordeling', 'x')).toBe('Herbeoordeling Wmo-maatwerkvoorziening');
  });

  it('masks the BSN to its last three digits', () => expect(maskBsn('123456006')).toBe('******006'));

  it('pseudonymises with a keyed hash: stable per key, different across keys', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    expect(bsnPseudonym('123456782', a)).toMatch(/^[0-9a-f]{64}$/);
    expect(bsnPseudonym('123456782', a)).toBe(bsnPseudonym('123456782', a));
    expect(bsnPseudonym('123456782', a)).not.toBe(bsnPseudonym('123456782', b));
  });
});

describe('CIZ simulator and gateway choice', () => {
  it('answers Ja for an even last digit, Nee for odd; fails transiently, then answers', async () => {
    const ciz = createCizSimulator({
      registerDate: '2026-11-27',
      failTransiently: ['999999990'],
      failures: 1,
      refuse: ['111222333'],
    });
    expect(await ciz.registertoets('123456782')).toEqual({ indicatie: true, registerDate: '2026-11-27' });
    expect((await ciz.registertoets('111111110')).indicatie).toBe(true);
    expect((await ciz.registertoets('123456771')).indicatie).toBe(false);
    await expect(ciz.registertoets('999999990')).rejects.toMatchObject({ transient: true });
    expect((await ciz.registertoets('999999990')).indicatie).toBe(true);
    const refused = await ciz.registertoets('111222333').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CizError);
    expect((refused as CizError).message).not.toContain('111222333');
  });

  it('refuses production without a real connector, and uses the simulator elsewhere', () => {
    expect(() => cizGatewayFor({ NODE_ENV: 'production' })).toThrow(/No CIZ connector configured/);
    expect(cizGatewayFor({ NODE_ENV: 'development' })).toBeDefined();
    const real = createCizSimulator();
    expect(cizGatewayFor({ NODE_ENV: 'production' }, real)).toBe(real);
  });
});
