import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Config } from '../../config.ts';
import { DEV_ARS_TLS, startDevIdp, type RunningDevIdp } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { connectClient } from '../../temporal/connection.ts';
import { createMessageValidation } from '../../usecases/message-validation.ts';
import type { Validator } from '../../validation/validator.ts';
import { createApp } from '../../web/app.ts';
import type { PostgresSessionStore } from '../../web/session/store.ts';
import { testConfig } from './config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

const DEV_KEYS = join(import.meta.dirname, '..', '..', 'scripts', 'dev-keys');

export type TestWeb = {
  baseUrl: string;
  config: Config;
  sessionStore: PostgresSessionStore;
  temporal: Client;
  /** The app's own payload validator, for calling use cases directly with the same deps. */
  validator: Validator | undefined;
  idp: Pick<RunningDevIdp, 'baseUrl' | 'smsOutbox' | 'issuer' | 'artifactService'>;
  stop: () => Promise<void>;
};

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const isAddressInUse = (err: unknown) => (err as { code?: string }).code === 'EADDRINUSE';

/**
 * The real web app (createApp) on a real port, with the dev eHerkenning broker in-process on
 * another port, a real Temporal client and the test's own database. The ports are picked first
 * because PUBLIC_URL, the SP entity id and the broker's URLs contain them; another process may grab
 * a port in between (two cores, parallel test files), so a clash is retried with new ports.
 */
export async function startTestWeb(options: {
  db: TestDatabase;
  configOverrides?: Record<string, string | undefined>;
  /** Start the broker's artifact resolution service (mutual TLS) and point our config at it. */
  artifactService?: boolean;
}): Promise<TestWeb> {
  for (let attempt = 1; ; attempt++) {
    const [port, idpPort, arsPort] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${port}`;
    const idpUrl = `http://127.0.0.1:${idpPort}`;
    const config = testConfig({
      PUBLIC_URL: publicUrl,
      DATABASE_URL: options.db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
      SAML_IDP_ENTRY_POINT: `${idpUrl}/sso`,
      SAML_IDP_LOGOUT_URL: `${idpUrl}/slo`,
      ...(options.artifactService
        ? {
            SAML_IDP_ARTIFACT_RESOLUTION_URL: `https://localhost:${arsPort}/ars`,
            SAML_ARTIFACT_TLS_KEY: join(DEV_KEYS, 'sp-tls-client.key'),
            SAML_ARTIFACT_TLS_CERT: join(DEV_KEYS, 'sp-tls-client.crt'),
            SAML_ARTIFACT_TLS_CA: DEV_ARS_TLS.certPath,
          }
        : {}),
      ...options.configOverrides,
    });
    let idp: RunningDevIdp | undefined;
    const server = createServer();
    let temporal: Client | undefined;
    const { validator } = createMessageValidation(config);
    try {
      idp = await startDevIdp({
        port: idpPort,
        spEntityId: config.SAML_SP_ENTITY_ID,
        issuer: config.SAML_IDP_ISSUER,
        ...(options.artifactService
          ? { artifactService: { port: arsPort, clientCa: readFileSync(join(DEV_KEYS, 'sp-tls-client.crt'), 'utf8') } }
          : {}),
      });
      temporal = await connectClient(config);
      const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'test-web' });
      const { app, sessionStore } = createApp({ config, db: options.db.db, temporal, logger, validator });
      server.on('request', app);
      await listen(server, port);
      const running = { idp, temporal };
      return {
        baseUrl: publicUrl,
        config,
        sessionStore,
        temporal,
        validator,
        idp: {
          baseUrl: idp.baseUrl,
          smsOutbox: idp.smsOutbox,
          issuer: idp.issuer,
          ...(idp.artifactService ? { artifactService: idp.artifactService } : {}),
        },
        stop: async () => {
          await Promise.allSettled([
            close(server),
            running.idp.stop(),
            running.temporal.connection.close(),
            validator?.close(),
          ]);
        },
      };
    } catch (err) {
      await Promise.allSettled([
        idp?.stop(),
        temporal?.connection.close(),
        server.listening ? close(server) : undefined,
        validator?.close(),
      ]);
      if (!isAddressInUse(err) || attempt >= 5) throw err;
    }
  }
}

/**
 * A database and a web app of their own for the test file that calls this (before and after all
 * its tests); the getters throw before beforeAll has run.
 */
export function webForThisFile(
  configOverrides?: Record<string, string | undefined>,
  more: { artifactService?: boolean } = {},
): { readonly db: TestDatabase; readonly web: TestWeb } {
  let db: TestDatabase | undefined;
  let web: TestWeb | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    web = await startTestWeb({ db, ...more, ...(configOverrides ? { configOverrides } : {}) });
  });
  afterAll(async () => {
    await web?.stop();
    await db?.drop();
  });
  return {
    get db() {
      if (!db) throw new Error('webForThisFile: used before beforeAll');
      return db;
    },
    get web() {
      if (!web) throw new Error('webForThisFile: used before beforeAll');
      return web;
    },
  };
}
