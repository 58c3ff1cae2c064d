import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type Mailer } from '../../gateways/mailer.ts';
import { createMailOutboxRouter, startSmtpSink, type SmtpSink } from '../../gateways/simulators/smtp-sink.ts';

let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
  sink = await startSmtpSink({ host: '127.0.0.1', maxMessages: 3 });
  mailer = createSmtpMailer({ smtpUrl: sink.url, from: 'noreply@portaalzorg.example' });
});

afterAll(async () => {
  mailer?.close?.();
  await sink?.stop();
});

beforeEach(() => sink.clear());

describe('SMTP mailer and sink', () => {
  it('delivers a mail with sender, recipients, subject, text and a deterministic Message-ID', async () => {
    await mailer.send({
      to: ['servicedesk@inlichtingenbureau.example', 'tweede@inlichtingenbureau.example'],
      subject: 'Herinnering: overeenkomst ontbreekt',
      text: 'De verwerkersovereenkomst met VECOZO ontbreekt nog.\në en € komen goed over.',
      messageId: 'notification.org-0363-reminder',
    });
    const [mail] = await sink.waitForCount(1);
    expect(mail).toMatchObject({
      from: 'noreply@portaalzorg.example',
      to: ['servicedesk@inlichtingenbureau.example', 'tweede@inlichtingenbureau.example'],
      subject: 'Herinnering: overeenkomst ontbreekt',
      messageId: '<notification.org-0363-reminder@portaalzorg.example>',
    });
    expect(mail?.text.trim()).toBe('De verwerkersovereenkomst met VECOZO ontbreekt nog.\në en € komen goed over.');
    expect(Date.parse(mail?.receivedAt ?? '')).not.toBeNaN();
  });

  it('keeps a given fully qualified Message-ID as it is', async () => {
    await mailer.send({ to: ['a@example.org'], subject: 'x', text: 'y', messageId: '<abc.1@mail.example>' });
    const [mail] = await sink.waitForCount(1);
    expect(mail?.messageId).toBe('<abc.1@mail.example>');
  });

  it('keeps only the newest messages when the bound is reached', async () => {
    for (let i = 1; i <= 5; i++) {
      await mailer.send({ to: ['a@example.org'], subject: `bericht ${i}`, text: 'tekst', messageId: `m${i}` });
    }
    expect(sink.messages().map((m) => m.subject)).toEqual(['bericht 3', 'bericht 4', 'bericht 5']);
  });

  it('rejects waitForCount after its timeout', async () => {
    await expect(sink.waitForCount(1, { timeoutMs: 50 })).rejects.toThrow(/0 of 1 messages/);
  });
});

describe('mail outbox page', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use('/dev/mail', createMailOutboxRouter(sink));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev/mail`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('says so in Dutch when there are no messages', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Er zijn nog geen berichten.');
  });

  it('escapes every field, has no inline script or style, and links the JSON view', async () => {
    await mailer.send({
      to: ['a@example.org'],
      subject: '<script>alert(1)</script> & "co"',
      text: '<img src=x onerror=alert(2)>',
      messageId: 'xss-test',
    });
    await sink.waitForCount(1);
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toMatch(/<script|<style|<img|<[^>]*\s(style|on\w+)=/i);
    expect(html).toContain('href="/dev/mail/messages.json"');
  });

  it('serves the messages as JSON', async () => {
    await mailer.send({ to: ['a@example.org'], subject: 'json', text: 'tekst', messageId: 'json-1' });
    await sink.waitForCount(1);
    const response = await fetch(`${base}/messages.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject([
      { subject: 'json', to: ['a@example.org'], messageId: '<json-1@portaalzorg.example>' },
    ]);
  });
});
