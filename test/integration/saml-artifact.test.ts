import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/users.ts';
import { resolveArtifact, ArtifactServiceUnreachable } from '../../web/auth/artifact-resolver.ts';
import { buildArtifact } from '../../saml/artifact.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { auditRowsAfter, lastAuditId, sessionRows } from '../helpers/db-rows.ts';
import { HttpClient, type HttpResult } from '../helpers/http-client.ts';
import { loginThroughDevIdp, startLogin } from '../helpers/saml.ts';
import { SP_KEYS_CONFIG, samlPem } from '../helpers/saml-keys.ts';
import { webForThisFile, type TestWeb } from '../helpers/web.ts';

/**
 * Login by the HTTP-Artifact binding: the browser brings only an artifact, and the portal fetches
 * the (encrypted, signed) Response at the dev broker's artifact resolution service, over SOAP with
 * mutual TLS and a signed ArtifactResolve; and what the user sees when that fails.
 */

const NS_MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const system = webForThisFile(
  {
    ...SP_KEYS_CONFIG,
    SAML_BROKER_ENCRYPTS: 'true',
    SAML_RESPONSE_BINDING: 'artifact',
    SAML_ARTIFACT_TIMEOUT_MS: '400',
  },
  { artifactService: true },
);
let db: TestDatabase;
let web: TestWeb;
const ars = () => web.idp.artifactService!;
beforeAll(() => {
  ({ db, web } = system);
});

const UNRESOLVED = 'Uw inloggegevens konden niet worden opgehaald';

async function expectRefused(
  res: HttpResult,
  before: { audit: number; sessions: number },
  reason: string,
  title: string,
) {
  expect(res.status).toBe(401);
  expect(res.body).toContain(title);
  expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
  expect(res.setCookies).toEqual([]);
  expect((await sessionRows(db)).length).toBe(before.sessions);
  expect(
    (await auditRowsAfter(db, before.audit)).map((r) => [r.event, (r.details as { reason?: string }).reason]),
  ).toEqual([['login_refused', reason]]);
}

const snapshot = async () => ({ audit: await lastAuditId(db), sessions: (await sessionRows(db)).length });

