import { and, count, eq } from 'drizzle-orm';
import { Worker } from '@temporalio/worker';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../temporal/connection.ts';
import { unrecordedClaimHolder } from '../../db/queries/message-correlation.ts';
import { auditEvents, messageFiles, messages } from '../../db/schema.ts';
import { buildRetour } from '../../domain/messages/retour-build.ts';
import { REJECT_MARKER } from '../../gateways/simulators/chain-answers.ts';
import { submitUpload } from '../../usecases/upload.ts';
import type { WebDeps } from '../../web/deps.ts';
import { exchangeStateQuery, messageWorkflowId } from '../../workflows/message/messages.ts';
import { PzDueAt, PzKind, PzMessageCode, PzOrganisation, PzState } from '../../workflows/search-attributes.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptedZip } from '../fixtures/upload/encrypted-zip.ts';
import { FIXTURES } from '../fixtures/upload/messages.ts';
import { claimSize, zerosZip, zip } from '../fixtures/upload/zip-builders.ts';
import { startAppSystem, type AppSystem } from '../helpers/app-system.ts';
import { commandDeps, messageRow, municipalActor, ownExample, waitForState } from '../helpers/messages.ts';
import { isolatedNamespace } from '../helpers/namespace.ts';
import { AMSTERDAM, twoMunicipalities } from '../helpers/users.ts';
import { waitFor } from '../helpers/wait.ts';

// Upload → routed through VECOZO (the chain simulator) → retour through the inbound endpoint →
// completed; with the real worker, Temporal, PostgreSQL and the official XSDs.
let system: AppSystem;
let deps: WebDeps;
const AGB = '42420001';
const actor = municipalActor({ ...AMSTERDAM, subject: 'gebruiker-iwmo' }, 'Amsterdam', ['iwmo', 'ijw']);

