// The mail dispatcher when things break, against a real PostgreSQL and a real SMTP server: a dispatcher killed
// between send and mark, an SMTP server down for a while, and rows that can never be sent.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asAdmin } from '../helpers/stack.ts';
import { dispatcherFor, orderFor, outboxStack, queueComments, timelineSent, until } from '../helpers/outbox.ts';
import { freePort } from '../helpers/ports.ts';
import { startSmtp } from '../helpers/smtp.ts';

const ctx = outboxStack();

const mailOf = (orderId: string) => ctx.smtp.received.filter((m) => m.messageId.includes(orderId));

describe('the mail dispatcher when things break', () => {
  it('sends a message again, with the same Message-ID, when its dispatcher died after the server took it and before the mark', async () => {
    const orderId = await orderFor(ctx.stack.db, 'crash@example.com');
    const keys = await queueComments(ctx.stack.db, orderId, 3);
    const leaseMs = 1_500;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integrations/fixtures/dispatcher-dies-after-send.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...ctx.stack.env, LEASE_MS: String(leaseMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const sentId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /sent (<[^>]+>)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the dispatcher exited (${code}) before sending`)));
    });
    child.kill('SIGKILL');
    await exited;
    expect(mailOf(orderId).map((m) => m.messageId)).toEqual([sentId]);
    const [inHand] = (await until(ctx.stack.db, orderId, () => true)).filter((r) => r.status === 'sending');
    expect(inHand).toMatchObject({ attempts: 1 });

    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url, { leaseMs });
    dispatcher.start();
    try {
      const rows = await until(ctx.stack.db, orderId, (all) => all.every((r) => r.status === 'sent'));
      expect(rows.find((r) => r.id === inHand!.id)).toMatchObject({ attempts: 2 });
      expect(rows.filter((r) => r.id !== inHand!.id).map((r) => r.attempts)).toEqual([1, 1]);
    } finally {
      await dispatcher.stop();
    }
    // the one message in doubt went twice under one Message-ID; nothing else doubled
    const ids = mailOf(orderId).map((m) => m.messageId);
    expect(ids.filter((id) => id === sentId)).toHaveLength(2);
    expect(new Set(ids).size).toBe(keys.length);
    expect(ids).toHaveLength(keys.length + 1);
    expect(await timelineSent(ctx.stack.db, orderId)).toBe(keys.length);
  });

  it('keeps retrying with growing backoff while the SMTP server is down, and sends everything once it is back', async () => {
    const port = await freePort();
    const orderId = await orderFor(ctx.stack.db, 'down@example.com');
    await queueComments(ctx.stack.db, orderId, 3);
    const dispatcher = dispatcherFor(ctx.stack, `smtp://127.0.0.1:${port}`);
    dispatcher.start();
    let later: Awaited<ReturnType<typeof startSmtp>> | undefined;
    try {
      const failing = await until(ctx.stack.db, orderId, (all) => all.every((r) => r.status === 'failed' && r.attempts === 2));
      for (const row of failing) {
        expect(row.error).toMatch(/ECONNREFUSED|connect/i);
        // the second failure waits 4 s (the first waited 2 s)
        const backoff = row.nextAttemptAt.getTime() - row.claimedAt!.getTime();
        expect(backoff).toBeGreaterThanOrEqual(4_000);
        expect(backoff).toBeLessThan(6_000);
      }
      later = await startSmtp({ port });
      const rows = await until(ctx.stack.db, orderId, (all) => all.every((r) => r.status === 'sent'), 20_000);
      expect(rows.map((r) => r.attempts)).toEqual([3, 3, 3]);
      expect(later.received.map((m) => m.to)).toEqual(['down@example.com', 'down@example.com', 'down@example.com']);
      expect(new Set(later.received.map((m) => m.messageId)).size).toBe(3);
    } finally {
      await dispatcher.stop();
      await later?.stop();
    }
  });

  it('gives up on a row that can never be sent, and the order shows it', async () => {
    ctx.smtp.rejectRecipients(/@nowhere\.example$/);
    const unknown = await orderFor(ctx.stack.db, 'ghost@nowhere.example');
    const malformed = await orderFor(ctx.stack.db, 'not an address');
    await queueComments(ctx.stack.db, unknown, 1);
    await queueComments(ctx.stack.db, malformed, 1);
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url);
    dispatcher.start();
    try {
      const [refused] = await until(ctx.stack.db, unknown, (all) => all[0]?.status === 'undeliverable');
      expect(refused).toMatchObject({ attempts: 1, error: expect.stringMatching(/550/) });
      const [bad] = await until(ctx.stack.db, malformed, (all) => all[0]?.status === 'undeliverable');
      expect(bad).toMatchObject({ attempts: 1 });
      // a later poll leaves them alone
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await until(ctx.stack.db, unknown, () => true))[0]).toMatchObject({ status: 'undeliverable', attempts: 1 });
    } finally {
      await dispatcher.stop();
      ctx.smtp.rejectRecipients(/^$/);
    }
    const listed = await ctx.stack.app.inject({ method: 'GET', url: `/api/v1/orders/${unknown}/notifications`, headers: asAdmin });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([expect.objectContaining({ status: 'undeliverable', recipient: 'ghost@nowhere.example', error: expect.stringMatching(/550/) })]);
  });

  it('gives up after the maximum number of attempts when the server only ever answers "try again later"', async () => {
    const orderId = await orderFor(ctx.stack.db, 'busy@example.com');
    await queueComments(ctx.stack.db, orderId, 1);
    ctx.smtp.refuseNext(1_000);
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url, { maxAttempts: 3 });
    dispatcher.start();
    try {
      const [row] = await until(ctx.stack.db, orderId, (all) => all[0]?.status === 'undeliverable');
      expect(row).toMatchObject({ attempts: 3, error: expect.stringMatching(/451|try again/) });
    } finally {
      await dispatcher.stop();
      ctx.smtp.refuseNext(0);
    }
    expect(mailOf(orderId)).toHaveLength(0);
  });
});
