import { createServer, type Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { startDevIdp, type RunningDevIdp } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { createMailOutboxRouter, startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';

export type RunningSimulators = { idp: RunningDevIdp; idpIssuer: string; idpCertPath: string; smtp: SmtpSink; stop: () => Promise<void> };

/** The parties around the portal in dev: the eHerkenning broker (with SMS outbox) and an SMTP sink with a mail outbox page. */
export async function startDevSimulators(options: {
  publicUrl: string;
  spEntityId: string;
  ports: { idp: number; mailUi: number; smtp: number };
  log: (line: string) => void;
}): Promise<RunningSimulators> {
  const [idp, smtp] = await Promise.all([
    startDevIdp({ port: options.ports.idp, publicUrl: `http://localhost:${options.ports.idp}`, spEntityId: options.spEntityId }),
    startSmtpSink({ port: options.ports.smtp }),
  ]);
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
    stop: async () => {
      mailServer.closeAllConnections();
      await new Promise<void>((resolve) => mailServer.close(() => resolve()));
      await Promise.allSettled([idp.stop(), smtp.stop()]);
    },
  };
}
