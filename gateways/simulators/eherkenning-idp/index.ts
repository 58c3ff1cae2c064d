import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDevIdpApp, DEV_IDP_CERT_PATH, DEV_IDP_ISSUER, type DevIdpOptions } from './app.ts';
import { SmsOutbox } from './sms-outbox.ts';
import { loadDevIdpUsers } from './users.ts';

export { createDevIdpApp, DEV_IDP_CERT_PATH, DEV_IDP_ISSUER, DEV_IDP_KEY_PATH, type DevIdpOptions } from './app.ts';
export { codeInSms, SmsOutbox, type SmsMessage } from './sms-outbox.ts';
export { devIdpUser, loadDevIdpUsers, MAKELAARS, type DevIdpUser } from './users.ts';

export type RunningDevIdp = { baseUrl: string; port: number; issuer: string; certPath: string; smsOutbox: SmsOutbox; stop: () => Promise<void> };

/**
 * Starts the dev broker on 127.0.0.1 (the dev runner and the tests). Port 0 picks a free port.
 * The SMS outbox is created here unless one is passed in.
 */
export async function startDevIdp(
  options: { port: number; spEntityId: string } & Partial<Omit<DevIdpOptions, 'spEntityId'>>,
): Promise<RunningDevIdp> {
  const smsOutbox = options.smsOutbox ?? new SmsOutbox();
  const issuer = options.issuer ?? DEV_IDP_ISSUER;
  let baseUrl = options.publicUrl ?? `http://127.0.0.1:${options.port}`;
  const app = createDevIdpApp({ ...options, publicUrl: baseUrl, issuer, users: options.users ?? loadDevIdpUsers(), smsOutbox });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (!options.publicUrl) baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    port,
    issuer,
    certPath: DEV_IDP_CERT_PATH,
    smsOutbox,
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
