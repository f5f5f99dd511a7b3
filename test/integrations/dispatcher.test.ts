// The mail dispatcher against a real PostgreSQL and a real SMTP server: every queued row goes out once and is
// marked sent with the client's timeline entry; two dispatchers never send a row twice; a stop finishes the
// message in hand.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createDb } from '../../db/client.ts';
import { enqueueNotifications } from '../../db/queries/outbox.ts';
import { notifications } from '../../db/schema.ts';
import { dispatcherFor, orderFor, outboxStack, queueComments, timelineSent, until } from '../helpers/outbox.ts';

const ctx = outboxStack();

const copiesOf = (orderId: string) => {
  const byId = new Map<string, number>();
  for (const m of ctx.smtp.received.filter((r) => r.messageId.includes(orderId))) byId.set(m.messageId, (byId.get(m.messageId) ?? 0) + 1);
  return byId;
};

describe('the mail dispatcher', () => {
  it('sends every queued row once, rendered in the reader language, and marks it sent with its timeline entry', async () => {
    const orderId = await orderFor(ctx.stack.db, 'buyer@example.com');
    const count = 200;
    await queueComments(ctx.stack.db, orderId, count);
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url);
    const startedAt = performance.now();
    dispatcher.start();
    try {
      const rows = await until(ctx.stack.db, orderId, (all) => all.every((r) => r.status === 'sent'), 60_000);
      console.info(`dispatcher: ${count} mails in ${Math.round(performance.now() - startedAt)} ms, ${((count * 1000) / (performance.now() - startedAt)).toFixed(1)} mails/s to the test SMTP server`);
      expect(rows).toHaveLength(count);
      expect(rows.every((r) => r.attempts === 1 && r.sentAt && r.subject === 'Заказ №T: сообщение от менеджера')).toBe(true);
    } finally {
      await dispatcher.stop();
    }
    const copies = copiesOf(orderId);
    expect(copies.size).toBe(count);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    const mail = ctx.smtp.received.find((m) => m.messageId.includes(`${orderId}.test.c7@`))!;
    expect(mail).toMatchObject({ to: 'buyer@example.com', subject: 'Заказ №T: сообщение от менеджера' });
    expect(mail.text).toContain('сообщение 7');
    expect(await timelineSent(ctx.stack.db, orderId)).toBe(count);
  });

  it('wakes on the queue at once rather than at its next poll', async () => {
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url, { pollMs: 60_000 });
    dispatcher.start();
    try {
      const orderId = await orderFor(ctx.stack.db, 'woken@example.com');
      // the first poll has passed by the time the listening connection is up
      await new Promise((resolve) => setTimeout(resolve, 500));
      await queueComments(ctx.stack.db, orderId, 1);
      await until(ctx.stack.db, orderId, (all) => all[0]?.status === 'sent', 10_000);
    } finally {
      await dispatcher.stop();
    }
  });

  it('never sends a row twice while two dispatchers race for the queue', async () => {
    const orderId = await orderFor(ctx.stack.db, 'race@example.com');
    await queueComments(ctx.stack.db, orderId, 100);
    const second = createDb(ctx.stack.databaseUrl);
    ctx.smtp.slowDown(20);
    const dispatchers = [dispatcherFor(ctx.stack, ctx.smtp.url), dispatcherFor({ ...ctx.stack, db: second.db }, ctx.smtp.url)];
    dispatchers.forEach((d) => d.start());
    try {
      const rows = await until(ctx.stack.db, orderId, (all) => all.every((r) => r.status === 'sent'), 60_000);
      expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(2);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      ctx.smtp.slowDown(0);
      await Promise.all(dispatchers.map((d) => d.stop()));
      await second.close();
    }
    const copies = copiesOf(orderId);
    expect(copies.size).toBe(100);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(await timelineSent(ctx.stack.db, orderId)).toBe(100);
  });

  it('finishes the message in hand when stopped, and takes no other', async () => {
    const orderId = await orderFor(ctx.stack.db, 'stop@example.com');
    ctx.smtp.slowDown(1_000);
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url, { concurrency: 1 });
    try {
      dispatcher.start();
      await queueComments(ctx.stack.db, orderId, 3);
      await until(ctx.stack.db, orderId, (all) => all.some((r) => r.status === 'sending'));
      await dispatcher.stop();
    } finally {
      ctx.smtp.slowDown(0);
    }
    const rows = await until(ctx.stack.db, orderId, () => true);
    expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'pending', 'sent']);
    expect(copiesOf(orderId).size).toBe(1);
  });

  it('leaves a row queued before the outbox alone until its retried notify fills in the message, then sends it', async () => {
    const orderId = await orderFor(ctx.stack.db, 'legacy@example.com');
    const key = `order-${orderId}:mail:3:comment`;
    await ctx.stack.db.insert(notifications).values({ id: randomUUID(), key, orderId, recipient: 'legacy@example.com', template: 'comment', subject: 'Заказ', status: 'failed', attempts: 1 });
    const dispatcher = dispatcherFor(ctx.stack, ctx.smtp.url);
    dispatcher.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await until(ctx.stack.db, orderId, () => true))[0]).toMatchObject({ status: 'failed', attempts: 1 });
      await enqueueNotifications(ctx.stack.db, [{ key, orderId, template: 'comment', to: { kind: 'client' }, data: { number: 'T', text: 'из старого кода' } }], 'ru');
      await until(ctx.stack.db, orderId, (all) => all[0]?.status === 'sent');
    } finally {
      await dispatcher.stop();
    }
    expect(ctx.smtp.received.filter((m) => m.messageId.includes(orderId)).map((m) => m.text.split('\n')[0])).toEqual(['из старого кода']);
  });
});