beforeAll(async () => {
  system = await startAppSystem({ configOverrides: { TEMPORAL_NAMESPACE: await isolatedNamespace('pz-msg') } });
  await twoMunicipalities(system.web);
  deps = commandDeps(system);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const upload = (fileName: string, xml: string, confirmFindings = false) =>
  submitUpload(
    deps,
    actor,
    fileName.startsWith('JW') ? 'ijw' : 'iwmo',
    { fileName, bytes: Buffer.from(xml) },
    { confirmFindings },
  );

/** The app's client with workflow-client interceptors: the real connection, calls failing as the test says. */
const clientWith = (interceptor: WorkflowClientInterceptor) =>
  new Client({
    connection: system.web.temporal.connection,
    namespace: system.web.config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(system.web.config),
    interceptors: { workflow: [interceptor] },
  });

const fileCount = async () => (await system.db.db.select({ n: count() }).from(messageFiles))[0]!.n;

describe('an outgoing WMO301', () => {
  it('is delivered once in a Di01, answered by a WMO302 and completed', async () => {
    const { xml, identificatie } = ownExample('WMO301', '0363', { agb: AGB });
    const outcome = await upload('WMO301.xml', xml);
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    const id = outcome.files[0]!.referentienummer!;

    const done = await waitForState(system.db, id, 'afgerond');
    expect(done).toMatchObject({
      messageCode: 'WMO301',
      direction: 'uit',
      role: 'heen',
      identificatie,
      counterparty: AGB,
      uploadedBy: actor.userKey,
    });
    expect(done.answeredBy).toHaveLength(1);
    expect(system.chain.deliveryCount(id)).toBe(1);
    const [delivery] = system.chain.deliveries({ referentienummer: id });
    expect(delivery).toMatchObject({ party: 'VECOZO', functie: 'WMO301' });

    const [retour] = await system.db.db.select().from(messages).where(eq(messages.id, done.answeredBy[0]!));
    expect(retour).toMatchObject({
      messageCode: 'WMO302',
      direction: 'in',
      role: 'retour',
      workflowId: messageWorkflowId(id),
      state: 'ontvangen',
      identificatie,
    });
    expect(retour!.retourCodes!.every((k) => k.codes.every((c) => c === '0200'))).toBe(true);

    // Ops see it in Temporal with codes only.
    const handle = system.web.temporal.workflow.getHandle(messageWorkflowId(id));
    // Visibility is updated with the workflow task; wait for it rather than assume it.
    const description = await waitFor('PzState afgerond in Temporal', async () => {
      const d = await handle.describe();
      return d.typedSearchAttributes.get(PzState) === 'afgerond' ? d : undefined;
    });
    expect(description.typedSearchAttributes.get(PzKind)).toBe('message');
    expect(description.typedSearchAttributes.get(PzOrganisation)).toBe('0363');
    expect(description.typedSearchAttributes.get(PzMessageCode)).toBe('WMO301');
    expect(description.typedSearchAttributes.get(PzState)).toBe('afgerond');
    expect(description.typedSearchAttributes.get(PzDueAt)).toBeUndefined();
    expect((await handle.query(exchangeStateQuery)).state).toBe('afgerond');
    // Payloads carry references, never the file: the raw history does not contain the BSN.
    const history = await handle.fetchHistory();
    expect(Buffer.from(JSON.stringify(history)).includes('999900006')).toBe(false);
    // The recorded conversation (start, delivery, signal, Update, saves) replays deterministically.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverter(system.web.config) },
      history,
    );
  });

  it('shows the retourcodes of a rejecting WMO302 and ends afgekeurd', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB, marker: REJECT_MARKER });
    const outcome = await upload('WMO301-afkeur.xml', xml);
    const id = outcome.files[0]!.referentienummer!;
    const row = await waitForState(system.db, id, 'afgekeurd');
    expect(row.retourCodes!.flatMap((k) => k.codes)).toContain('9332');
  });

  it('refuses a second upload with the same identification and stores nothing', async () => {
    const { xml, identificatie } = ownExample('WMO301', '0363', { agb: AGB });
    const first = await upload('eerste.xml', xml);
    expect(first.status).toBe('sent');
    await waitFor('the first exchange in the read model', () =>
      messageRow(system.db, first.files[0]!.referentienummer!),
    );
    const before = await fileCount();
    const second = await upload('tweede.xml', xml);
    expect(second.status).toBe('refused');
    expect(second.files[0]!.problems.map((p) => p.code)).toEqual(['PZ-DUPLICATE-ID']);
    expect(second.files[0]!.problems[0]!.detail).toContain(identificatie);
    expect(await fileCount()).toBe(before);
    const refusals = await system.db.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'message_upload_refused'), eq(auditEvents.organisation, '0363')));
    expect(refusals.some((r) => String(r.details.codes).includes('PZ-DUPLICATE-ID'))).toBe(true);
  });

  it('sends only one of two uploads of the same message racing each other', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const outcomes = await Promise.all([
      upload('eerste.xml', xml),
      upload('tweede.xml', xml),
      upload('derde.xml', xml),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['refused', 'refused', 'sent']);
    // The losers are told "already used", or, while the winner's start is still under way, to wait.
    for (const refused of outcomes.filter((o) => o.status === 'refused'))
      expect(refused.files[0]!.problems.map((p) => p.code)).toSatisfy(
        (codes: string[]) => codes.length === 1 && ['PZ-DUPLICATE-ID', 'PZ-SEND-PENDING'].includes(codes[0]!),
      );
    const sent = outcomes.find((o) => o.status === 'sent')!;
    await waitForState(system.db, sent.files[0]!.referentienummer!, 'afgerond');
  });

  it('waits while VECOZO is down and delivers exactly once when it is back', async () => {
    system.chain.failNext('VECOZO', 2, 'unavailable');
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const id = (await upload('WMO301-storing.xml', xml)).files[0]!.referentienummer!;
    await waitForState(system.db, id, 'afgerond', 60_000);
    expect(system.chain.deliveryCount(id)).toBe(1);
    expect(system.chain.deliveries({ referentienummer: id })).toHaveLength(1);
  });

  it('marks a message the chain refuses as niet afgeleverd, without retrying', async () => {
    system.chain.failNext('VECOZO', 1, 'refuse');
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const id = (await upload('WMO301-geweigerd.xml', xml)).files[0]!.referentienummer!;
    await waitForState(system.db, id, 'niet_afgeleverd');
    expect(system.chain.deliveryCount(id)).toBe(0);
  });

  it('is sent while no worker is there, and keeps its file for the worker that comes', async () => {
    // A task queue no worker polls: the upload waits its moment for the read model, then answers.
    const away = {
      ...deps,
      config: { ...deps.config, TEMPORAL_TASK_QUEUE: `${deps.config.TEMPORAL_TASK_QUEUE}-geen-worker` },
    };
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const outcome = await submitUpload(
      away,
      actor,
      'iwmo',
      { fileName: 'WMO301.xml', bytes: Buffer.from(xml) },
      { confirmFindings: false },
    );
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    const id = outcome.files[0]!.referentienummer!;
    const handle = system.web.temporal.workflow.getHandle(messageWorkflowId(id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(
      await system.db.db.select({ id: messageFiles.id }).from(messageFiles).where(eq(messageFiles.id, id)),
    ).toHaveLength(1);
    await handle.terminate('test: geen worker op deze taakwachtrij');
  });

  it('refuses an XSD-invalid file and sends nothing', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const before = await fileCount();
    const outcome = await upload('kapot.xml', xml.replace(/<wmo301:Geslacht>[^<]*<\/wmo301:Geslacht>/, ''));
    expect(outcome.status).toBe('refused');
    expect(outcome.files[0]!.findings.map((f) => f.code)).toContain('XSD');
    expect(await fileCount()).toBe(before);
  });

  it('asks for confirmation of rule findings, then sends', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const badBsn = xml.replace('999900006', '123456789');
    const first = await upload('bsn.xml', badBsn);
    expect(first.status).toBe('needsConfirmation');
    expect(first.files[0]!.findings.map((f) => f.code)).toContain('CS002');
    const confirmed = await upload('bsn.xml', badBsn, true);
    expect(confirmed.status).toBe('sent');
  });
});

