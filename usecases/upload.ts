import { createHash, randomUUID } from 'node:crypto';
import { appendAudit } from '../db/audit.ts';
import {
  ClaimTaken,
  discardMessageFile,
  isSentIdentificationUsed,
  storeMessageFiles,
  unrecordedClaimHolder,
  type StoredFile,
} from '../db/queries/message-correlation.ts';
import type { MunicipalActor } from '../domain/actor.ts';
import { claimOf } from '../domain/exchange-routing.ts';
import { heenOfRetour, roleOf } from '../domain/message-exchange.ts';
import { messageType, type MessageProduct } from '../domain/message-types.ts';
import { REFUSAL_CODES, type Finding } from '../domain/messages/findings.ts';
import { uploadProblem, type UploadProblem } from '../domain/upload/problems.ts';
import { PRODUCT_LABELS, type Product } from '../domain/user.ts';
import { checkUpload, type CheckedFile } from '../uploads/check-upload.ts';
import type { Validator } from '../validation/validator.ts';
import type { UseCaseDeps, ValidationMetrics } from './deps.ts';
import { awaitRecorded, exchangeExists, START_DEADLINE_MS, startExchange } from './exchanges.ts';
import { isDependencyOutage } from './outage.ts';
import { route, type Routed } from './upload-route.ts';
import { messageWorkflowId } from '../workflows/message/messages.ts';

/** An upload as it arrives: the browser form or the programmatic endpoint. */
export type UploadInput = { fileName: string } & ({ bytes: Uint8Array } | { stream: AsyncIterable<unknown> });

export type SubmittedFile = {
  name: string;
  messageCode?: string;
  /** File checks (Fo01 vocabulary): any problem refuses the file. */
  problems: UploadProblem[];
  /** Payload validation: XSD findings block; rule findings are shown and need confirmation. */
  findings: Finding[];
  /** The referentienummer of the exchange, when the file was sent. */
  referentienummer?: string;
};

/**
 * refused: nothing was sent (problems or XSD errors somewhere); needsConfirmation: only rule
 * findings, send again with `confirmFindings` to send anyway; sent: every file went to its
 * exchange workflow. An upload is all or nothing: one bad file in a ZIP sends none.
 * partlySent: the one exception, when Temporal failed (or went down) while the files of a checked
 * upload were being handed over one by one: the files with a referentienummer went out, the others
 * carry PZ-NOT-SENT and are to be offered again on their own; `outage` says whether trying again
 * later will do.
 */
export type SubmitOutcome =
  | { status: 'sent' | 'refused' | 'needsConfirmation'; files: SubmittedFile[] }
  | { status: 'partlySent'; files: SubmittedFile[]; outage: boolean };

export type SubmitOptions = { confirmFindings: boolean };

/** Findings that stop sending: the XSD, and anything that kept the file from being read. */
export const isBlocking = (f: Finding): boolean => f.code === 'XSD' || REFUSAL_CODES.has(f.code);

/** How long an upload waits for its message to be in the read model before answering anyway. */
const RECORDED_WAIT_MS = 5000;

/** The Gebruiker products of the actor, as far as they reach the page's product. */
function uploaderProducts(actor: MunicipalActor, product: MessageProduct): Product[] {
  const gebruiker = actor.roles.products.filter((r) => r.role === 'gebruiker').map((r) => r.product);
  return gebruiker.filter((p) => (product === 'ieb' ? p === 'iwmo' || p === 'ieb' : p === product));
}

/**
 * Aanleveren: the GGk's file checks, payload validation against the official
 * XSD and the single-message rules, routing; then, all or nothing, each file is stored and its
 * `msg/<referentienummer>` workflow started. A refused upload stores nothing but its audit row.
 */
