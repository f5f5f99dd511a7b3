// The notification outbox for the dispatcher's tests: orders to queue mail for, queued rows, real dispatchers
// and waits on the rows' state.
import { DefaultLogger } from '@temporalio/worker';
import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../db/client.ts';
import { enqueueNotifications } from '../../db/queries/outbox.ts';
import { notifications, orders, timeline } from '../../db/schema.ts';
import { createDispatcher, type DispatcherDeps } from '../../integrations/mail/dispatcher.ts';
import { createMailer } from '../../integrations/mail/mailer.ts';
import { startSmtp } from './smtp.ts';
import { startStack, type Stack } from './stack.ts';

/** A test file's database and SMTP server, with no worker: its tests run the dispatchers they need. */
export function outboxStack() {
  const ctx = {} as { smtp: Awaited<ReturnType<typeof startSmtp>>; stack: Stack };
  beforeAll(async () => {
    ctx.smtp = await startSmtp();
    ctx.stack = await startStack({ SMTP_URL: ctx.smtp.url }, { worker: false });
  });
  afterAll(async () => {
    await ctx.stack?.stop();
    await ctx.smtp?.stop();
  });
  return ctx;
}

/** An order as the outbox needs it (its client's address and language); no workflow behind it. */
export async function orderFor(db: Db, email: string | null): Promise<string> {
  const id = randomUUID();
  await db.insert(orders).values({ id, number: `T-${id.slice(0, 8)}`, stage: 'new', locale: 'ru', customer: { name: 'Клиент', company: null, inn: null, email, phone: null } });
  return id;
}

/** Queues `count` comments to the order's client; resolves with their keys. */
export async function queueComments(db: Db, orderId: string, count: number, prefix = 'c'): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `order-${orderId}:test:${prefix}${i}`);
  await enqueueNotifications(db, keys.map((key, i) => ({ key, orderId, template: 'comment' as const, to: { kind: 'client' as const }, data: { number: 'T', text: `сообщение ${i}` } })), 'ru');
  return keys;
}

export function dispatcherFor(stack: Stack, smtpUrl: string, options: Partial<DispatcherDeps> = {}) {
  return createDispatcher({
    db: stack.db,
    config: stack.config,
    mailer: createMailer({ smtpUrl, from: 'orders@factory.example', outboxDir: '/nonexistent' }),
    logger: new DefaultLogger('ERROR'),
    pollMs: 200,
    ...options,
  });
}

export const rowsOf = (db: Db, orderId: string) => db.select().from(notifications).where(eq(notifications.orderId, orderId)).orderBy(notifications.key);

export async function timelineSent(db: Db, orderId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(timeline).where(eq(timeline.orderId, orderId));
  return row!.n;
}

/** Waits until the order's rows satisfy `done` (checked every 50 ms, for at most `timeoutMs`). */
export async function until(db: Db, orderId: string, done: (rows: Awaited<ReturnType<typeof rowsOf>>) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await rowsOf(db, orderId);
    if (done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`outbox rows never got there: ${JSON.stringify(rows.map((r) => [r.key, r.status, r.attempts, r.error]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
