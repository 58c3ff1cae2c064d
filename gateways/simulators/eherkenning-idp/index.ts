import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDevIdpApp, DEV_IDP_CERT_PATH, DEV_IDP_ISSUER, DEV_IDP_KEY_PATH, type DevIdpOptions } from './app.ts';
import { ArtifactStore, startArtifactService, type RunningArtifactService } from './artifact-service.ts';
import { spMetadataCertificates } from './sp-metadata.ts';
import { listenLocal } from '../listen.ts';
import { SmsOutbox } from './sms-outbox.ts';
import { loadDevIdpUsers } from './users.ts';

export { createDevIdpApp, DEV_IDP_CERT_PATH, DEV_IDP_ISSUER, DEV_IDP_KEY_PATH, type DevIdpOptions } from './app.ts';
export { codeInSms, SmsOutbox, type SmsMessage } from './sms-outbox.ts';
export { devIdpUser, loadDevIdpUsers, MAKELAARS, type DevIdpUser } from './users.ts';

export type RunningDevIdp = {
  baseUrl: string;
  port: number;
  issuer: string;
  certPath: string;
  smsOutbox: SmsOutbox;
  /** The artifact resolution service, when asked for. */
  artifactService?: RunningArtifactService;
  stop: () => Promise<void>;
};

/** The dev ARS's TLS pair and the SP client certificate it trusts (development only). */
export const DEV_ARS_TLS = {
  keyPath: fileURLToPath(new URL('./keys/ars-tls.key', import.meta.url)),
  certPath: fileURLToPath(new URL('./keys/ars-tls.crt', import.meta.url)),
};

/**
 * Starts the dev broker on 127.0.0.1 (the dev runner and the tests). Port 0 picks a free port.
 * The SMS outbox is created here unless one is passed in.
 */
export async function startDevIdp(
  options: { port: number; spEntityId: string; artifactService?: { port: number; clientCa: string } } & Partial<
    Omit<DevIdpOptions, 'spEntityId'>
  >,
): Promise<RunningDevIdp> {
  const smsOutbox = options.smsOutbox ?? new SmsOutbox();
  const issuer = options.issuer ?? DEV_IDP_ISSUER;
  let baseUrl = options.publicUrl ?? `http://127.0.0.1:${options.port}`;
  const spCertificates = options.spCertificates ?? spMetadataCertificates(options.spEntityId);
  const artifactStore = options.artifactService ? new ArtifactStore(issuer) : undefined;
  const artifactService =
    options.artifactService && artifactStore
      ? await startArtifactService({
          port: options.artifactService.port,
          issuer,
          spEntityId: options.spEntityId,
          key: options.key ?? readFileSync(DEV_IDP_KEY_PATH, 'utf8'),
          cert: options.cert ?? readFileSync(DEV_IDP_CERT_PATH, 'utf8'),
          tls: {
            key: readFileSync(DEV_ARS_TLS.keyPath, 'utf8'),
            cert: readFileSync(DEV_ARS_TLS.certPath, 'utf8'),
            clientCa: options.artifactService.clientCa,
          },
          store: artifactStore,
          spCertificates,
        })
      : undefined;
  const app = createDevIdpApp({
    ...options,
    publicUrl: baseUrl,
    issuer,
    users: options.users ?? loadDevIdpUsers(),
    smsOutbox,
    spCertificates,
    ...(artifactStore ? { artifactStore } : {}),
  });
  const server: Server = createServer(app);
  const port = await listenLocal(server, options.port);
  if (!options.publicUrl) baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    port,
    issuer,
    certPath: DEV_IDP_CERT_PATH,
    smsOutbox,
    ...(artifactService ? { artifactService } : {}),
    stop: async () => {
      await artifactService?.stop();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