export async function submitUpload(
  deps: UseCaseDeps,
  actor: MunicipalActor,
  product: MessageProduct,
  input: UploadInput,
  options: SubmitOptions,
): Promise<SubmitOutcome> {
  const { db } = deps;
  const gemeentecode = actor.gemeentecode;
  const check = await checkUpload({
    ...input,
    user: { gemeentecode, products: uploaderProducts(actor, product) },
    isIdentificationUsed: (afzender, identificatie, messageCode) =>
      isSentIdentificationUsed(db, afzender, messageCode, identificatie),
  });
  const files: (SubmittedFile & { checked: CheckedFile; routed?: Routed })[] = check.files.map((f) => ({
    name: f.name,
    ...(f.messageCode ? { messageCode: f.messageCode } : {}),
    problems: [...f.problems],
    findings: [],
    checked: f,
  }));

  // A file of another product belongs on that product's page (and its rights are checked there).
  for (const file of files) {
    const type = file.messageCode ? messageType(file.messageCode) : undefined;
    if (type && type.product !== product && file.problems.every((p) => p.code !== 'PZ-PRODUCT')) {
      file.problems.push(
        uploadProblem(
          'PZ-OTHER-PRODUCT',
          `${file.messageCode} hoort bij ${PRODUCT_LABELS[type.product]}; lever het aan via die pagina.`,
        ),
      );
    }
  }

  if (files.every((f) => f.problems.length === 0) && files.length > 0) {
    await validate(deps.validator, files, deps.metrics);
    for (const file of files) {
      if (file.problems.length > 0 || file.findings.some(isBlocking)) continue;
      const routed = await route(db, gemeentecode, file.checked);
      if ('code' in routed) file.problems.push(routed);
      else file.routed = routed;
    }
  }

  const submitted = (): SubmittedFile[] => files.map(({ checked: _c, routed: _r, ...f }) => f);
  const result = (status: 'sent' | 'refused' | 'needsConfirmation'): SubmitOutcome => ({ status, files: submitted() });
  const refuse = async (): Promise<SubmitOutcome> => {
    await appendAudit(db, {
      event: 'message_upload_refused',
      actor: actor.userKey,
      organisation: gemeentecode,
      details: {
        product,
        files: files.length,
        codes: [
          ...new Set(
            files.flatMap((f) => [
              ...f.problems.map((p) => p.code),
              ...f.findings.filter(isBlocking).map((x) => x.code),
            ]),
          ),
        ].join(','),
      },
    });
    return result('refused');
  };
  if (files.length === 0 || files.some((f) => f.problems.length > 0 || f.findings.some(isBlocking))) return refuse();
  if (files.some((f) => f.findings.length > 0) && !options.confirmFindings) return result('needsConfirmation');

  // All files are stored together, each claiming its identification: a racing upload of the same
  // message loses here, before anything is sent.
  const stored = files.map((file) => ({ file, stored: toStoredFile(actor.gemeentecode, file.checked, file.routed!) }));
  const taken = await storeClaiming(
    deps,
    actor.gemeentecode,
    stored.map((s) => s.stored),
  );
  if (taken) {
    const loser = stored.find((s) => s.stored.claim === taken.claim)?.file ?? files[0]!;
    loser.problems.push(taken.unconfirmed ? uploadProblem('PZ-SEND-PENDING') : claimProblem(loser.checked));
    return refuse();
  }
  for (const [index, { file, stored: storedFile }] of stored.entries()) {
    try {
      await start(deps, actor, file.checked, file.routed!, storedFile);
    } catch (err) {
      // A start can fail after Temporal took it: then the message is on its way all the same.
      const started = await exchangeExists(deps.temporal, messageWorkflowId(storedFile.id));
      if (started) {
        file.referentienummer = storedFile.id;
        continue;
      }
      // Files whose workflow surely never started release their claims, so they can be offered
      // again; a file that may have started keeps its file and claim (its workflow reads them).
      const notStarted = stored.slice(started === false ? index : index + 1);
      for (const rest of notStarted) await discardMessageFile(db, rest.stored.id).catch(() => undefined);
      if (index === 0 && started === false) throw err;
      // Some are out (or may be) and cannot be called back: say which, so only the others are offered again.
      const outage = isDependencyOutage(err);
      deps.logger.warn(
        {
          sent: index,
          uncertain: started === undefined ? 1 : 0,
          notSent: notStarted.length,
          outage,
          error: err instanceof Error ? err.name : 'unknown',
        },
        'upload handed over in part',
      );
      if (started === undefined) file.problems.push(uploadProblem('PZ-SEND-UNKNOWN'));
      for (const rest of notStarted) rest.file.problems.push(uploadProblem('PZ-NOT-SENT'));
      return { status: 'partlySent', outage, files: submitted() };
    }
    file.referentienummer = storedFile.id;
  }
  return result('sent');
}

/** A stored file whose start ended this long ago without an exchange has none for good. */
const ORPHAN_AFTER_MS = START_DEADLINE_MS + 10_000;

/** Another file holds the claim; `unconfirmed`: its exchange may still be starting (or not at all). */
type ClaimHeld = { claim: string; unconfirmed: boolean };

