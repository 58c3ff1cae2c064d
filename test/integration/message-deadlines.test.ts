import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storeMessageFile } from '../../db/queries/message-correlation.ts';
import { notifications } from '../../db/schema.ts';
import type { Deadlines, ExchangeInput } from '../../domain/message-exchange.ts';
import { submitUpload } from '../../usecases/upload.ts';
import { messageStartOptions, messageWorkflowId, messageWorkflowType } from '../../workflows/message/messages.ts';
import { PzState } from '../../workflows/search-attributes.ts';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { buildHeenbericht } from '../../gateways/simulators/chain-messages.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { commandDeps, freshIdentificatie, municipalActor, ownExample, waitForState } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { activeUser, AMSTERDAM, onlyRole, personIn, settingsFor, twoMunicipalities } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';

// Deadlines with short durations (workflow inputs, as in production but in milliseconds): a
// missing retour or answer marks the message overdue and tells the product's users once; what
// arrives late still closes the exchange. The chain simulator answers after 4 s here.
let system: AppSystem;
const AGB = '42420001';
const SHORT: Deadlines = { retour: { ms: 1000 }, antwoordOpVerzoek: { ms: 1500 }, declaratieAntwoord: { ms: 1500 } };
const iwmoUser = personIn(AMSTERDAM, 'termijn-iwmo');
const actor = municipalActor(iwmoUser, 'Amsterdam', ['iwmo']);

beforeAll(async () => {
  system = await startAppSystem({
    configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-deadline') },
    retourDelayMs: 4000,
  });
  const { gbA } = await twoMunicipalities(system.web);
  await activeUser(
    system.web,
    iwmoUser,
    settingsFor('Termijn', { email: 'termijn@amsterdam.example' }),
    gbA,
    onlyRole('iwmo', 'gebruiker'),
  );
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

/** Stores the file and starts its exchange with short deadlines, as web does with werkdagen. */
async function startExchange(
  exchange: Omit<ExchangeInput, 'fileId' | 'fileName' | 'sizeBytes' | 'receivedAt'>,
  xml: string,
  deadlines: Deadlines = SHORT,
): Promise<string> {
  const bytes = Buffer.from(xml);
  await storeMessageFile(system.db.db, {
    id: exchange.referentienummer,
    gemeentecode: exchange.gemeentecode,
    fileName: 'bericht.xml',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
  });
  await system.web.temporal.workflow.start(
    messageWorkflowType,
    messageStartOptions(system.web.config, {
      exchange: {
        ...exchange,
        fileId: exchange.referentienummer,
        fileName: 'bericht.xml',
        sizeBytes: bytes.byteLength,
        receivedAt: new Date().toISOString(),
      },
      deadlines,
    }),
  );
  return exchange.referentienummer;
}

const overdueNotices = (id: string) =>
  system.db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.kind, 'message_overdue'), eq(notifications.link, `/berichten/bericht/${id}`)));

it(
  'marks a WMO301 without retour overdue, notifies once, and completes when the late retour comes',
  { timeout: 60_000 },
  async () => {
    const { xml, identificatie } = ownExample('WMO301', '0363', { agb: AGB });
    const id = crypto.randomUUID();
    await startExchange(
      {
        referentienummer: id,
        gemeentecode: '0363',
        product: 'iwmo',
        messageCode: 'WMO301',
        direction: 'uit',
        identificatie,
        counterparty: AGB,
        uploadedBy: actor.userKey,
      },
      xml,
    );

    const late = await waitForState(system.db, id, 'te_laat');
    expect(late.dueAt!.getTime()).toBeLessThan(Date.now());
    await waitFor(
      'PzState te_laat in Temporal',
      async () =>
        (await system.web.temporal.workflow.getHandle(messageWorkflowId(id)).describe()).typedSearchAttributes.get(
          PzState,
        ) === 'te_laat',
    );
    const notice = await waitFor('the overdue notice', async () => (await overdueNotices(id))[0]);
    expect(notice).toMatchObject({ audience: '0363:iwmo', title: 'Geen retour op WMO301 binnen de termijn' });
    await waitFor('the overdue e-mail', () => system.sink.messages().some((m) => m.subject === notice.title));
    expect(
      system.sink
        .messages()
        .filter((m) => m.subject === notice.title)
        .map((m) => m.to),
    ).toEqual([['termijn@amsterdam.example']]);

    // The retour arrives after its deadline: the exchange still completes; nothing is notified again.
    await waitForState(system.db, id, 'afgerond', 20_000);
    expect(await overdueNotices(id)).toHaveLength(1);
  },
);