describe('a ZIP of messages', () => {
  it('sends every message of a valid ZIP, each as its own exchange', async () => {
    const files = {
      'een.xml': Buffer.from(ownExample('WMO301', '0363', { agb: AGB }).xml),
      'twee.xml': Buffer.from(ownExample('WMO301', '0363', { agb: '42420002' }).xml),
    };
    const outcome = await submitUpload(
      deps,
      actor,
      'iwmo',
      { fileName: 'berichten.zip', bytes: zip(files) },
      { confirmFindings: false },
    );
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    expect(outcome.files.map((f) => f.name)).toEqual(['een.xml', 'twee.xml']);
    const [a, b] = outcome.files.map((f) => f.referentienummer!);
    expect(a).not.toBe(b);
    await Promise.all([waitForState(system.db, a!, 'afgerond'), waitForState(system.db, b!, 'afgerond')]);
  });

  it('says which messages went out when Temporal fails during the hand-over, and releases the others for a new upload', async () => {
    // The real client and server; the second start is refused as an unreachable frontend would refuse it.
    let starts = 0;
    const failing = new Client({
      connection: system.web.temporal.connection,
      namespace: system.web.config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverter(system.web.config),
      interceptors: {
        workflow: [
          {
            start: (input, next) =>
              ++starts === 2
                ? Promise.reject(Object.assign(new Error('14 UNAVAILABLE: frontend gone'), { code: 14 }))
                : next(input),
          },
        ],
      },
    });
    const messages = ['een', 'twee', 'drie'].map((name) => ({
      name: `${name}.xml`,
      xml: Buffer.from(ownExample('WMO301', '0363', { agb: AGB }).xml),
    }));
    const before = await fileCount();
    const outcome = await submitUpload(
      { ...deps, temporal: failing },
      actor,
      'iwmo',
      { fileName: 'drie.zip', bytes: zip(Object.fromEntries(messages.map((m) => [m.name, m.xml]))) },
      { confirmFindings: false },
    );
    expect(outcome).toMatchObject({ status: 'partlySent', outage: true });
    const [first, ...rest] = outcome.files;
    expect(first?.referentienummer).toBeDefined();
    for (const file of rest) {
      expect(file.referentienummer, file.name).toBeUndefined();
      expect(
        file.problems.map((p) => p.code),
        file.name,
      ).toEqual(['PZ-NOT-SENT']);
    }
    expect(await fileCount()).toBe(before + 1);
    await waitForState(system.db, first!.referentienummer!, 'afgerond');
    // What was not sent goes out on its own, without being refused as a duplicate.
    const again = await submitUpload(
      deps,
      actor,
      'iwmo',
      { fileName: 'rest.zip', bytes: zip(Object.fromEntries(messages.slice(1).map((m) => [m.name, m.xml]))) },
      { confirmFindings: false },
    );
    expect(again.status, JSON.stringify(again.files)).toBe('sent');
    // Their retours are stored as they arrive: the next test counts files.
    await Promise.all(again.files.map((f) => waitForState(system.db, f.referentienummer!, 'afgerond')));
  });

  it('counts a start that Temporal took but whose answer was lost as sent', async () => {
    // The start reaches the real server; its answer is then lost as a timed-out call loses it.
    const answerLost = clientWith({
      start: async (input, next) => {
        await next(input);
        throw Object.assign(new Error('4 DEADLINE_EXCEEDED: answer lost'), { code: 4 });
      },
    });
    const before = await fileCount();
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const outcome = await submitUpload(
      { ...deps, temporal: answerLost },
      actor,
      'iwmo',
      { fileName: 'verloren-antwoord.xml', bytes: Buffer.from(xml) },
      { confirmFindings: false },
    );
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    const id = outcome.files[0]!.referentienummer!;
    expect(await fileCount()).toBe(before + 1);
    await waitForState(system.db, id, 'afgerond');
  });

  it('keeps a file whose start Temporal cannot confirm, says so, and lets it be offered again once it surely never started', async () => {
    // Start and describe both fail as an unreachable frontend fails them: whether the start was taken is unknown.
    const unreachable = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: frontend gone'), { code: 14 }));
    const blind = clientWith({ start: unreachable, describe: unreachable });
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const before = await fileCount();
    const outcome = await submitUpload(
      { ...deps, temporal: blind },
      actor,
      'iwmo',
      { fileName: 'onzeker.xml', bytes: Buffer.from(xml) },
      { confirmFindings: false },
    );
    expect(outcome).toMatchObject({ status: 'partlySent', outage: true });
    expect(outcome.files[0]!.referentienummer).toBeUndefined();
    expect(outcome.files[0]!.problems.map((p) => p.code)).toEqual(['PZ-SEND-UNKNOWN']);
    // Its workflow may run and read the file: the file stays, and with it the claim on the identification.
    expect(await fileCount()).toBe(before + 1);
    const again = () =>
      submitUpload(
        deps,
        actor,
        'iwmo',
        { fileName: 'opnieuw.xml', bytes: Buffer.from(xml) },
        { confirmFindings: false },
      );
    const refused = await again();
    expect(refused.status).toBe('refused');
    // Too soon to tell an orphan from a start still under way: wait, rather than "already used".
    expect(refused.files[0]!.problems.map((p) => p.code)).toEqual(['PZ-SEND-PENDING']);

    // Once its start is long over with no workflow and no read-model row, the claim is an orphan's.
    const [orphan] = await system.db.db
      .select({ id: messageFiles.id })
      .from(messageFiles)
      .where(eq(messageFiles.fileName, 'onzeker.xml'));
    await system.db.db
      .update(messageFiles)
      .set({ createdAt: new Date(Date.now() - 60_000) })
      .where(eq(messageFiles.id, orphan!.id));
    const resent = await again();
    expect(resent.status, JSON.stringify(resent.files)).toBe('sent');
    expect(await fileCount()).toBe(before + 1);
    await waitForState(system.db, resent.files[0]!.referentienummer!, 'afgerond');
  });

  it('never takes a claim of a message that was sent for an orphan, however old', async () => {
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const first = await upload('eerder.xml', xml);
    expect(first.status).toBe('sent');
    const id = first.files[0]!.referentienummer!;
    await waitForState(system.db, id, 'afgerond');
    const [file] = await system.db.db
      .update(messageFiles)
      .set({ createdAt: new Date(Date.now() - 86_400_000) })
      .where(eq(messageFiles.id, id))
      .returning({ claim: messageFiles.claim });
    // Its workflow history may be gone after the retention period; its read-model row never is.
    const holder = { gemeentecode: '0363', claim: file!.claim! };
    expect(await unrecordedClaimHolder(system.db.db, holder)).toBeUndefined();
    await system.db.db.delete(messages).where(eq(messages.id, id));
    expect((await unrecordedClaimHolder(system.db.db, holder))?.id).toBe(id);
  });

  it('sends nothing when one message of the ZIP is refused', async () => {
    const before = await fileCount();
    const good = Buffer.from(ownExample('WMO301', '0363', { agb: AGB }).xml);
    const outcome = await submitUpload(
      deps,
      actor,
      'iwmo',
      { fileName: 'half.zip', bytes: zip({ 'goed.xml': good, 'fout.xml': Buffer.from('<geen-xml') }) },
      { confirmFindings: false },
    );
    expect(outcome.status).toBe('refused');
    expect(outcome.files.find((f) => f.name === 'fout.xml')!.problems.map((p) => p.code)).toEqual(['PZ-XML']);
    expect(await fileCount()).toBe(before);
  });
});

