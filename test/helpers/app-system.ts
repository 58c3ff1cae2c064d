import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startChainSimulator } from '../../gateways/simulators/chain.ts';
import type { ChainSimulator } from '../../gateways/simulators/chain-types.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { istandaardenDir } from './istandaarden.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startTestWorker, type TestWorker } from './temporal.ts';
import { startTestWeb, type TestWeb } from './web.ts';

export type AppSystem = {
  db: TestDatabase;
  sink: SmtpSink;
  chain: ChainSimulator;
  web: TestWeb;
  worker: TestWorker;
  stop: () => Promise<void>;
};
export type E2eSystem = AppSystem & { chromium: TestBrowser };

type AppOptions = {
  configOverrides?: Record<string, string>;
  ciz?: Parameters<typeof startTestWorker>[0]['ciz'];
  retourDelayMs?: number;
  /** How often the chain tries the portal again when it is down (the simulator's default 4). */
  portalRetries?: number;
  /** false: no worker in this process (a test runs its own, e.g. a child process it kills). */
  worker?: boolean;
  /** A database the caller owns (e.g. on a PostgreSQL of its own), instead of a fresh one dropped at stop. */
  database?: TestDatabase;
};

/**
 * What an integration test of the whole app drives: its own database, an SMTP sink, the chain
 * simulator (VECOZO with its care providers, the CAK) posting to the web app's inbound endpoint,
 * the web app with the dev broker, and the real worker. `configOverrides` e.g. for a namespace of its own.
 */
export async function startAppSystem(options: AppOptions = {}): Promise<AppSystem> {
  const db = options.database ?? (await createTestDatabase());
  const sink = await startSmtpSink();
  const chain = await startChainSimulator({
    port: 0,
    ...(options.retourDelayMs !== undefined ? { retourDelayMs: options.retourDelayMs } : {}),
    ...(options.portalRetries !== undefined ? { portalRetries: options.portalRetries } : {}),
  });
  const web = await startTestWeb({
    db,
    configOverrides: {
      SMTP_URL: sink.url,
      VECOZO_URL: chain.vecozoUrl,
      CAK_URL: chain.cakUrl,
      ISTANDAARDEN_SCHEMA_DIR: istandaardenDir(),
      ...options.configOverrides,
    },
  });
  chain.setPortal({ url: `${web.baseUrl}/stuf/berichten`, token: web.config.STUF_INBOUND_TOKEN });
  const mailer = createSmtpMailer({ smtpUrl: sink.url, from: web.config.MAIL_FROM });
  const worker =
    options.worker === false
      ? { worker: undefined as never, stop: async () => undefined }
      : await startTestWorker({ config: web.config, db: db.db, mailer, ...(options.ciz ? { ciz: options.ciz } : {}) });
  return {
    db,
    sink,
    chain,
    web,
    worker,
    stop: async () => {
      await worker.stop();
      await web.stop();
      await chain.stop();
      await sink.stop();
      if (!options.database) await db.drop();
    },
  };
}

/** The same, plus Chromium, for an end-to-end test. */
export async function startE2eSystem(configOverrides: Record<string, string> = {}): Promise<E2eSystem> {
  const app = await startAppSystem({ configOverrides });
  const chromium = await launchBrowser();
  return {
    ...app,
    chromium,
    stop: async () => {
      await chromium.close();
      await app.stop();
    },
  };
}
