import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { messages, organisations, productSettings } from '../../db/schema.ts';
import { DEV_IDP_CERT_PATH } from '../../test/helpers/config.ts';
import { ownExample } from '../../test/helpers/messages.ts';
import { setProductSettings } from '../../usecases/product-settings.ts';
import { activeGemeente } from './environment.ts';
import { pool } from './stats.ts';

/**
 * Load as municipal software makes it: WMO301 uploads through the webservice door with the
 * client certificate registered for the product, each counted when the read model says it ended.
 */

export const LOAD_GEMEENTE = { gemeentecode: '0363', name: 'Amsterdam', organisationId: '34366966' };
const AGB = '42420001';
const CERT = readFileSync(DEV_IDP_CERT_PATH, 'utf8');
const POLL_MS = 50;
const ENDED = ['afgerond', 'afgekeurd', 'niet_afgeleverd', 'verlopen'];

/** The environment a web process needs for this load (behind a proxy that passes the certificate on). */
export const WEBSERVICE_LOAD_ENV = {
  TRUST_PROXY: 'true',
  CLIENT_CERT_HEADER: 'x-client-cert',
  // Throughput is measured here, not the limits that protect a real portal from one client.
  UPLOAD_RATE_LIMIT_PER_USER_ATTEMPTS: '1000000',
  UPLOAD_RATE_LIMIT_PER_IP_ATTEMPTS: '1000000',
};

/** Registers and activates the municipality and registers its software's certificate for iWmo. */
export async function enableWebservice(system: { client: Client; config: Config; db: Database }): Promise<void> {
  const desk = await activeGemeente(system, LOAD_GEMEENTE);
  await setProductSettings(
    system.client,
    LOAD_GEMEENTE.gemeentecode,
    {
      product: 'iwmo',
      settings: {
        deliveryChannel: 'webservice',
        endpointUrl: 'https://software.example/ggk',
        certificateFingerprint: new X509Certificate(CERT).fingerprint256,
        notificationEmails: [],
        stufVersion: 'ggk0210',
      },
    },
    desk,
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [org] = await system.db
      .select({ status: organisations.status })
      .from(organisations)
      .where(inArray(organisations.gemeentecode, [LOAD_GEMEENTE.gemeentecode]));
    const [settings] = await system.db
      .select({ channel: productSettings.deliveryChannel })
      .from(productSettings)
      .where(inArray(productSettings.gemeentecode, [LOAD_GEMEENTE.gemeentecode]));
    if (org?.status === 'actief' && settings?.channel === 'webservice') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the municipality did not become active with its webservice certificate within 30 s');
}

export type ExchangeRun = { perSecond: number; latencies: number[]; failures: string[] };

/**
 * `count` webservice uploads, `concurrency` at a time, each waited for until its exchange ended;
 * one read-model query per poll for all outstanding ones. Identifications start with `prefix`.
 */
export async function runExchanges(o: {
  db: Database;
  publicUrl: string;
  count: number;
  concurrency: number;
  prefix: string;
}): Promise<ExchangeRun> {
  const outstanding = new Map<string, number>();
  const latencies: number[] = [];
  const failures: string[] = [];
  let uploading = true;
  const started = performance.now();
  const poller = (async () => {
    while (uploading || outstanding.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (outstanding.size === 0) continue;
      const rows = await o.db
        .select({ id: messages.id, state: messages.state })
        .from(messages)
        .where(inArray(messages.id, [...outstanding.keys()]));
      const now = performance.now();
      for (const row of rows) {
        const start = outstanding.get(row.id);
        if (start === undefined || !ENDED.includes(row.state)) continue;
        outstanding.delete(row.id);
        if (row.state === 'afgerond') latencies.push(now - start);
        else failures.push(`${row.id}: ${row.state}`);
      }
      if (now - started > 600_000) throw new Error(`${outstanding.size} exchanges not afgerond after 10 minutes`);
    }
  })();
  poller.catch(() => undefined);
  try {
    await pool(o.count, o.concurrency, async (i) => {
      const { xml } = ownExample('WMO301', LOAD_GEMEENTE.gemeentecode, {
        agb: AGB,
        identificatie: `${o.prefix}${String(i).padStart(6, '0')}`,
      });
      const start = performance.now();
      const response = await fetch(`${o.publicUrl}/webservice/iwmo/berichten`, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          'x-bestandsnaam': `WMO301-${i}.xml`,
          'x-client-cert': encodeURIComponent(CERT),
        },
        body: xml,
      });
      const body = (await response.json()) as { status: string; files: { referentienummer: string | null }[] };
      const id = body.files[0]?.referentienummer;
      if (response.status !== 201 || !id)
        return void failures.push(`upload ${i}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      outstanding.set(id, start);
    });
  } finally {
    uploading = false;
    await poller;
  }
  return { perSecond: (latencies.length / (performance.now() - started)) * 1000, latencies, failures };
}
