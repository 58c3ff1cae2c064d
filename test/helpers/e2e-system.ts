import { createSmtpMailer } from '../../gateways/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startTestWorker, type TestWorker } from './temporal.ts';
import { startTestWeb, type TestWeb } from './web.ts';

export type E2eSystem = { db: TestDatabase; sink: SmtpSink; web: TestWeb; worker: TestWorker; chromium: TestBrowser; stop: () => Promise<void> };

/**
 * Everything an end-to-end test drives: its own database, an SMTP sink, the web app with the dev
 * broker, the real worker, and Chromium. `configOverrides` e.g. for a namespace of its own.
 */
export async function startE2eSystem(configOverrides: Record<string, string> = {}): Promise<E2eSystem> {
  const db = await createTestDatabase();
  const sink = await startSmtpSink();
  const web = await startTestWeb({ db, configOverrides: { SMTP_URL: sink.url, ...configOverrides } });
  const worker = await startTestWorker({ config: web.config, db: db.db, mailer: createSmtpMailer({ smtpUrl: sink.url, from: web.config.MAIL_FROM }) });
  const chromium = await launchBrowser();
  return {
    db,
    sink,
    web,
    worker,
    chromium,
    stop: async () => {
      await chromium.close();
      await worker.stop();
      await web.stop();
      await sink.stop();
      await db.drop();
    },
  };
}