it(
  'ends a WMO301 that stays unanswered past its grace period as verlopen, tells the municipality once, and refuses the retour after that',
  { timeout: 60_000 },
  async () => {
    const { xml, identificatie } = ownExample('WMO301', '0363', { agb: AGB });
    const id = crypto.randomUUID();
    // Deadline 1 s, grace 1 s: verlopen after about 2 s, while the chain answers after 4 s.
    await startExchange(
      {
        referentienummer: id,
        gemeentecode: '0363',
        product: 'iwmo',
        messageCode: 'WMO301',
        direction: 'uit',
        identificatie,
        counterparty: AGB,
        uploadedBy: actor.userKey,
      },
      xml,
      { ...SHORT, grace: { ms: 1000 } },
    );

    await waitForState(system.db, id, 'verlopen');
    const handle = system.web.temporal.workflow.getHandle(messageWorkflowId(id));
    expect((await handle.result()).state).toBe('verlopen');
    expect((await handle.describe()).typedSearchAttributes.get(PzState)).toBe('verlopen');
    const expiredNotices = () =>
      system.db.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, 'message_expired'), eq(notifications.link, `/berichten/bericht/${id}`)));
    const [notice] = await expiredNotices();
    expect(notice).toMatchObject({ audience: '0363:iwmo', title: 'WMO301 verlopen: geen retour ontvangen' });
    await waitFor('the expiry e-mail', () => system.sink.messages().some((m) => m.subject === notice!.title));
    expect(await overdueNotices(id), 'the overdue notice came first, once').toHaveLength(1);

    // The chain's retour comes after the exchange ended: refused, and the message stays verlopen.
    const errorsBefore = system.chain.portalErrors().length;
    await waitFor('the late retour refused', () => system.chain.portalErrors().length > errorsBefore, {
      timeoutMs: 20_000,
    });
    expect(system.chain.portalErrors().at(-1)?.error).toContain('StUF058');
    expect((await waitForState(system.db, id, 'verlopen')).state).toBe('verlopen');
    expect(await expiredNotices()).toHaveLength(1);
  },
);

it(
  "tracks the municipality's own duty to answer an incoming WMO315: retour and 301/319 deadlines",
  { timeout: 60_000 },
  async () => {
    const identificatie = freshIdentificatie();
    const xml = buildHeenbericht({
      messageCode: 'WMO315',
      gemeentecode: '0363',
      agbCode: AGB,
      identificatie,
      referentieAanbieder: 'REF-TERMIJN',
    });
    const id = crypto.randomUUID();
    await startExchange(
      {
        referentienummer: id,
        gemeentecode: '0363',
        product: 'iwmo',
        messageCode: 'WMO315',
        direction: 'in',
        identificatie,
        counterparty: AGB,
        references: ['REF-TERMIJN'],
      },
      xml,
    );

    await waitForState(system.db, id, 'te_laat');
    await waitFor('both overdue notices', async () => ((await overdueNotices(id)).length === 2 ? true : undefined));

    // The municipality answers: the 316 retour, then a 301 naming the request's reference.
    const deps = commandDeps(system);
    const retour = buildRetour(xml, {
      dagtekening: new Date().toISOString().slice(0, 10),
      identificatieRetour: 'R316',
    });
    expect(
      (
        await submitUpload(
          deps,
          actor,
          'iwmo',
          { fileName: 'WMO316.xml', bytes: Buffer.from(retour) },
          { confirmFindings: false },
        )
      ).status,
    ).toBe('sent');
    const toewijzing = ownExample('WMO301', '0363', { agb: AGB }).xml.replace(
      /(<wmo301:ReferentieAanbieder>)[^<]*/,
      '$1REF-TERMIJN',
    );
    const sent = await submitUpload(
      deps,
      actor,
      'iwmo',
      { fileName: 'WMO301.xml', bytes: Buffer.from(toewijzing) },
      { confirmFindings: false },
    );
    expect(sent.status, JSON.stringify(sent.files)).toBe('sent');
    const answered = await waitForState(system.db, id, 'beantwoord', 20_000);
    expect(answered.answeredBy).toHaveLength(2);
    expect(answered.answeredBy).toContain(sent.files[0]!.referentienummer);
  },
);
