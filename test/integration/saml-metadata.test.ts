import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pemBody, SP_KEYS_CONFIG, samlPem } from '../helpers/saml-keys.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { redirectSignatureHolds as signatureOverQuery } from '../../gateways/simulators/eherkenning-idp/saml-messages.ts';
import { startLogin } from '../helpers/saml.ts';
import { samlSchemaErrors } from '../helpers/saml-schema.ts';
import { webForThisFile, type TestWeb } from '../helpers/web.ts';

/**
 * What a broker sees of the SP before any login: the metadata it loads when the portal is
 * registered (schema-valid, signed by our signing key, everything a broker needs) and the signed
 * AuthnRequest that asks for the registered service at EH3 or higher.
 */

const pem = samlPem;
const NS_MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const SERVICE_UUID = '8f1c0a6e-2b3d-4e5f-9a7b-1c2d3e4f5a6b';

const system = webForThisFile({
  ...SP_KEYS_CONFIG,
  SAML_SERVICES: `1:${SERVICE_UUID},2:0a1b2c3d-0000-4000-8000-000000000002`,
});
let web: TestWeb;
let metadata: string;

beforeAll(async () => {
  web = system.web;
  const res = await new HttpClient(web.baseUrl).get('/saml/metadata');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
  metadata = res.body;
});

function elements(xml: string, localName: string, ns = NS_MD): Element[] {
  return Array.from(
    new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(ns, localName),
  ) as Element[];
}

/** Verifies the enveloped signature with the given certificate, as a broker does. */
function signatureHolds(xml: string, cert: string): boolean {
  const signature = elements(xml, 'Signature', NS_DS)[0];
  if (!signature) return false;
  const verifier = new SignedXml({ publicCert: cert });
  verifier.loadSignature(signature.toString());
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}

