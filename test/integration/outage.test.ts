import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../db/client.ts';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { createApp } from '../../web/app.ts';
import { isDependencyOutage } from '../../usecases/outage.ts';
import { testConfig } from '../helpers/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// What a user and a load balancer see while PostgreSQL or Temporal is down: real drivers, real errors.

let database: TestDatabase;
let deadDatabase: DatabaseHandle;
let deadTemporal: Connection;

beforeAll(async () => {
  database = await createTestDatabase();
  deadDatabase = connectDatabase(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`, { max: 1 });
  deadTemporal = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
});

afterAll(async () => {
  await deadDatabase?.close();
  await deadTemporal?.close();
  await database?.drop();
});

async function serve(app: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** A session cookie signed as express-session signs it, so the request reaches the session store. */
function signedSessionCookie(secret: string, sid: string): string {
  const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `pz.sid=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

describe('while PostgreSQL is unreachable', () => {
  it('answers a page with 503, Retry-After and a Dutch page that says nothing is lost, never a stack trace', async () => {
    const config = testConfig();
    const { app } = createApp({
      config,
      db: deadDatabase.db,
      temporal: new Client({ connection: deadTemporal }),
      logger: createLogger({ level: 'silent', pretty: false }),
      validator: undefined,
    });
    const { url, server } = await serve(app);
    try {
      const res = await fetch(`${url}/berichten`, {
        headers: { cookie: signedSessionCookie(config.SESSION_SECRET, 'a-session-that-needs-the-database') },
      });
      const body = await res.text();
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body).toContain('tijdelijk niet beschikbaar');
      expect(body).toContain('Uw gegevens zijn niet verloren');
      expect(body).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+|Error:/);
    } finally {
      server.close();
    }
  });

  it('is live but not ready', async () => {
    const { app } = createApp({
      config: testConfig(),
      db: deadDatabase.db,
      temporal: new Client({ connection: deadTemporal }),
      logger: createLogger({ level: 'silent', pretty: false }),
      validator: undefined,
    });
    const { url, server } = await serve(app);
    try {
      const live = await fetch(`${url}/healthz/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'live' });
      const ready = await fetch(`${url}/healthz/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).not.toBeNull();
      expect(await ready.json()).toEqual({ status: 'degraded', temporal: 'unreachable', database: 'unreachable' });
    } finally {
      server.close();
    }
  });
});

describe('isDependencyOutage', () => {
  it('knows the errors of an unreachable PostgreSQL and an unreachable Temporal', async () => {
    const fromDatabase = await deadDatabase.db.execute(sql`select 1`).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(fromDatabase, 'the query should have failed').toBeInstanceOf(Error);
    expect(isDependencyOutage(fromDatabase)).toBe(true);
    // With a deadline: the client itself keeps retrying an unavailable frontend for a while.
    const client = new Client({ connection: deadTemporal });
    const fromTemporal = await deadTemporal
      .withDeadline(Date.now() + 2_000, () => client.workflow.getHandle('no-such-workflow').describe())
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(fromTemporal, 'the call should have failed').toBeInstanceOf(Error);
    expect(isDependencyOutage(fromTemporal)).toBe(true);
  });

  it('does not take a fault in the request or in our code for an outage', async () => {
    const query = connectDatabase(database.url, { max: 1 });
    try {
      const badQuery = await query.db.execute(sql`select * from no_such_table`).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(badQuery).toBeInstanceOf(Error);
      expect(isDependencyOutage(badQuery)).toBe(false);
    } finally {
      await query.close();
    }
    expect(isDependencyOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyOutage('not an error')).toBe(false);
  });
});
