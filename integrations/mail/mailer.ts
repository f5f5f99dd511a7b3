// Outgoing mail: SMTP through nodemailer when SMTP_URL is set, otherwise .eml files in DATA_DIR/outbox that
// any mail client opens. The Message-ID comes from the notification's key, so a message that is somehow
// sent twice is still one message to the receiving side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export type Mailer = (mail: OutgoingMail) => Promise<void>;

export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    // well inside the activity's one-minute attempt, so a slow server never has two attempts sending at once
    const url = new URL(options.smtpUrl);
    for (const [name, ms] of [['connectionTimeout', '15000'], ['greetingTimeout', '15000'], ['socketTimeout', '20000']] as const) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, ms);
    }
    const transport = nodemailer.createTransport(url.toString());
    return async (mail) => {
      await transport.sendMail({ ...mail, from: options.from });
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return async (mail) => {
    const built = await builder.sendMail({ ...mail, from: options.from });
    mkdirSync(options.outboxDir, { recursive: true });
    const name = mail.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_');
    writeFileSync(join(options.outboxDir, `${name}.eml`), built.message as Buffer);
  };
}
