import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEV_IDP_CERT_PATH, DEV_IDP_KEY_PATH } from '../../gateways/simulators/eherkenning-idp/index.ts';
import {
  artifactSourceId,
  buildArtifact,
  parseArtifact,
  responseFromArtifactResponse,
  signProtocolMessage,
  soapEnvelope,
} from '../../saml/artifact.ts';
import { samlPem } from '../helpers/saml-keys.ts';

const BROKER = { key: readFileSync(DEV_IDP_KEY_PATH, 'utf8'), cert: readFileSync(DEV_IDP_CERT_PATH, 'utf8') };
const ATTACKER = { key: samlPem('attacker.key'), cert: samlPem('attacker.crt') };
const ISSUER = 'urn:etoegang:HM:00000000000000000000:entities:0001';
const NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';
const SUCCESS = '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>';
const inner = (id: string) =>
  `<samlp:Response ${NS} ID="${id}" Version="2.0" IssueInstant="2027-01-01T00:00:00Z"><saml:Issuer>${ISSUER}</saml:Issuer>${SUCCESS}</samlp:Response>`;

function artifactResponse(
  o: {
    inResponseTo?: string;
    issuer?: string;
    status?: string;
    body?: string;
    signer?: { key: string; cert: string } | null;
  } = {},
): string {
  const xml =
    `<samlp:ArtifactResponse ${NS} ID="_ar1" Version="2.0" IssueInstant="2027-01-01T00:00:00Z" InResponseTo="${o.inResponseTo ?? '_resolve1'}">` +
    `<saml:Issuer>${o.issuer ?? ISSUER}</saml:Issuer>${o.status ?? SUCCESS}${o.body ?? inner('_genuine')}</samlp:ArtifactResponse>`;
  return o.signer === null ? xml : signProtocolMessage(xml, 'ArtifactResponse', o.signer ?? BROKER);
}

const expected = { idpCert: BROKER.cert, idpIssuer: ISSUER, inResponseTo: '_resolve1' };
const read = (signed: string) => responseFromArtifactResponse(soapEnvelope(signed), expected);

describe('artifacts', () => {
  it('round-trips a type 0x0004 artifact and names its source by the SHA-1 of the issuer', () => {
    const parsed = parseArtifact(buildArtifact(ISSUER, 3));
    expect(parsed?.endpointIndex).toBe(3);
    expect(parsed?.sourceId.equals(artifactSourceId(ISSUER))).toBe(true);
    expect(parsed?.messageHandle).toHaveLength(20);
  });

  it('refuses what is not a 44-byte type 0x0004 artifact', () => {
    expect(parseArtifact('AAQAAA')).toBeUndefined();
    const wrongType = Buffer.from(buildArtifact(ISSUER), 'base64');
    wrongType.writeUInt16BE(0x0001, 0);
    expect(parseArtifact(wrongType.toString('base64'))).toBeUndefined();
    expect(parseArtifact(`${buildArtifact(ISSUER)}x`)).toBeUndefined();
  });
});

describe('responseFromArtifactResponse', () => {
  it('returns the Response of a genuine ArtifactResponse', () => {
    expect(read(artifactResponse())).toContain('ID="_genuine"');
  });

  it('refuses an unsigned one, one signed by another key, and one changed after signing', () => {
    expect(() => read(artifactResponse({ signer: null }))).toThrow(/not signed/);
    expect(() => read(artifactResponse({ signer: ATTACKER }))).toThrow(/not the broker's/);
    expect(() => read(artifactResponse().replace('_genuine', '_forged'))).toThrow(/not the broker's/);
  });

  it('reads only what was signed: a Response wrapped beside the signed one is never returned', () => {
    const genuine = artifactResponse();
    // The attacker adds a second ArtifactResponse-shaped body before the genuine one...
    const wrapped = soapEnvelope(genuine).replace(
      '<soap:Body>',
      `<soap:Body>${artifactResponse({ signer: null, body: inner('_evil') })}`,
    );
    expect(() => responseFromArtifactResponse(wrapped, expected)).toThrow(/exactly one ArtifactResponse/);
    // ...or hides an extra Response inside the signed element's Signature, where digests do not look.
    const hidden = genuine.replace(
      '</ds:SignatureValue>',
      `</ds:SignatureValue><ds:Object>${inner('_evil')}</ds:Object>`,
    );
    expect(hidden).toContain('_evil');
    const returned = read(hidden);
    expect(returned).toContain('ID="_genuine"');
    expect(returned).not.toContain('_evil');
  });

  it('refuses another issuer, an answer to another request, a failure status and an empty answer', () => {
    expect(() => read(artifactResponse({ issuer: 'urn:etoegang:HM:99999999999999999999:entities:9999' }))).toThrow(
      /another issuer/,
    );
    expect(() => read(artifactResponse({ inResponseTo: '_other' }))).toThrow(/another ArtifactResolve/);
    expect(() =>
      read(
        artifactResponse({
          status:
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/></samlp:Status>',
        }),
      ),
    ).toThrow(/Requester/);
    expect(() => read(artifactResponse({ body: '' }))).toThrow(/unknown or already used/);
    expect(() => read(artifactResponse({ body: inner('_a') + inner('_b') }))).toThrow(/unknown or already used/);
  });

  it('refuses what is not SOAP', () => {
    expect(() => responseFromArtifactResponse('<html/>', expected)).toThrow(/not a SOAP envelope/);
    expect(() => responseFromArtifactResponse('geen xml', expected)).toThrow(/not a SOAP envelope/);
  });
});
