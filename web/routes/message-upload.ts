import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, RequestHandler, Response } from 'express';
import type { MunicipalActor } from '../../domain/actor.ts';
import { messageProductOf } from '../../domain/message-access.ts';
import { submitUpload, type SubmitOutcome } from '../../usecases/upload.ts';
import { messageWorkflowId } from '../../workflows/message/messages.ts';
import type { WebDeps } from '../deps.ts';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../../usecases/outage.ts';
import { hitEachRateLimit, ipRateLimitKey, waitText } from '../rate-limit.ts';
import { redirectWithFlash } from '../render.ts';
import type { AanleverenView } from '../views/messages-aanleveren.ts';
import { messagesPath } from '../views/message-parts.ts';

type RenderAanleveren = (req: Request, res: Response, extra: Partial<AanleverenView>, status: number) => Promise<void>;

/** The file as it arrives, streamed onwards. */
type Incoming = { fileName: string; stream: PassThrough; confirm: boolean };

/**
 * The deadline of one receipt: `onStop` hands over what breaks the receipt off (the timeout calls
 * it); `arrived` says every byte of the file is in, which ends the deadline.
 */
type Deadline = { onStop(stop: () => void): void; arrived(): void };

/** What a request carried: a file, or why there is none. */
type Received =
  { kind: 'file'; file: Incoming } | { kind: 'none'; reason: 'noFile' | 'noName' | 'unsupported' | 'unreadable' };

const MESSAGES = {
  noFile: 'Kies een bestand',
  noName: 'Geef de bestandsnaam mee in de header X-Bestandsnaam.',
  unsupported:
    'Lever een XML-bestand of een ZIP-bestand aan (multipart/form-data, application/xml of application/zip).',
  unreadable: 'Het verzoek kon niet worden gelezen. Er is niets verzonden.',
  unavailable: `Portaal Zorg is tijdelijk niet beschikbaar. Uw gegevens zijn niet verloren, maar dit bestand is niet verzonden. Probeer het over ongeveer ${OUTAGE_RETRY_AFTER_SECONDS} seconden opnieuw.`,
  partlyUnavailable: `Portaal Zorg is tijdelijk niet beschikbaar. Uw gegevens zijn niet verloren. Niet elk bericht is (zeker) verzonden: zie per bestand wat u opnieuw aanlevert, over ongeveer ${OUTAGE_RETRY_AFTER_SECONDS} seconden.`,
  partlyFailed:
    'Er ging iets mis bij het doorgeven. Niet elk bericht is (zeker) verzonden: zie per bestand wat u opnieuw aanlevert.',
  failed:
    'Er ging iets mis; er is niets verzonden. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de servicedesk.',
  tooMany: (retryAfterMs: number) =>
    `U heeft in korte tijd te veel bestanden aangeleverd. Er is niets verzonden. Probeer het over ${waitText(retryAfterMs)} opnieuw.`,
  timeout: (seconds: number) =>
    `Het aanleveren duurde langer dan ${seconds} seconden en is afgebroken. Er is niets verzonden. Probeer het opnieuw.`,
} as const;

/** How a software client tells the answers apart; anything else is a refusal of the request. */
const ANSWER_STATUS: Partial<Record<number, string>> = {
  500: 'error',
  503: 'unavailable',
  408: 'timeout',
  429: 'rate_limited',
};

const RAW_TYPES = ['application/xml', 'text/xml', 'application/zip', 'application/x-zip-compressed'];

/**
 * POST /berichten/:product/aanleveren: one .xml or .zip, from the browser form (multipart) or from
 * software (the raw file as body, its name in X-Bestandsnaam). The file is never buffered here:
 * its bytes stream into submitUpload as they arrive, which bounds size and memory itself.
 *
 * The receipt is bounded by UPLOAD_TIMEOUT_SECONDS: when the file has not fully arrived by then,
 * its stream is broken off (so submitUpload cannot have it complete and sends nothing) and the
 * answer is 408. The deadline ends when the last byte of the file is in: the checks (a 25 MB file
 * with thousands of findings) and the hand-over then run to their end and their outcome is shown.
 * Cutting them off could answer "nothing sent" for a file that was sent, and answering a checked
 * file with 408 would hide its findings.
 */
