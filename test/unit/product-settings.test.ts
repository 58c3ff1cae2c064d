import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRODUCT_SETTINGS,
  changedFields,
  endpointUrlError,
  normaliseFingerprint,
  normaliseProductSettings,
  splitEmails,
  validateProductSettings,
  type ProductSettings,
} from '../../domain/product-settings.ts';

const HEX = 'ab'.repeat(32);
const COLON = Array.from({ length: 32 }, () => 'AB').join(':');
const webservice: ProductSettings = {
  deliveryChannel: 'webservice',
  endpointUrl: 'https://ggk.amsterdam.nl/stuf/wmo',
  certificateFingerprint: HEX,
  notificationEmails: ['wmo@amsterdam.nl'],
  stufVersion: 'ggk0210',
};

describe('validateProductSettings', () => {
  it('accepts the defaults of every product and valid webservice settings', () => {
    for (const settings of Object.values(DEFAULT_PRODUCT_SETTINGS))
      expect(validateProductSettings(settings)).toEqual({});
    expect(validateProductSettings(webservice)).toEqual({});
    expect(
      validateProductSettings({
        ...webservice,
        endpointUrl: 'https://ggk.amsterdam.nl:8443/stuf?stroom=wmo',
        certificateFingerprint: COLON,
      }),
    ).toEqual({});
  });

  it('requires an endpoint and a fingerprint for the webservice, with Dutch messages', () => {
    const errors = validateProductSettings({ ...webservice, endpointUrl: '', certificateFingerprint: '' });
    expect(errors.endpointUrl).toBe('Vul de URL van de webservice in.');
    expect(errors.certificateFingerprint).toBe('Vul de SHA-256-vingerafdruk van het PKIoverheid-certificaat in.');
    expect(
      validateProductSettings({ ...webservice, certificateFingerprint: 'ab'.repeat(20) }).certificateFingerprint,
    ).toMatch(/64 hexadecimale tekens/);
    expect(
      validateProductSettings({ ...webservice, certificateFingerprint: 'zz'.repeat(32) }).certificateFingerprint,
    ).toBeDefined();
  });

  it('ignores the webservice fields for the portal', () => {
    expect(
      validateProductSettings({
        ...webservice,
        deliveryChannel: 'portaal',
        endpointUrl: 'http://x',
        certificateFingerprint: 'nee',
      }),
    ).toEqual({});
  });

  it('refuses an unknown channel or StUF version, and input of the wrong shape', () => {
    expect(validateProductSettings({ ...webservice, deliveryChannel: 'fax' }).deliveryChannel).toBe(
      'Kies hoe de berichten worden afgeleverd.',
    );
    expect(validateProductSettings({ ...webservice, stufVersion: 'ggk9999' }).stufVersion).toBe(
      'Kies een StUF-versie uit de lijst.',
    );
    const garbage = validateProductSettings(undefined);
    expect(Object.keys(garbage).sort()).toEqual(['deliveryChannel', 'notificationEmails', 'stufVersion']);
    expect(validateProductSettings({ ...webservice, notificationEmails: 'a@b.nl' }).notificationEmails).toBeDefined();
  });

  it('allows 0 to 10 valid e-mail addresses', () => {
    expect(validateProductSettings({ ...webservice, notificationEmails: [] })).toEqual({});
    const ten = Array.from({ length: 10 }, (_, i) => `wmo${i}@amsterdam.nl`);
    expect(validateProductSettings({ ...webservice, notificationEmails: ten })).toEqual({});
    expect(
      validateProductSettings({ ...webservice, notificationEmails: [...ten, 'elf@amsterdam.nl'] }).notificationEmails,
    ).toBe('Vul hoogstens 10 e-mailadressen in.');
    expect(
      validateProductSettings({ ...webservice, notificationEmails: ['wmo@amsterdam.nl', 'geen-adres'] })
        .notificationEmails,
    ).toBe('"geen-adres" is geen geldig e-mailadres.');
  });
});

describe('endpointUrlError', () => {
  it.each([
    ['http://ggk.amsterdam.nl/stuf', /https:\/\//],
    ['ftp://ggk.amsterdam.nl', /https:\/\//],
    ['ggk.amsterdam.nl/stuf', /https:\/\//],
    ['https://gebruiker:geheim@ggk.amsterdam.nl/stuf', /gebruikersnaam of wachtwoord/],
    ['https://localhost/stuf', /hostnaam/],
    ['https://api.localhost/stuf', /intern adres/],
    ['https://server.internal/stuf', /intern adres/],
    ['https://10.0.0.5/stuf', /IP-adres/],
    ['https://169.254.169.254/latest', /IP-adres/],
    ['https://[::1]/stuf', /hostnaam|URL/],
    ['https://ggk.amsterdam.nl:99999/stuf', /geldige URL/],
    ['https://ggk.amsterdam.nl/stuf#deel', /#/],
    ['https://ggk.amsterdam.nl/st uf', /spaties/],
    [`https://ggk.amsterdam.nl/${'a'.repeat(500)}`, /hoogstens 500/],
  ])('refuses %s', (url, message) => {
    expect(endpointUrlError(url)).toMatch(message);
  });

  it('accepts a public https host, with port, path and query', () => {
    expect(endpointUrlError('https://ggk.amsterdam.nl')).toBeUndefined();
    expect(endpointUrlError('HTTPS://GGK.Amsterdam.NL:443/stuf/wmo?x=1')).toBeUndefined();
  });
});

describe('normalising', () => {
  it('writes a fingerprint as upper-case colon pairs, from either form', () => {
    expect(normaliseFingerprint(HEX)).toBe(COLON);
    expect(normaliseFingerprint(COLON.toLowerCase())).toBe(COLON);
    expect(normaliseFingerprint(` ${HEX} `)).toBe(COLON);
    expect(normaliseFingerprint('ab:cd')).toBeUndefined();
    expect(normaliseFingerprint(`${HEX}:`)).toBeUndefined();
  });

  it('drops the webservice fields for the portal and repeated addresses', () => {
    expect(
      normaliseProductSettings({
        ...webservice,
        deliveryChannel: 'portaal',
        notificationEmails: [' a@b.nl', 'A@B.nl', 'c@d.nl'],
      }),
    ).toEqual({
      deliveryChannel: 'portaal',
      notificationEmails: ['a@b.nl', 'c@d.nl'],
      stufVersion: 'ggk0210',
    });
    expect(normaliseProductSettings(webservice).certificateFingerprint).toBe(COLON);
  });

  it('splits the textarea on lines, commas and semicolons', () => {
    expect(splitEmails('a@b.nl\r\nc@d.nl, e@f.nl;g@h.nl\n\n')).toEqual(['a@b.nl', 'c@d.nl', 'e@f.nl', 'g@h.nl']);
    expect(splitEmails('  ')).toEqual([]);
  });

  it('names the fields that changed', () => {
    expect(changedFields(DEFAULT_PRODUCT_SETTINGS.iwmo, normaliseProductSettings(webservice))).toEqual([
      'deliveryChannel',
      'endpointUrl',
      'certificateFingerprint',
      'notificationEmails',
    ]);
    expect(changedFields(webservice, { ...webservice })).toEqual([]);
  });
});