describe('an iEb WMO405', () => {
  it('goes to the CAK and is completed by its WMO406', async () => {
    const identificatie = `IEB${Date.now().toString(36).slice(-7)}`;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<wmo405:Bericht xmlns:ieb="http://www.istandaarden.nl/ieb/1_0/basisschema/schema" xmlns:wmo405="http://www.istandaarden.nl/ieb/1_0/wmo405/schema">',
      '<wmo405:Header><wmo405:BerichtCode>405</wmo405:BerichtCode><wmo405:BerichtVersie>1</wmo405:BerichtVersie><wmo405:BerichtSubversie>0</wmo405:BerichtSubversie>',
      `<wmo405:Afzender>0363</wmo405:Afzender><wmo405:Ontvanger>CAK</wmo405:Ontvanger>`,
      `<wmo405:BerichtIdentificatie><ieb:Identificatie>${identificatie}</ieb:Identificatie><ieb:Dagtekening>2026-11-27</ieb:Dagtekening></wmo405:BerichtIdentificatie>`,
      '<wmo405:XsdVersie><ieb:BasisschemaXsdVersie>1.0.0</ieb:BasisschemaXsdVersie><ieb:BerichtXsdVersie>1.0.0</ieb:BerichtXsdVersie></wmo405:XsdVersie>',
      '</wmo405:Header></wmo405:Bericht>',
    ].join('\n');
    const outcome = await submitUpload(
      deps,
      actor,
      'ieb',
      { fileName: 'WMO405.xml', bytes: Buffer.from(xml) },
      { confirmFindings: false },
    );
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    const id = outcome.files[0]!.referentienummer!;
    const done = await waitForState(system.db, id, 'afgerond');
    expect(done).toMatchObject({ product: 'ieb', counterparty: 'CAK', messageCode: 'WMO405' });
    expect(system.chain.deliveries({ referentienummer: id })).toEqual([
      expect.objectContaining({ party: 'CAK', functie: 'WMO405' }),
    ]);
    const [retour] = await system.db.db.select().from(messages).where(eq(messages.id, done.answeredBy[0]!));
    expect(retour).toMatchObject({ messageCode: 'WMO406', direction: 'in', role: 'retour' });
  });
});

