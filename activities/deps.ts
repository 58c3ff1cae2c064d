import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Mailer } from '../gateways/mailer.ts';

/** Everything activities touch from outside; worker.ts assembles the real ones, tests their own. */
export type ActivityDeps = {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'SERVICEDESK_EMAIL' | 'PUBLIC_URL'>;
  clock?: () => Date;
};