/**
 * Stores the files, each claiming its identification: a racing upload of the same message loses
 * here, before anything is sent. Returns the claim another file holds, if one does. A claim held
 * by an orphan (a file whose exchange never started: no read-model row, no workflow, its start
 * long over) is released once, so a message whose hand-over failed can be offered again.
 */
async function storeClaiming(
  deps: UseCaseDeps,
  gemeentecode: string,
  files: StoredFile[],
): Promise<ClaimHeld | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      await storeMessageFiles(deps.db, files);
      return undefined;
    } catch (err) {
      if (!(err instanceof ClaimTaken)) throw err;
      const holder = await claimHolder(deps, gemeentecode, err.claim);
      if (holder === 'orphan' && attempt === 0) continue;
      return { claim: err.claim, unconfirmed: holder !== 'exchange' };
    }
  }
}

/** Who holds a claim: an exchange, a file that may still be starting one, or an orphan (now released). */
async function claimHolder(
  deps: UseCaseDeps,
  gemeentecode: string,
  claim: string,
): Promise<'exchange' | 'starting' | 'orphan'> {
  const holder = await unrecordedClaimHolder(deps.db, { gemeentecode, claim });
  if (!holder) return 'exchange';
  const workflowId = messageWorkflowId(holder.id);
  const exists = await exchangeExists(deps.temporal, workflowId);
  // A workflow that the worker has not yet recorded (a worker away) holds the claim rightly.
  if (exists) return 'exchange';
  // A young file's start may still be under way (a racing upload): no verdict yet.
  if (exists === undefined || Date.now() - holder.createdAt.getTime() < ORPHAN_AFTER_MS) return 'starting';
  deps.logger.warn({ workflowId }, 'claim of a file whose exchange never started released');
  await discardMessageFile(deps.db, holder.id);
  return 'orphan';
}

/** Why a file lost its claim: its retour was already sent, or its identification already used. */
function claimProblem(file: CheckedFile): UploadProblem {
  const code = file.messageCode!;
  return roleOf(code) === 'retour'
    ? uploadProblem(
        'PZ-ANSWERED',
        `Op de ${heenOfRetour(code)} met identificatie ${file.identificatie} is al een ${code} verstuurd.`,
      )
    : uploadProblem('PZ-DUPLICATE-ID', `Identificatie ${file.identificatie ?? ''} is al eerder gebruikt.`);
}

function toStoredFile(gemeentecode: string, file: CheckedFile, routed: Routed): StoredFile {
  const bytes = file.xml!;
  return {
    id: randomUUID(),
    gemeentecode,
    fileName: file.name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    claim: claimOf({
      messageCode: file.messageCode!,
      direction: 'uit',
      counterparty: routed.counterparty,
      identificatie: file.identificatie!,
    })!,
  };
}

/** XSD and single-message rules for iWmo/iJw files; iEb has no public XSD and is sent on the file checks. */
async function validate(
  validator: Validator | undefined,
  files: (SubmittedFile & { checked: CheckedFile })[],
  metrics?: ValidationMetrics,
): Promise<void> {
  const payloads = files.filter((f) => messageType(f.messageCode ?? '')?.product !== 'ieb');
  if (payloads.length === 0) return;
  if (!validator) {
    for (const file of payloads) file.problems.push(uploadProblem('PZ-NO-SCHEMA'));
    return;
  }
  const started = performance.now();
  const results = await validator.validate(payloads.map((f) => ({ name: f.name, bytes: f.checked.xml! })));
  metrics?.observeValidation((performance.now() - started) / 1000, payloads.length);
  results.forEach((r, i) => payloads[i]!.findings.push(...r.findings));
}

async function start(
  { temporal, config }: UseCaseDeps,
  actor: MunicipalActor,
  file: CheckedFile,
  routed: Routed,
  stored: StoredFile,
): Promise<void> {
  const code = file.messageCode!;
  const handle = await startExchange(temporal, config, {
    referentienummer: stored.id,
    gemeentecode: actor.gemeentecode,
    product: messageType(code)!.product,
    messageCode: code,
    direction: 'uit',
    identificatie: file.identificatie!,
    counterparty: routed.counterparty,
    fileId: stored.id,
    fileName: file.name,
    sizeBytes: stored.bytes.byteLength,
    receivedAt: new Date().toISOString(),
    uploadedBy: actor.userKey,
    ...(file.references ? { references: file.references } : {}),
    ...(routed.answers ? { answers: routed.answers } : {}),
  });
  // Sent either way; waiting a moment for the read model lets the next page list the message.
  await awaitRecorded(temporal, handle, RECORDED_WAIT_MS);
}