describe('an incoming WMO305', () => {
  it('is to be answered, and the uploaded WMO306 closes it', async () => {
    const sent = await system.chain.send({ messageCode: 'WMO305', gemeentecode: '0363', agbCode: AGB });
    const heen = await waitForState(system.db, sent.referentienummer, 'te_beantwoorden');
    expect(heen).toMatchObject({ direction: 'in', role: 'heen', counterparty: AGB, identificatie: sent.identificatie });
    expect(heen.dueAt).toBeInstanceOf(Date);

    const retour = buildRetour(sent.xml, {
      dagtekening: new Date().toISOString().slice(0, 10),
      identificatieRetour: 'RET306',
    });
    const outcome = await upload('WMO306.xml', retour);
    expect(outcome.status, JSON.stringify(outcome.files)).toBe('sent');
    const answerId = outcome.files[0]!.referentienummer!;
    await waitForState(system.db, sent.referentienummer, 'beantwoord');
    expect(await waitForState(system.db, answerId, 'afgerond')).toMatchObject({
      messageCode: 'WMO306',
      direction: 'uit',
      role: 'retour',
    });
    // The 306 went as a Du01 referring to the 305's envelope.
    const [delivery] = system.chain.deliveries({ referentienummer: answerId });
    expect(delivery).toMatchObject({ functie: 'WMO306' });

    const again = await upload(
      'WMO306-nogmaals.xml',
      buildRetour(sent.xml, { dagtekening: new Date().toISOString().slice(0, 10), identificatieRetour: 'RET306B' }),
    );
    expect(again.status).toBe('refused');
    expect(again.files[0]!.problems.map((p) => p.code)).toEqual(['PZ-ANSWERED']);
  });

  it('refuses a WMO306 that answers nothing the municipality received', async () => {
    const sent = ownExample('WMO305', '0363');
    const orphan = buildRetour(
      sent.xml.replace(/(<wmo305:Afzender>)[^<]*/, `$1${AGB}`).replace(/(<wmo305:Ontvanger>)[^<]*/, '$10363'),
      {
        dagtekening: new Date().toISOString().slice(0, 10),
        identificatieRetour: 'RET1',
      },
    );
    const outcome = await upload('WMO306.xml', orphan);
    expect(outcome.status).toBe('refused');
    expect(outcome.files[0]!.problems.map((p) => p.code)).toEqual(['PZ-NO-HEEN']);
  });
});