export function uploadHandler(deps: WebDeps, renderAanleveren: RenderAanleveren): RequestHandler {
  const seconds = deps.config.UPLOAD_TIMEOUT_SECONDS;
  const windowMs = deps.config.UPLOAD_RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const perUser = { attempts: deps.config.UPLOAD_RATE_LIMIT_PER_USER_ATTEMPTS, windowMs };
  const perAddress = { attempts: deps.config.UPLOAD_RATE_LIMIT_PER_IP_ATTEMPTS, windowMs };
  return async (req, res) => {
    const actor = res.locals.actor as MunicipalActor;
    const product = messageProductOf(req.params.product)!;
    const json = req.accepts(['html', 'json']) === 'json';

    // Before a byte of the file is read: a refused upload costs one statement, not a 25 MB receipt.
    const hit = await hitEachRateLimit(deps.db, [
      { keys: [`upload:user:${actor.userKey}`], limit: perUser },
      { keys: [ipRateLimitKey('upload', req.ip)], limit: perAddress },
    ]);
    if (!hit.allowed) {
      req.log.warn({ user: actor.userKey, attempts: hit.count }, 'uploads rate limited');
      res.set('Retry-After', String(Math.ceil(hit.retryAfterMs / 1000)));
      finishRequest(req);
      return await answerError(429, MESSAGES.tooMany(hit.retryAfterMs));
    }

    // True only when the deadline broke the receipt off: it is cleared once the file is in.
    let timedOut = false;
    let stopReceiving: () => void = () => {};
    const timer = setTimeout(() => {
      timedOut = true;
      stopReceiving();
    }, seconds * 1000);
    const deadline: Deadline = { onStop: (stop) => (stopReceiving = stop), arrived: () => clearTimeout(timer) };
    try {
      const received = await receive(req, deadline);
      if (received.kind === 'none') {
        if (timedOut) return await answerTimeout();
        return await answerError(
          received.reason === 'unreadable' ? 400 : received.reason === 'unsupported' ? 415 : 422,
          MESSAGES[received.reason],
        );
      }
      let outcome: SubmitOutcome;
      try {
        outcome = await submitUpload(
          deps,
          actor,
          product,
          { fileName: received.file.fileName, stream: received.file.stream },
          { confirmFindings: received.file.confirm },
        );
      } catch (err) {
        if (isDependencyOutage(err)) {
          // The error's code only: a driver's message may quote a query and its parameters.
          req.log.warn({ code: (err as { code?: unknown }).code, user: actor.userKey }, 'upload during an outage');
          res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
          return await answerError(503, MESSAGES.unavailable);
        }
        req.log.error({ err, user: actor.userKey }, 'upload failed');
        return await answerError(500, MESSAGES.failed);
      }
      // A timeout that broke the stream off cannot have led to 'sent'; if it did anyway, say what happened.
      if (timedOut && outcome.status !== 'sent' && outcome.status !== 'partlySent') return await answerTimeout();
      // The exchanges by workflow id, so ops can go from this line to Temporal UI; never the file names.
      const workflowIds = outcome.files.flatMap((f) =>
        f.referentienummer ? [messageWorkflowId(f.referentienummer)] : [],
      );
      req.log.info(
        { user: actor.userKey, status: outcome.status, files: outcome.files.length, workflowIds },
        'upload submitted',
      );
      await answerOutcome(outcome);
    } finally {
      clearTimeout(timer);
      finishRequest(req);
    }

    async function answerOutcome(outcome: SubmitOutcome): Promise<void> {
      if (outcome.status === 'partlySent') {
        // Some went out: the answer lists them, and says the rest is to be offered again.
        if (outcome.outage) res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
        const status = outcome.outage ? 503 : 500;
        const message = outcome.outage ? MESSAGES.partlyUnavailable : MESSAGES.partlyFailed;
        if (json) return void res.status(status).json({ ...outcomeJson(outcome), message });
        return await renderAanleveren(req, res, { outcome }, status);
      }
      const status = outcome.status === 'sent' ? 201 : 422;
      if (json) return void res.status(status).json(outcomeJson(outcome));
      if (outcome.status === 'sent') {
        const names = outcome.files.map((f) => f.name).join(', ');
        const flash =
          outcome.files.length === 1
            ? `Verzonden: ${names}.`
            : `${outcome.files.length} berichten verzonden: ${names}.`;
        return redirectWithFlash(req, res, messagesPath(product, 'aanleveren'), flash);
      }
      await renderAanleveren(req, res, { outcome }, 422);
    }

    async function answerError(status: number, message: string): Promise<void> {
      if (json)
        return void res.status(status).json({
          status: ANSWER_STATUS[status] ?? 'refused',
          message,
          files: [],
        });
      const extra = status === 422 && message === MESSAGES.noFile ? { fileError: message } : { formError: message };
      await renderAanleveren(req, res, extra, status);
    }

    async function answerTimeout(): Promise<void> {
      req.log.warn({ user: actor.userKey, seconds }, 'upload timed out');
      await answerError(408, MESSAGES.timeout(seconds));
    }
  };
}

