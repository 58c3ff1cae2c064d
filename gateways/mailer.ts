import nodemailer from 'nodemailer';

export type OutgoingMail = {
  to: string[];
  subject: string;
  text: string;
  /**
   * Deterministic message id, derived from a business key (e.g. a notification key), so a resend
   * after an activity retry carries the same Message-ID and receivers can drop the duplicate.
   * With or without angle brackets; the mailer sends it as `<...>`.
   */
  messageId: string;
};

/** Outgoing e-mail. Activities depend on this interface; tests and dev point it at the SMTP sink. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

/** A domain part for message ids, taken from the sender address (RFC 5322 msg-id = left@right). */
function messageIdDomain(from: string): string {
  const at = from.lastIndexOf('@');
  return at >= 0 ? from.slice(at + 1).replace(/>.*$/, '') : 'portaalzorg.invalid';
}

export function formatMessageId(messageId: string, from: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  return bare.includes('@') ? `<${bare}>` : `<${bare}@${messageIdDomain(from)}>`;
}

/**
 * Mailer over SMTP (`smtp://` or `smtps://` URL, credentials in the URL when needed). Plain text
 * only: these are short notices with a link into the portal, never personal data beyond an
 * organisation name.
 */
export function createSmtpMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(mail) {
      if (mail.to.length === 0) throw new Error('mail without recipients');
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: formatMessageId(mail.messageId, options.from),
      });
    },
    close() {
      transport.close();
    },
  };
}
