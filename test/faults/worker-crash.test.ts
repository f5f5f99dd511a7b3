// The worker is killed with SIGKILL while many orders are in flight (commands waiting on it, activities
// running, mail going out), and started again. Every order must still reach `won`, with exactly the tasks,
// invoices, payments, stage changes and messages a single clean run gives it: nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveToWon, httpTransport, type DriveStats } from '../helpers/driver.ts';
import { client, hireStaff, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startWorkerProcess, type Child } from '../helpers/processes.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { CLIENT_MAIL, expectMailDrained, expectWonOnce, tally } from '../helpers/won-once.ts';

const SECRET = 'crash-webhook-secret';
const ORDERS = 12;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let worker: Child | undefined;
let baseUrl: string;

beforeAll(async () => {
  smtp = await startSmtp();
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET, SMTP_URL: smtp.url, RELAY_INTERVAL: '1s', RELAY_GRACE: '5s' }, { worker: false });
  worker = await startWorkerProcess(stack);
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  baseUrl = await stack.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker killed mid-flight', () => {
  it('loses nothing and doubles nothing: every order reaches won with one of each thing it should have', async () => {
    const api = client(stack);
    const http = httpTransport(baseUrl);
    const stats: DriveStats = { requests: 0, unavailable: 0, refused: 0 };
    const rows = [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }];
    const created: OrderJson[] = [];
    for (let i = 0; i < ORDERS; i += 1) {
      created.push(await api.create({ customer: { name: `Crash ${i}`, email: `crash-${i}@example.com` }, items: rows }, staff.manager.headers));
    }
    // staggered, so that the orders are spread over the funnel when the worker dies
    const drivers = created.map(async (order, index) => {
      await sleep(index * 400);
      return driveToWon(http, order.id, { staff, webhookSecret: SECRET, prepaymentAmount: 500_000 }, stats);
    });
    const done = Promise.allSettled(drivers);

    // kill it once the orders are at three or more stages
    let stages: Record<string, number> = {};
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
      stages = tally(await Promise.all(created.map(async (o) => (await api.order(o.id)).stage)));
      if (Object.keys(stages).length >= 3 && !stages.new) break;
    }
    const killedAt = Date.now();
    await worker!.kill();
    await sleep(1_000);
    worker = await startWorkerProcess(stack);

    const results = await done;
    const wonAfter = Date.now() - killedAt;
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    console.info(
      `worker killed with orders at ${JSON.stringify(stages)}; all won ${wonAfter} ms later, ` +
        `driven with ${stats.requests} requests, ${stats.unavailable} answered 503, ${stats.refused} refused as already done`,
    );

    // wait for the last messages
    await expectMailDrained(stack, created.map((o) => o.id), 150_000);
    console.info(`all mail out ${Date.now() - killedAt} ms after the kill; ${smtp.connectionErrors.length} SMTP sessions cut off by it`);

    for (const { id } of created) {
      const won = await expectWonOnce(api, id);

      // one message per step; a copy resent after a kill in the middle of an SMTP send carries the same Message-ID
      const mail = smtp.received.filter((m) => m.messageId.includes(id));
      const distinct = new Map(mail.map((m) => [m.messageId, m]));
      const toClient = [...distinct.values()].filter((m) => m.to === won.customer.email);
      expect(tally(toClient.map((m) => m.template))).toEqual(CLIENT_MAIL);
      const rowsSeen = (await api.ok<{ items: { status: string }[] }>('GET', `/api/v1/orders/${id}/notifications`)).items;
      expect(rowsSeen).toHaveLength(distinct.size);
    }
  }, 360_000);
});