function outcomeJson(outcome: SubmitOutcome) {
  return {
    status: outcome.status,
    files: outcome.files.map((f) => ({
      name: f.name,
      messageCode: f.messageCode ?? null,
      referentienummer: f.referentienummer ?? null,
      problems: f.problems,
      findings: f.findings,
    })),
  };
}

/**
 * Waits until the file starts (or the request ends without one) and hands over its stream.
 * `deadline.onStop` receives the function that breaks the receipt off (the timeout calls it).
 */
function receive(req: Request, deadline: Deadline): Promise<Received> {
  if (req.is('multipart/form-data')) return receiveMultipart(req, deadline);
  if (req.is(RAW_TYPES)) return receiveRaw(req, deadline);
  return Promise.resolve({ kind: 'none', reason: 'unsupported' });
}

/**
 * Pipes `source` into a stream of our own, which the timeout can break off without touching the
 * socket. Its end (every byte handed on) ends the deadline.
 */
function relay(source: Readable, deadline: Deadline): PassThrough {
  const stream = new PassThrough();
  // Whoever reads the stream sees its error; this listener only keeps an unread one from crashing the process.
  stream.on('error', () => {});
  let ended = false;
  source.once('end', () => {
    ended = true;
    deadline.arrived();
  });
  source.once('error', (err) => stream.destroy(err));
  source.pipe(stream);
  deadline.onStop(() => {
    if (ended) return;
    source.unpipe(stream);
    stream.destroy(new Error('upload timed out'));
  });
  return stream;
}

/** Software's upload: the body is the file, its name in X-Bestandsnaam (URL-encoded if not ASCII). */
function receiveRaw(req: Request, deadline: Deadline): Promise<Received> {
  const header = req.get('x-bestandsnaam')?.trim();
  if (!header) return Promise.resolve({ kind: 'none', reason: 'noName' });
  let fileName = header;
  try {
    fileName = decodeURIComponent(header);
  } catch {
    // Not URL-encoded: the name as sent.
  }
  const confirm = req.query.bevestig === 'ja' || req.get('x-bevestig') === 'ja';
  return Promise.resolve({ kind: 'file', file: { fileName, stream: relay(req, deadline), confirm } });
}

/**
 * The browser form. Fields and file arrive in form order; the form puts the checkbox `bevestig`
 * before the file, so its value is known when the file starts and the file can stream on at once
 * (collecting all fields first would mean holding the whole file). A `bevestig` after the file is
 * ignored: the upload is then treated as not confirmed, which never sends more than asked.
 */
function receiveMultipart(req: Request, deadline: Deadline): Promise<Received> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: Received) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 5, parts: 8, fieldNameSize: 50, fieldSize: 200, headerPairs: 20 },
      });
    } catch {
      return settle({ kind: 'none', reason: 'unreadable' });
    }
    let confirm = false;
    parser.on('field', (name, value) => {
      if (name === 'bevestig' && !settled) confirm = value !== '';
    });
    parser.on('file', (name, file, info) => {
      // An empty file input is sent as a part without a file name: that is "no file chosen".
      if (settled || name !== 'bestand' || !info.filename) return void file.resume();
      settle({ kind: 'file', file: { fileName: info.filename, stream: relay(file, deadline), confirm } });
    });
    parser.on('close', () => settle({ kind: 'none', reason: 'noFile' }));
    parser.on('error', (err) => {
      settle({ kind: 'none', reason: 'unreadable' });
      req.log.warn({ err }, 'upload unreadable');
    });
    // Before the file starts, the timeout ends the wait for it.
    deadline.onStop(() => {
      req.unpipe(parser);
      settle({ kind: 'none', reason: 'noFile' });
    });
    req.pipe(parser);
  });
}

/**
 * After the answer: a body not read to its end (a refused or broken-off upload) is drained, so the
 * browser gets to read the answer, but not forever: the socket closes when that takes too long.
 */
function finishRequest(req: Request): void {
  if (req.complete) return;
  req.unpipe();
  req.resume();
  const guard = setTimeout(() => req.socket.destroy(), 30_000);
  guard.unref();
  req.once('end', () => clearTimeout(guard));
}
