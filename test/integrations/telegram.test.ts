// Telegram as the client's second channel, against a local fake Bot API that records every call: the deep
// link and the webhook bind a chat, the order's messages (an invoice as a document) go there through the
// outbox, /stop ends it; 429 waits Telegram's retry_after, 403 is recorded; a crash between send and mark
// does not send twice.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindChat } from '../../db/queries/telegram.ts';
import { telegramChats } from '../../db/schema.ts';
import { createBotApi } from '../../integrations/telegram/bot-api.ts';
import { BOT_TOKEN, startFakeTelegram } from '../helpers/fake-telegram.ts';
import { client, hireStaff, openTask, type Staff } from '../helpers/funnel.ts';
import { dispatcherFor, orderFor, queueComments, until } from '../helpers/outbox.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { createProduct } from '../helpers/api.ts';

const SECRET = 'webhook-secret-for-tests';
let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;

beforeAll(async () => {
  [fake, smtp] = await Promise.all([startFakeTelegram(), startSmtp()]);
  stack = await startStack({
    SMTP_URL: smtp.url,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_BASE: fake.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_BOT_USERNAME: 'order_engine_test_bot',
  });
  staff = await hireStaff(stack);
});
afterAll(async () => {
  await stack?.stop();
  await fake?.stop();
  await smtp?.stop();
});

/** `secret` '' sends no header at all. */
const webhook = (body: unknown, secret = SECRET) =>
  stack.app.inject({ method: 'POST', url: '/webhooks/telegram', headers: secret ? { 'x-telegram-bot-api-secret-token': secret } : {}, payload: body as object });

const callsTo = (chatId: string) => fake.calls.filter((c) => c.chatId === chatId);

async function waitFor<T>(what: string, read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}; calls: ${JSON.stringify(fake.calls)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Telegram through the order page', () => {
  it('binds the chat from the deep link, sends the order’s messages there (the invoice as a PDF), and stops on /stop', { timeout: 120_000 }, async () => {
    const api = client(stack);
    const product = await createProduct(stack.app, { price: 100_000 });
    const order = await api.create({ customer: { name: 'Клиент', email: 'tg@example.com' }, items: [{ productId: product.id, quantity: 1 }] });
    const path = new URL(order.clientUrl!).pathname;
    const page = await stack.app.inject({ method: 'GET', url: path });
    expect(page.body).toContain('Получать новости в Telegram');
    const offer = await stack.app.inject({ method: 'POST', url: `${path}/telegram` });
    expect(offer.statusCode).toBe(303);
    const code = /^https:\/\/t\.me\/order_engine_test_bot\?start=([\w-]{32})$/.exec(String(offer.headers.location))![1]!;

    // only Telegram, which knows the secret, may call the webhook
    expect((await webhook({ update_id: 1, message: { chat: { id: 4242 }, text: `/start ${code}` } }, '')).statusCode).toBe(401);
    expect((await webhook({ update_id: 1, message: { chat: { id: 4242 }, text: `/start ${code}` } }, 'wrong-secret-wrong-secret')).statusCode).toBe(401);
    expect(await stack.db.select().from(telegramChats)).toEqual([]);
    expect((await webhook({ update_id: 2, message: { chat: { id: 4242 }, text: `/start ${code}` } })).statusCode).toBe(200);
    // the code is used: another chat holding it binds nothing
    expect((await webhook({ update_id: 3, message: { chat: { id: 999 }, text: `/start ${code}` } })).statusCode).toBe(200);
    expect((await stack.db.select().from(telegramChats)).map((r) => [r.orderId, r.chatId])).toEqual([[order.id, '4242']]);
    await waitFor('the welcome', () => callsTo('4242').find((c) => c.text?.includes(`заказе №${order.number}`)));
    await waitFor('the expired-link answer', () => callsTo('999').find((c) => c.text?.includes('Ссылка устарела')));
    expect((await stack.app.inject({ method: 'GET', url: path })).body).toContain('приходят в Telegram');

    // qualified with a prepayment: the invoice goes to the chat as a document, with the order page's link
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    const invoice = qualified.invoices[0]!;
    const document = await waitFor('the invoice document', () => callsTo('4242').find((c) => c.method === 'sendDocument'));
    expect(document.document).toMatchObject({ filename: `${invoice.number}.pdf`, type: 'application/pdf' });
    expect(document.document!.size).toBeGreaterThan(1000);
    expect(document.caption).toContain(order.clientUrl!);
    const rows = await until(stack.db, order.id, (all) => all.filter((r) => r.template === 'invoice_issued').every((r) => r.status === 'sent') && all.some((r) => r.template === 'invoice_issued'));
    expect(rows.filter((r) => r.template === 'invoice_issued').map((r) => r.channel).sort()).toEqual(['email', 'telegram']);
    // the e-mail carries the order page too
    expect(smtp.received.find((m) => m.to === 'tg@example.com' && m.subject.includes(invoice.number))?.text).toContain(order.clientUrl!);

    // /stop: later messages go by e-mail only
    expect((await webhook({ update_id: 4, message: { chat: { id: 4242 }, text: '/stop' } })).statusCode).toBe(200);
    expect(await stack.db.select().from(telegramChats)).toEqual([]);
    await waitFor('the goodbye', () => callsTo('4242').find((c) => c.text?.includes('больше не придут')));
    const before = callsTo('4242').length;
    await api.ok('POST', `/api/v1/orders/${order.id}/comments`, staff.manager.headers, { text: 'Счёт отправлен', notifyClient: true }, 201);
    await until(stack.db, order.id, (all) => all.some((r) => r.template === 'comment' && r.status === 'sent'));
    expect(callsTo('4242')).toHaveLength(before);
    expect((await until(stack.db, order.id, () => true)).filter((r) => r.template === 'comment').map((r) => r.channel)).toEqual(['email']);
  });
});

