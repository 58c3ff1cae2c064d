import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { startChainSimulator } from '../../gateways/simulators/chain.ts';
import type { ChainSimulator } from '../../gateways/simulators/chain-types.ts';
import { startDevIdp, type RunningDevIdp } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { createMailOutboxRouter, startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';

export type RunningSimulators = {
  idp: RunningDevIdp;
  idpIssuer: string;
  idpCertPath: string;
  smtp: SmtpSink;
  chain: ChainSimulator;
  stop: () => Promise<void>;
};

/**
 * The parties around the portal in dev: the eHerkenning broker (with SMS outbox), an SMTP sink
 * with a mail outbox page, and the chain (VECOZO with its care providers, the CAK), which posts
 * retours and incoming messages to the portal's inbound endpoint.
 */
export async function startDevSimulators(options: {
  publicUrl: string;
  spEntityId: string;
  ports: { idp: number; mailUi: number; smtp: number; chain: number; artifactService: number };
  /** Where the chain delivers: the portal's inbound StUF endpoint and its bearer token. */
  portal: { url: string; token: string };
  log: (line: string) => void;
}): Promise<RunningSimulators> {
  const [idp, smtp, chain] = await Promise.all([
    startDevIdp({
      port: options.ports.idp,
      publicUrl: `http://localhost:${options.ports.idp}`,
      spEntityId: options.spEntityId,
      // Trusts the dev SP's TLS client certificate only (mutual TLS, as a real broker's ARS).
      artifactService: {
        port: options.ports.artifactService,
        clientCa: readFileSync(join(import.meta.dirname, '..', 'dev-keys', 'sp-tls-client.crt'), 'utf8'),
      },
    }),
    startSmtpSink({ port: options.ports.smtp }),
    startChainSimulator({ port: options.ports.chain, host: '127.0.0.1', retourDelayMs: 2000 }),
  ]);
  chain.setPortal(options.portal);
  const mailUi = express();
  mailUi.use(helmet());
  mailUi.use(createMailOutboxRouter(smtp));
  const mailServer: Server = createServer(mailUi);
  await new Promise<void>((resolve, reject) => {
    mailServer.once('error', reject);
    mailServer.listen(options.ports.mailUi, '127.0.0.1', () => resolve());
  });
  return {
    idp,
    idpIssuer: idp.issuer,
    idpCertPath: idp.certPath,
    smtp,
    chain,
    stop: async () => {
      mailServer.closeAllConnections();
      await new Promise<void>((resolve) => mailServer.close(() => resolve()));
      await Promise.allSettled([idp.stop(), smtp.stop(), chain.stop()]);
    },
  };
}
