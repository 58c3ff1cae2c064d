import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { createApp } from '../../web/app.ts';
import type { AppSystem } from './app-system.ts';

/**
 * The running system's web app a second time, on the same database and configuration, but with a
 * Temporal frontend that is not there: what users and the chain meet while Temporal is down.
 */
export async function serveWithoutTemporal(system: AppSystem): Promise<{ url: string; close: () => Promise<void> }> {
  const deadTemporal = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
  const { app } = createApp({
    config: system.web.config,
    db: system.db.db,
    temporal: new Client({ connection: deadTemporal, namespace: system.web.config.TEMPORAL_NAMESPACE }),
    logger: createLogger({ level: 'silent', pretty: false }),
    validator: system.web.validator,
  });
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await deadTemporal.close();
    },
  };
}
