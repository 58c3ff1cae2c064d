import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageFiles } from '../../db/schema.ts';
import { setProductSettings } from '../../usecases/product-settings.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { DEV_IDP_CERT_PATH } from '../helpers/config.ts';
import { messageRow, ownExample, waitForState } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { serveWithoutTemporal } from '../helpers/without-temporal.ts';
import { twoMunicipalities } from '../helpers/users.ts';

// Municipal software uploads with its client certificate (passed on by the TLS proxy), registered
// by the Productbeheerder as the product's webservice certificate.
let system: AppSystem;
const AGB = '42420001';
const pem = readFileSync(DEV_IDP_CERT_PATH, 'utf8');
const header = encodeURIComponent(pem);

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: {
      TEMPORAL_NAMESPACE: await isolatedNamespace('pz-webservice'),
      TRUST_PROXY: 'true',
      CLIENT_CERT_HEADER: 'x-client-cert',
    },
  });
  const { gbA } = await twoMunicipalities(system.web);
  await setProductSettings(
    system.web.temporal,
    '0363',
    {
      product: 'iwmo',
      settings: {
        deliveryChannel: 'webservice',
        endpointUrl: 'https://software.amsterdam.example/ggk',
        certificateFingerprint: new X509Certificate(pem).fingerprint256,
        notificationEmails: [],
        stufVersion: 'ggk0210',
      },
    },
    `${gbA.organisationId}/${gbA.subject}`,
  );
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

function upload(
  product: string,
  xml: string,
  headers: Record<string, string> = { 'x-client-cert': header },
  baseUrl = system.web.baseUrl,
) {
  return fetch(`${baseUrl}/webservice/${product}/berichten`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', 'x-bestandsnaam': 'WMO301.xml', ...headers },
    body: xml,
  });
}

describe('POST /webservice/<product>/berichten', () => {
  it('sends a WMO301 of the municipality whose certificate it is, like the browser upload', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const response = await upload('iwmo', xml);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { status: string; files: { referentienummer: string }[] };
    expect(body.status).toBe('sent');
    const id = body.files[0]!.referentienummer;
    await waitForState(system.db, id, 'afgerond');
    expect((await messageRow(system.db, id))?.uploadedBy).toBe('webservice/0363/iwmo');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses without a certificate (401), with one not registered for the product (403), and a file of another municipality (422)', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    expect((await upload('iwmo', xml, {})).status).toBe(401);
    expect(
      (
        await upload('iwmo', xml, {
          'x-client-cert': encodeURIComponent('-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----'),
        })
      ).status,
    ).toBe(401);
    expect((await upload('ijw', xml)).status).toBe(403);
    expect((await upload('wlz', xml)).status).toBe(404);
    const rotterdam = await upload('iwmo', ownExample('WMO301', '0599', { agb: AGB }).xml);
    expect(rotterdam.status).toBe(422);
    const refused = (await rotterdam.json()) as { files: { problems: { code: string }[] }[] };
    expect(refused.files[0]!.problems.map((p) => p.code)).toContain('PZ-AFZENDER');
  });
});

describe('an upload while Temporal is unreachable', () => {
  it('answers 503 with Retry-After and a Dutch message, keeps the file it cannot confirm, and sends it once Temporal is back', async () => {
    const cutOff = await serveWithoutTemporal(system);
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    try {
      const response = await upload('iwmo', xml, undefined, cutOff.url);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await response.json()) as {
        status: string;
        message: string;
        files: { referentienummer: string | null; problems: { code: string }[] }[];
      };
      expect(body.status).toBe('partlySent');
      expect(body.message).toContain('tijdelijk niet beschikbaar');
      expect(body.message).toContain('niet verloren');
      // Temporal cannot say whether it took the start: the file stays, for a workflow that may read it.
      expect(body.files.map((f) => [f.referentienummer, f.problems.map((p) => p.code)])).toEqual([
        [null, ['PZ-SEND-UNKNOWN']],
      ]);
    } finally {
      await cutOff.close();
    }
    // Once its start is long over, Temporal (back) says no exchange exists: the identification is free.
    await system.db.db
      .update(messageFiles)
      .set({ createdAt: new Date(Date.now() - 60_000) })
      .where(eq(messageFiles.gemeentecode, '0363'));
    const retried = await upload('iwmo', xml);
    expect(retried.status).toBe(201);
    const sent = (await retried.json()) as { files: { referentienummer: string }[] };
    await waitForState(system.db, sent.files[0]!.referentienummer, 'afgerond');
  });
});
