import type { Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { MessageGateways } from '../gateways/chain.ts';
import type { CizGateway } from '../gateways/ciz.ts';
import type { Mailer } from '../gateways/mailer.ts';

/** Everything activities touch from outside; worker.ts assembles the real ones, tests their own. */
export type ActivityDeps = {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'SERVICEDESK_EMAIL' | 'PUBLIC_URL' | 'BSN_PSEUDONYM_KEY'> &
    Partial<Pick<Config, 'STUF_APPLICATIE'>>;
  /** The CIZ Wlz-register; absent in tests of other activities (a look-up then ends in 'fout'). */
  ciz?: CizGateway;
  /** VECOZO and the CAK; absent in tests of other activities (a delivery is then refused). */
  gateways?: MessageGateways;
  /**
   * For activities that send an Update to another workflow (a user workflow asking the
   * organisation workflow, the one authority over its gebruikersbeheerders). Carries the payload
   * codec, like web's client.
   */
  temporal: Client;
  clock?: () => Date;
};
