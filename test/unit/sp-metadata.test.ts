import { describe, expect, it } from 'vitest';
import {
  buildSpMetadata,
  metadataValidUntil,
  spMetadataPublisher,
  type SpMetadataSettings,
} from '../../web/auth/sp-metadata.ts';
import { samlPem } from '../helpers/saml-keys.ts';
import { samlSchemaErrors } from '../helpers/saml-schema.ts';

const pem = samlPem;

const settings: SpMetadataSettings = {
  entityId: 'https://portaal.example/saml/metadata',
  publicUrl: 'https://portaal.example',
  signing: { key: pem('sp-signing.key'), cert: pem('sp-signing.crt') },
  encryptionCerts: [pem('sp-encryption-a.crt')],
  services: [{ index: 3, uuid: '8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b' }],
  artifactBinding: false,
  organisationName: 'Portaal Zorg & co',
  supportEmail: 'servicedesk@bidn.example',
  validDays: 30,
};
const NOW = new Date('2027-03-01T12:00:00Z');

describe('SP metadata builder', () => {
  it('publishes the Artifact ACS only when artifacts can be resolved, and stays schema-valid either way', () => {
    const withArtifact = buildSpMetadata({ ...settings, artifactBinding: true }, NOW);
    expect(withArtifact).toContain(
      '<md:AssertionConsumerService index="1" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://portaal.example/saml/artifact"/>',
    );
    expect(buildSpMetadata(settings, NOW)).not.toContain('HTTP-Artifact');
    expect(samlSchemaErrors(withArtifact, 'metadata')).toEqual([]);
  });

  it('says requests are unsigned when there is no signing key, and escapes what it is given', () => {
    const { signing: _signing, ...unsignedSettings } = settings;
    const xml = buildSpMetadata(unsignedSettings, NOW);
    expect(xml).toContain('AuthnRequestsSigned="false"');
    expect(xml).not.toContain('use="signing"');
    expect(xml).toContain('Portaal Zorg &amp; co');
    expect(samlSchemaErrors(xml, 'metadata')).toEqual([]);
  });

  it('never stays valid past the first certificate that expires', () => {
    expect(metadataValidUntil(settings, NOW).toISOString()).toBe('2027-03-31T12:00:00.000Z');
    const expiry = new Date('2126-11-12T20:23:10Z');
    const nearExpiry = new Date(expiry.getTime() - 5 * 86_400_000);
    expect(metadataValidUntil(settings, nearExpiry)).toEqual(expiry);
  });

  it('signs once an hour, not per request', () => {
    let now = NOW;
    const publish = spMetadataPublisher(settings, () => now);
    const first = publish();
    now = new Date(NOW.getTime() + 59 * 60_000);
    expect(publish()).toBe(first);
    now = new Date(NOW.getTime() + 61 * 60_000);
    expect(publish()).not.toBe(first);
  });
});
