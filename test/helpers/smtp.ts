// A real SMTP server for the tests (the smtp-server package), keeping what it receives parsed.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.ts';

export interface Received {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The notification template, read from the Message-ID the engine derives from the step's key. */
  template: string;
  attachments: { filename: string | undefined; contentType: string; size: number; content: Buffer }[];
}

/** `port`: listen there (a server that comes up where clients were already pointed); by default a free one. */
export async function startSmtp(options: { port?: number } = {}) {
  const received: Received[] = [];
  let refuse = 0;
  let delayMs = 0;
  let unknownMailboxes: RegExp | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (unknownMailboxes?.test(address.address)) callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (refuse > 0) {
          refuse -= 1;
          const error = Object.assign(new Error('try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((mail: ParsedMail) => {
          const messageId = mail.messageId ?? '';
          received.push({
            to: Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? ''),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId,
            template: /mail\.\d+\.(\w+)/.exec(messageId)?.[1] ?? '',
            attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, content: a.content })),
          });
          callback();
        }, callback);
      });
    },
  });
  // a client that goes away mid-session (a worker killed while sending) resets its connection: the server
  // reports that as an 'error' event, which must not become an uncaught exception of the test process
  const connectionErrors: Error[] = [];
  server.on('error', (error: Error) => connectionErrors.push(error));
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    connectionErrors,
    /** Every message is accepted only after `ms`: a slow server. */
    slowDown(ms: number) {
      delayMs = ms;
    },
    /** Recipients matching `pattern` are refused for good (550). */
    rejectRecipients(pattern: RegExp) {
      unknownMailboxes = pattern;
    },
    /** The next `count` messages are refused with a temporary error. */
    refuseNext(count: number) {
      refuse = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