describe('SP metadata at /saml/metadata', () => {
  it('validates against the SAML 2.0 metadata schema', () => {
    expect(samlSchemaErrors(metadata, 'metadata')).toEqual([]);
  });

  it('is signed with our signing key over the whole EntityDescriptor, and a change breaks the signature', () => {
    const root = elements(metadata, 'EntityDescriptor')[0]!;
    const reference = elements(metadata, 'Reference', NS_DS)[0]!;
    expect(reference.getAttribute('URI')).toBe(`#${root.getAttribute('ID')}`);
    expect(signatureHolds(metadata, pem('sp-signing.crt'))).toBe(true);
    expect(signatureHolds(metadata, pem('stranger.crt'))).toBe(false);
    const tampered = metadata.replace(
      `entityID="${web.config.SAML_SP_ENTITY_ID}"`,
      'entityID="https://attacker.example/sp"',
    );
    expect(tampered).not.toBe(metadata);
    expect(signatureHolds(tampered, pem('sp-signing.crt'))).toBe(false);
  });

  it('publishes the signing certificate and both encryption certificates with the algorithms we can open', () => {
    const descriptors = elements(metadata, 'KeyDescriptor').map((d) => ({
      use: d.getAttribute('use'),
      cert: (d.getElementsByTagNameNS(NS_DS, 'X509Certificate')[0]?.textContent ?? '').replace(/\s+/g, ''),
      algorithms: (Array.from(d.getElementsByTagNameNS(NS_MD, 'EncryptionMethod')) as Element[]).map((m) =>
        m.getAttribute('Algorithm'),
      ),
    }));
    expect(descriptors.map((d) => [d.use, d.cert])).toEqual([
      ['signing', pemBody(pem('sp-signing.crt'))],
      ['encryption', pemBody(pem('sp-encryption-a.crt'))],
      ['encryption', pemBody(pem('sp-encryption-b.crt'))],
    ]);
    expect(descriptors[1]!.algorithms).toEqual(
      expect.arrayContaining([
        'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      ]),
    );
    expect(descriptors[1]!.algorithms).not.toContain('http://www.w3.org/2001/04/xmlenc#tripledes-cbc');
  });

  it('asks for signed assertions, signs its requests, and names the ACS, single logout and entity id', () => {
    const sp = elements(metadata, 'SPSSODescriptor')[0]!;
    expect([sp.getAttribute('AuthnRequestsSigned'), sp.getAttribute('WantAssertionsSigned')]).toEqual(['true', 'true']);
    expect(elements(metadata, 'EntityDescriptor')[0]!.getAttribute('entityID')).toBe(web.config.SAML_SP_ENTITY_ID);
    const acs = elements(metadata, 'AssertionConsumerService').map((a) => [
      a.getAttribute('index'),
      a.getAttribute('Binding'),
      a.getAttribute('Location'),
    ]);
    expect(acs).toEqual([['0', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', `${web.baseUrl}/saml/acs`]]);
    expect(elements(metadata, 'SingleLogoutService').map((s) => s.getAttribute('Location'))).toEqual([
      `${web.baseUrl}/saml/slo`,
      `${web.baseUrl}/saml/slo`,
    ]);
  });

  it('lists each configured service with its index and ServiceUUID, the first as default', () => {
    const services = elements(metadata, 'AttributeConsumingService').map((s) => ({
      index: s.getAttribute('index'),
      isDefault: s.getAttribute('isDefault'),
      requested: (Array.from(s.getElementsByTagNameNS(NS_MD, 'RequestedAttribute')) as Element[]).map((a) => [
        a.getAttribute('Name'),
        a.textContent,
      ]),
    }));
    expect(services.map((s) => [s.index, s.isDefault])).toEqual([
      ['1', 'true'],
      ['2', null],
    ]);
    expect(services[0]!.requested).toEqual([
      ['urn:etoegang:core:ServiceUUID', SERVICE_UUID],
      ['urn:etoegang:core:LegalSubjectID', ''],
      ['urn:etoegang:core:ActingSubjectID', ''],
    ]);
  });

  it('is valid for the configured days at most, and is not signed again on every request', async () => {
    const validUntil = new Date(elements(metadata, 'EntityDescriptor')[0]!.getAttribute('validUntil')!).getTime();
    expect(validUntil).toBeGreaterThan(Date.now());
    expect(validUntil).toBeLessThanOrEqual(Date.now() + web.config.SAML_METADATA_VALID_DAYS * 86_400_000);
    expect((await new HttpClient(web.baseUrl).get('/saml/metadata')).body).toBe(metadata);
  });
});

const redirectSignatureHolds = (location: string, cert: string) =>
  signatureOverQuery(new URL(location).search.slice(1), cert);

describe('AuthnRequest', () => {
  it('is signed with our signing key by the redirect binding, with RSA-SHA256', async () => {
    const started = await startLogin(new HttpClient(web.baseUrl), '/berichten');
    const url = new URL(started.location);
    expect(url.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(redirectSignatureHolds(started.location, pem('sp-signing.crt'))).toBe(true);
    expect(redirectSignatureHolds(started.location, pem('stranger.crt'))).toBe(false);
    const tampered = started.location.replace(/RelayState=[^&]+/, 'RelayState=elders');
    expect(redirectSignatureHolds(tampered, pem('sp-signing.crt'))).toBe(false);
  });

  it('asks for the first registered service at EH3 or higher, and validates against the SAML 2.0 protocol schema', async () => {
    const started = await startLogin(new HttpClient(web.baseUrl));
    expect(samlSchemaErrors(started.xml, 'protocol')).toEqual([]);
    const request = new DOMParser().parseFromString(started.xml, 'text/xml').documentElement!;
    expect(request.getAttribute('AttributeConsumingServiceIndex')).toBe('1');
    const context = request.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'RequestedAuthnContext')[0]!;
    expect(context.getAttribute('Comparison')).toBe('minimum');
    expect(context.textContent).toBe('urn:etoegang:core:assurance-class:loa3');
  });
});
