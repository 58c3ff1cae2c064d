import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { devIdpUser } from '../../gateways/simulators/eherkenning-idp/index.ts';
import { dataConverter } from '../../temporal/connection.ts';
import { organisationStateQuery, organisationWorkflowId } from '../../workflows/organisation/messages.ts';
import { startDevSystem, type DevSystem } from '../helpers/dev-system.ts';
import { csrfTokenIn, HttpClient } from '../helpers/http-client.ts';
import { loginThroughDevIdp } from '../helpers/saml.ts';

/** Processes whose command line mentions the data dir: the dev runner's Temporal and PostgreSQL. */
function processesUsing(dataDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(dataDir)) found.push(`${pid}: ${cmdline.slice(0, 120)}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

// `npm run dev` as a developer runs it: the real runner process with its own data dir and ports.
describe('npm run dev', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pz-dev-'));
  let system: DevSystem | undefined;

  afterAll(async () => {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'starts healthy, stops everything on SIGTERM, and keeps workflows and rows for the next start',
    { timeout: 300_000 },
    async () => {
      system = await startDevSystem(dataDir);
      const desk = new HttpClient(system.baseUrl);
      let response = '';
      const acs = await loginThroughDevIdp(desk, { idp: { baseUrl: system.idpUrl } }, devIdpUser('servicedesk'), {
        onSamlResponse: (xml) => (response = xml),
      });
      expect(acs.status).toBe(303);
      // The dev broker read our encryption certificate from the metadata and really encrypted.
      expect(response).toContain('EncryptedAssertion');
      expect(response).not.toContain('ActingSubjectID');
      const form = await desk.get('/servicedesk/gemeenten/nieuw');
      const registered = await desk.post('/servicedesk/gemeenten', {
        _csrf: csrfTokenIn(form.body),
        gemeentecode: '0363',
        name: 'Amsterdam',
        organisationId: '90000363',
      });
      expect(registered.status).toBe(303);

      expect(processesUsing(dataDir).length).toBeGreaterThan(0);
      expect(await system.stop()).toBe(0);
      system = undefined;
      expect(processesUsing(dataDir), 'no orphan Temporal or PostgreSQL process').toEqual([]);

      // The second start takes the login by artifact: one variable, still one command.
      system = await startDevSystem(dataDir, { SAML_RESPONSE_BINDING: 'artifact' });
      const again = new HttpClient(system.baseUrl);
      let artifactUrl = '';
      const byArtifact = await loginThroughDevIdp(
        again,
        { idp: { baseUrl: system.idpUrl } },
        devIdpUser('servicedesk'),
        { onArtifact: (url) => (artifactUrl = url) },
      );
      expect(artifactUrl).toContain('/saml/artifact?SAMLart=');
      expect(byArtifact.status).toBe(303);
      await again.follow(byArtifact);
      const list = await again.get('/servicedesk/gemeenten');
      expect(list.body).toContain('Amsterdam');

      const secrets = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as {
        PAYLOAD_CODEC_KEY: string;
      };
      const connection = await Connection.connect({ address: system.temporalAddress });
      try {
        const client = new Client({ connection, dataConverter: dataConverter(secrets) });
        const state = await client.workflow.getHandle(organisationWorkflowId('0363')).query(organisationStateQuery);
        expect(state?.name).toBe('Amsterdam');
      } finally {
        await connection.close();
      }
    },
  );
});
