import { createServer, type Server } from 'node:https';
import { randomBytes } from 'node:crypto';
import express from 'express';
import {
  ArtifactInvalid,
  buildArtifact,
  parseArtifact,
  signedMessage,
  signProtocolMessage,
  soapBodyMessage,
  soapEnvelope,
} from '../../../saml/artifact.ts';
import { escapeXml } from '../../../saml/xml-dom.ts';
import { listenLocal } from '../listen.ts';
import { newSamlId } from './sign-response.ts';
import type { SpCertificates } from './sp-metadata.ts';

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const ARTIFACT_TTL_MS = 5 * 60_000;

/** Signed Responses waiting to be fetched by artifact: each can be taken once, within five minutes. */
export class ArtifactStore {
  readonly #messages = new Map<string, { xml: string; at: number }>();

  constructor(private readonly issuer: string) {}

  /** Keeps the Response and returns the artifact that stands for it. */
  put(responseXml: string): string {
    const handle = randomBytes(20);
    for (const [key, m] of this.#messages) if (Date.now() - m.at > ARTIFACT_TTL_MS) this.#messages.delete(key);
    this.#messages.set(handle.toString('hex'), { xml: responseXml, at: Date.now() });
    return buildArtifact(this.issuer, 0, handle);
  }

  take(artifact: string): string | undefined {
    const parsed = parseArtifact(artifact);
    if (!parsed) return undefined;
    const key = parsed.messageHandle.toString('hex');
    const message = this.#messages.get(key);
    this.#messages.delete(key);
    return message && Date.now() - message.at <= ARTIFACT_TTL_MS ? message.xml : undefined;
  }
}

/** How the service behaves, so tests can show what the SP does when the broker is down or slow. */
export type ArtifactServiceMode = 'normal' | 'fail' | 'hang';

export type ArtifactServiceOptions = {
  port: number;
  issuer: string;
  spEntityId: string;
  /** Signs the ArtifactResponse. */
  key: string;
  cert: string;
  /** Our TLS server pair, and the CA the SP's client certificate must chain to (mutual TLS). */
  tls: { key: string; cert: string; clientCa: string };
  store: ArtifactStore;
  spCertificates: () => Promise<SpCertificates>;
};

export type RunningArtifactService = {
  url: string;
  requests: () => number;
  setMode: (mode: ArtifactServiceMode) => void;
  stop: () => Promise<void>;
};

function artifactResponse(o: {
  issuer: string;
  inResponseTo: string;
  response?: string;
  key: string;
  cert: string;
}): string {
  const xml =
    `<samlp:ArtifactResponse xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${newSamlId()}" Version="2.0"` +
    ` IssueInstant="${new Date().toISOString()}" InResponseTo="${escapeXml(o.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    (o.response ?? '').replace(/^<\?xml[^>]*\?>/, '') +
    `</samlp:ArtifactResponse>`;
  return signProtocolMessage(xml, 'ArtifactResponse', { key: o.key, cert: o.cert });
}

const soapFault = (reason: string) =>
  soapEnvelope(
    `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>${escapeXml(reason)}</faultstring></soap:Fault>`,
  );

/**
 * The broker's artifact resolution service: SOAP over HTTPS, only for a client that shows a
 * certificate our CA signed, and only for an ArtifactResolve the SP signed with the key from its
 * metadata. An unknown or spent artifact gets a Success without a Response, as the binding says.
 */
export async function startArtifactService(options: ArtifactServiceOptions): Promise<RunningArtifactService> {
  let requests = 0;
  let mode: ArtifactServiceMode = 'normal';
  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '100kb' }));
  app.post('/ars', async (req, res) => {
    requests += 1;
    if (mode === 'hang') return; // never answers: the SP's timeout must end the wait
    if (mode === 'fail') return void res.status(503).type('text/plain').send('tijdelijk niet beschikbaar');
    try {
      const spSigning = (await options.spCertificates()).signing;
      if (!spSigning) throw new ArtifactInvalid('the SP metadata publishes no signing certificate');
      const resolve = signedMessage(soapBodyMessage(String(req.body), 'ArtifactResolve'), spSigning);
      const issuer = Array.from(resolve.getElementsByTagNameNS(NS_ASSERTION, 'Issuer'))[0]?.textContent;
      if (issuer !== options.spEntityId) throw new ArtifactInvalid('ArtifactResolve from another SP');
      const artifact = Array.from(resolve.getElementsByTagNameNS(NS_PROTOCOL, 'Artifact'))[0]?.textContent ?? '';
      const response = options.store.take(artifact.trim());
      const answer = artifactResponse({
        issuer: options.issuer,
        inResponseTo: resolve.getAttribute('ID') ?? '',
        ...(response ? { response } : {}),
        key: options.key,
        cert: options.cert,
      });
      res.type('text/xml').send(soapEnvelope(answer));
    } catch (err) {
      res
        .status(500)
        .type('text/xml')
        .send(soapFault(err instanceof ArtifactInvalid ? err.message : 'unreadable ArtifactResolve'));
    }
  });
  const server: Server = createServer(
    {
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.clientCa,
      requestCert: true,
      rejectUnauthorized: true,
    },
    app,
  );
  const port = await listenLocal(server, options.port);
  return {
    url: `https://localhost:${port}/ars`,
    requests: () => requests,
    setMode: (next) => {
      mode = next;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
