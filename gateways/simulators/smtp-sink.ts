import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { Router } from 'express';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../../html.ts';

/** One message as the sink received it. Envelope addresses, so Bcc recipients show up too. */
export type ReceivedMail = {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
};

export type SmtpSink = {
  port: number;
  url: string;
  /** Oldest first. */
  messages(): ReceivedMail[];
  /** Resolves with all messages once at least `count` are held; rejects after `timeoutMs`. */
  waitForCount(count: number, options?: { timeoutMs?: number }): Promise<ReceivedMail[]>;
  clear(): void;
  stop(): Promise<void>;
};

const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * A dev/test SMTP server that accepts every message and keeps the last `maxMessages` in memory
 * (so a long dev session cannot grow without bound). Listens on loopback only, no TLS, no AUTH:
 * it never relays anything and must not be exposed.
 */
export async function startSmtpSink(
  options: { port?: number; host?: '127.0.0.1'; maxMessages?: number } = {},
): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 500;
  let received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    banner: 'Portaal Zorg SMTP-sink (ontwikkeling)',
    size: MAX_MESSAGE_BYTES,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) return callback(Object.assign(new Error('Bericht te groot'), { responseCode: 552 }));
          const mailFrom = session.envelope.mailFrom;
          received.push({
            messageId: parsed.messageId ?? '',
            from: mailFrom ? mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            receivedAt: new Date().toISOString(),
          });
          if (received.length > maxMessages) received = received.slice(-maxMessages);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after start (a client dropping mid-message) must not crash the dev process or a test.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...received],
    waitForCount(count, { timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (received.length < count) return false;
          cleanup();
          resolve([...received]);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`SMTP sink: ${received.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        if (!check()) waiters.add(check);
      });
    },
    clear() {
      received = [];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const dateTime = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'short',
  timeStyle: 'medium',
});

function renderOutbox(messages: ReceivedMail[], jsonHref: string): string {
  const items = messages
    .slice()
    .reverse()
    .map(
      (
        m,
      ) => `<li><details><summary>${escapeHtml(dateTime.format(new Date(m.receivedAt)))}: ${escapeHtml(m.subject || '(geen onderwerp)')}</summary>
<dl><dt>Van</dt><dd>${escapeHtml(m.from)}</dd><dt>Aan</dt><dd>${escapeHtml(m.to.join(', '))}</dd><dt>Message-ID</dt><dd>${escapeHtml(m.messageId)}</dd></dl>
<pre>${escapeHtml(m.text)}</pre></details></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Postvak uit (ontwikkeling)</title></head>
<body>
<main>
<h1>Postvak uit</h1>
<p>E-mail die de ontwikkelomgeving heeft verstuurd. Niets hiervan is echt verzonden. Nieuwste bovenaan; vernieuw de pagina voor nieuwe berichten.</p>
${messages.length === 0 ? '<p>Er zijn nog geen berichten.</p>' : `<ol reversed>\n${items}\n</ol>`}
<p><a href="${escapeHtml(jsonHref)}">Alle berichten als JSON</a></p>
</main>
</body>
</html>`;
}

/**
 * Dev-only mail outbox: an HTML page at `/` and JSON at `/messages.json`. All message text is
 * escaped; no inline script or style, so it fits the portal's strict CSP.
 */
export function createMailOutboxRouter(sink: Pick<SmtpSink, 'messages'>): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const html = renderOutbox(sink.messages(), `${req.baseUrl}/messages.json`);
    res.type('html').set('Cache-Control', 'no-store').send(html);
  });
  router.get('/messages.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(sink.messages());
  });
  return router;
}