describe('hostile files through the whole upload path', () => {
  it.each([
    ['XXE', 'xxe.xml', () => readFileSync(join(FIXTURES, 'xxe-etc-passwd.xml')), 'PZ-DTD'],
    ['billion laughs', 'lol.xml', () => readFileSync(join(FIXTURES, 'billion-laughs.xml')), 'PZ-DTD'],
    ['a ZIP bomb whose header lies', 'bom.zip', () => claimSize(zerosZip('WMO301.xml', 128), 24_000_000), 'IB901'],
    ['a ZIP bomb (29 KB to 30 MB)', 'bom30.zip', () => zerosZip('WMO301.xml', 30), 'IB904'],
    [
      'an encrypted ZIP',
      'geheim.zip',
      () => encryptedZip('WMO301.xml', Buffer.from(ownExample('WMO301', '0363', { agb: AGB }).xml), 'geheim'),
      'IB903',
    ],
  ])('refuses %s clearly, stores nothing, and the system keeps working', async (_name, fileName, bytes, code) => {
    const before = await fileCount();
    const outcome = await submitUpload(deps, actor, 'iwmo', { fileName, bytes: bytes() }, { confirmFindings: true });
    expect(outcome.status).toBe('refused');
    expect(outcome.files.flatMap((f) => f.problems.map((p) => p.code))).toContain(code);
    expect(await fileCount()).toBe(before);
    // The worker still runs exchanges.
    const { xml } = ownExample('WMO301', '0363', { agb: AGB });
    const sent = await upload('WMO301-daarna.xml', xml);
    await waitForState(system.db, sent.files[0]!.referentienummer!, 'afgerond');
  });
});