describe('HTTP-Artifact binding', () => {
  it('asks for the artifact binding and publishes the artifact ACS in the metadata', async () => {
    const started = await startLogin(new HttpClient(web.baseUrl));
    const request = new DOMParser().parseFromString(started.xml, 'text/xml').documentElement!;
    expect(request.getAttribute('ProtocolBinding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact');
    expect(request.getAttribute('AssertionConsumerServiceURL')).toBe(`${web.baseUrl}/saml/artifact`);
    const metadata = (await new HttpClient(web.baseUrl).get('/saml/metadata')).body;
    const acs = (
      Array.from(
        new DOMParser().parseFromString(metadata, 'text/xml').getElementsByTagNameNS(NS_MD, 'AssertionConsumerService'),
      ) as Element[]
    ).map((a) => [a.getAttribute('index'), a.getAttribute('Binding'), a.getAttribute('Location')]);
    expect(acs).toContainEqual([
      '1',
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact',
      `${web.baseUrl}/saml/artifact`,
    ]);
  });

  it('logs in with an artifact that the portal resolves over mutual TLS, and refuses the same artifact again', async () => {
    const client = new HttpClient(web.baseUrl);
    const before = await snapshot();
    const requestsBefore = ars().requests();
    let artifactUrl = '';
    const res = await loginThroughDevIdp(client, web, devIdpUser('servicedesk'), {
      terug: '/servicedesk/gemeenten',
      onArtifact: (url) => (artifactUrl = url),
    });
    expect(artifactUrl).toMatch(new RegExp(`^${web.baseUrl}/saml/artifact\\?SAMLart=`));
    expect(artifactUrl).not.toContain('SAMLResponse');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${web.baseUrl}/servicedesk/gemeenten`);
    expect(ars().requests()).toBe(requestsBefore + 1);
    expect((await auditRowsAfter(db, before.audit)).map((r) => r.event)).toEqual(['login_accepted']);

    const again = await snapshot();
    await expectRefused(
      await new HttpClient(web.baseUrl).get(artifactUrl),
      again,
      'artifact_invalid',
      'Inloggen is niet gelukt',
    );
  });

  it('refuses an artifact of another broker and one that is no artifact, without asking anyone', async () => {
    const requestsBefore = ars().requests();
    const foreign = buildArtifact('urn:etoegang:HM:99999999999999999999:entities:9999');
    const attempts: [() => Promise<HttpResult>, string, string][] = [
      [
        () => new HttpClient(web.baseUrl).get(`/saml/artifact?SAMLart=${encodeURIComponent(foreign)}`),
        'unknown_broker',
        'Deze eHerkenningsmakelaar is niet bekend',
      ],
      [
        () => new HttpClient(web.baseUrl).get('/saml/artifact?SAMLart=AAQAAA'),
        'artifact_invalid',
        'Inloggen is niet gelukt',
      ],
      [() => new HttpClient(web.baseUrl).post('/saml/artifact', {}), 'artifact_invalid', 'Inloggen is niet gelukt'],
    ];
    for (const [send, reason, title] of attempts) {
      const before = await snapshot();
      await expectRefused(await send(), before, reason, title);
    }
    expect(ars().requests()).toBe(requestsBefore);
  });

  for (const mode of ['fail', 'hang'] as const) {
    it(`asks once more when the resolution service ${mode === 'fail' ? 'answers 503' : 'does not answer'}, then explains in Dutch`, async () => {
      const requestsBefore = ars().requests();
      ars().setMode(mode);
      try {
        const before = await snapshot();
        const res = await loginThroughDevIdp(new HttpClient(web.baseUrl), web, devIdpUser('servicedesk'));
        await expectRefused(res, before, 'artifact_unresolved', UNRESOLVED);
      } finally {
        ars().setMode('normal');
      }
      expect(ars().requests()).toBe(requestsBefore + 2);
    });
  }

  it("is not reachable without our client certificate, nor with a stranger's", async () => {
    const devKeys = join(import.meta.dirname, '..', '..', 'scripts', 'dev-keys');
    const settings = {
      resolutionUrl: web.config.SAML_IDP_ARTIFACT_RESOLUTION_URL!,
      spEntityId: web.config.SAML_SP_ENTITY_ID,
      idpIssuer: web.config.SAML_IDP_ISSUER,
      idpCert: web.config.SAML_IDP_CERT,
      signing: { key: samlPem('sp-signing.key'), cert: samlPem('sp-signing.crt') },
      timeoutMs: 2_000,
    };
    const ca = web.config.SAML_ARTIFACT_TLS_CA!;
    const artifact = buildArtifact(web.config.SAML_IDP_ISSUER);
    await expect(
      resolveArtifact(
        { ...settings, tls: { key: samlPem('stranger-tls-client.key'), cert: samlPem('stranger-tls-client.crt'), ca } },
        artifact,
      ),
    ).rejects.toBeInstanceOf(ArtifactServiceUnreachable);
    // Without a client certificate at all (and so without the mutual TLS the broker demands).
    await expect(
      resolveArtifact({ ...settings, tls: { key: '', cert: '', ca } as never }, artifact),
    ).rejects.toBeInstanceOf(ArtifactServiceUnreachable);
    // With ours, the same unknown artifact reaches the service and is answered without a Response.
    const ours = {
      key: readFileSync(join(devKeys, 'sp-tls-client.key'), 'utf8'),
      cert: readFileSync(join(devKeys, 'sp-tls-client.crt'), 'utf8'),
      ca,
    };
    await expect(resolveArtifact({ ...settings, tls: ours }, artifact)).rejects.toThrow(/unknown or already used/);
  });
});
