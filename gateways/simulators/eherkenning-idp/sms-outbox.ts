/** One text message the dev broker "sent". */
export type SmsMessage = { id: number; to: string; text: string; sentAt: string };

/**
 * Where the dev broker's one-time codes go instead of a phone: readable at GET /sms (HTML) and
 * /sms.json, and directly by tests. Keeps the last `max` messages, so a long dev session stays small.
 */
export class SmsOutbox {
  private list: SmsMessage[] = [];
  private nextId = 1;

  constructor(private readonly max = 200) {}

  send(to: string, text: string): SmsMessage {
    const message = { id: this.nextId++, to, text, sentAt: new Date().toISOString() };
    this.list.push(message);
    if (this.list.length > this.max) this.list = this.list.slice(-this.max);
    return message;
  }

  /** Oldest first. */
  messages(): SmsMessage[] {
    return [...this.list];
  }

  latestTo(phone: string): SmsMessage | undefined {
    return [...this.list].reverse().find((m) => m.to === phone);
  }

  clear(): void {
    this.list = [];
  }
}

/** The one-time code in a message text (six digits). */
export function codeInSms(text: string): string | undefined {
  return /\b(\d{6})\b/.exec(text)?.[1];
}