describe('Bot API failures and crashes', () => {
  beforeAll(async () => stack.stopWorker());
  const bound = async (chatId: string) => {
    const orderId = await orderFor(stack.db, null);
    await bindChat(stack.db, { orderId, chatId, updateId: Number(chatId) });
    return orderId;
  };
  const dispatcher = (options: { leaseMs?: number } = {}) => dispatcherFor(stack, smtp.url, { telegram: createBotApi(stack.config.telegram!), ...options });

  it('waits the retry_after of a 429 before trying again, and records a blocked bot as undeliverable', async () => {
    const waiting = await bound('5001');
    fake.tooManyNext(2);
    const sender = dispatcher();
    sender.start();
    try {
      const [failed] = (await until(stack.db, waiting, (all) => all[0]?.status === 'failed')).filter((r) => r.channel === 'telegram');
      const wait = failed!.nextAttemptAt.getTime() - failed!.claimedAt!.getTime();
      expect(wait).toBeGreaterThanOrEqual(1_900);
      expect(wait).toBeLessThan(3_000);
      expect(failed!.error).toMatch(/429/);
      const [sent] = await until(stack.db, waiting, (all) => all[0]?.status === 'sent');
      expect(sent).toMatchObject({ attempts: 2, handedAt: expect.any(Date) });
      expect(callsTo('5001')).toHaveLength(1);

      fake.blockedNext();
      const blocked = await bound('5002');
      const [refused] = await until(stack.db, blocked, (all) => all[0]?.status === 'undeliverable');
      expect(refused).toMatchObject({ attempts: 1, error: expect.stringMatching(/403.*blocked/) });
      expect(callsTo('5002')).toHaveLength(0);
    } finally {
      await sender.stop();
    }
  });

  it('does not send twice when its dispatcher died between the Bot API call and the mark', { timeout: 60_000 }, async () => {
    const orderId = await bound('6001');
    await until(stack.db, orderId, (all) => all.length === 1);
    const leaseMs = 1_500;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integrations/fixtures/telegram-dies-after-send.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...stack.env, LEASE_MS: String(leaseMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('sent to 6001')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the dispatcher exited (${code}) before sending`)));
    });
    child.kill('SIGKILL');
    await exited;
    expect(callsTo('6001')).toHaveLength(1);
    const [inHand] = await until(stack.db, orderId, () => true);
    expect(inHand).toMatchObject({ status: 'sending', handedAt: expect.any(Date) });

    // a comment queued after the crash still goes, once
    await queueComments(stack.db, orderId, 1);
    const sender = dispatcher({ leaseMs });
    sender.start();
    try {
      const rows = await until(stack.db, orderId, (all) => all.length === 3 && all.every((r) => r.status !== 'pending' && r.status !== 'sending'));
      const welcome = rows.find((r) => r.template === 'telegram_bound')!;
      expect(welcome).toMatchObject({ status: 'undeliverable', attempts: 2, error: expect.stringMatching(/outcome unknown/) });
      expect(rows.find((r) => r.template === 'comment' && r.channel === 'telegram')).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await sender.stop();
    }
    // the welcome reached the chat once, the comment once
    expect(callsTo('6001').map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
  });
});
