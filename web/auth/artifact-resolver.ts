import { randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { Config } from '../../config.ts';
import { idpCertificates } from './saml-strategy.ts';
import {
  artifactResolveXml,
  responseFromArtifactResponse,
  signProtocolMessage,
  soapEnvelope,
} from '../../saml/artifact.ts';

export type ArtifactResolverSettings = {
  resolutionUrl: string;
  spEntityId: string;
  idpIssuer: string;
  idpCert: string | string[];
  signing: { key: string; cert: string };
  /** Our TLS client certificate (mutual TLS), and the CA that the broker's server certificate must chain to. */
  tls?: { key: string; cert: string; ca?: string };
  timeoutMs: number;
};

/** The broker could not be asked (network, TLS, timeout, HTTP error): worth one retry. */
export class ArtifactServiceUnreachable extends Error {
  override name = 'ArtifactServiceUnreachable';
}

function post(settings: ArtifactResolverSettings, body: string): Promise<string> {
  const url = new URL(settings.resolutionUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: 'http://www.oasis-open.org/committees/security',
          'Content-Length': Buffer.byteLength(body),
        },
        timeout: settings.timeoutMs,
        ...(settings.tls
          ? { key: settings.tls.key, cert: settings.tls.cert, ...(settings.tls.ca ? { ca: settings.tls.ca } : {}) }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // A Response with an encrypted assertion is a few kB; far more is not a broker talking.
          if (size > 1_000_000) req.destroy(new ArtifactServiceUnreachable('the artifact response is too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(
              new ArtifactServiceUnreachable(`the artifact resolution service answered HTTP ${res.statusCode}`),
            );
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (err) => reject(new ArtifactServiceUnreachable(err.message)));
      },
    );
    req.on('timeout', () => req.destroy(new ArtifactServiceUnreachable(`no answer within ${settings.timeoutMs} ms`)));
    req.on('error', (err) =>
      reject(err instanceof ArtifactServiceUnreachable ? err : new ArtifactServiceUnreachable(err.message)),
    );
    req.end(body);
  });
}

/**
 * Fetches the Response an artifact stands for: a signed ArtifactResolve over SOAP (mutual TLS),
 * one retry when the broker could not be reached, and the ArtifactResponse checks of
 * saml-artifact.ts. A retry uses a new ArtifactResolve id; a broker that had already spent the
 * artifact on the lost first answer says so, and the login is refused rather than doubled.
 */
export async function resolveArtifact(
  settings: ArtifactResolverSettings,
  artifact: string,
  now: () => Date = () => new Date(),
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const id = `_${randomUUID()}`;
    const resolve = signProtocolMessage(
      artifactResolveXml({
        id,
        issuer: settings.spEntityId,
        destination: settings.resolutionUrl,
        artifact,
        now: now(),
      }),
      'ArtifactResolve',
      settings.signing,
    );
    try {
      const answer = await post(settings, soapEnvelope(resolve));
      return responseFromArtifactResponse(answer, {
        idpCert: settings.idpCert,
        idpIssuer: settings.idpIssuer,
        inResponseTo: id,
      });
    } catch (err) {
      if (!(err instanceof ArtifactServiceUnreachable) || attempt >= 2) throw err;
    }
  }
}

/** The resolver for the configured broker, or undefined when no artifact resolution service is configured. */
export function artifactResolverFor(config: Config): ((artifact: string) => Promise<string>) | undefined {
  if (!config.SAML_IDP_ARTIFACT_RESOLUTION_URL || !config.SAML_SP_PRIVATE_KEY || !config.SAML_SP_CERT) return undefined;
  const settings: ArtifactResolverSettings = {
    resolutionUrl: config.SAML_IDP_ARTIFACT_RESOLUTION_URL,
    spEntityId: config.SAML_SP_ENTITY_ID,
    idpIssuer: config.SAML_IDP_ISSUER,
    idpCert: idpCertificates(config.SAML_IDP_CERT),
    signing: { key: config.SAML_SP_PRIVATE_KEY, cert: config.SAML_SP_CERT },
    ...(config.SAML_ARTIFACT_TLS_KEY && config.SAML_ARTIFACT_TLS_CERT
      ? {
          tls: {
            key: config.SAML_ARTIFACT_TLS_KEY,
            cert: config.SAML_ARTIFACT_TLS_CERT,
            ...(config.SAML_ARTIFACT_TLS_CA ? { ca: config.SAML_ARTIFACT_TLS_CA } : {}),
          },
        }
      : {}),
    timeoutMs: config.SAML_ARTIFACT_TIMEOUT_MS,
  };
  return (artifact) => resolveArtifact(settings, artifact);
}
