// More than one machine: two worker processes and two API processes against one Temporal server and one
// PostgreSQL, as production runs them. Orders come in through both APIs and are driven through both; the
// histories must show both workers at work; one worker is killed with SIGKILL mid-way and its orders must
// finish on the other; and nothing is doubled: tasks, invoices, payments, notification rows, delivered mail.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema.ts';
import { messageIdOf } from '../../integrations/mail/compose.ts';
import { handlingOf, identityOf, roundRobin, startCluster, type Cluster } from '../helpers/cluster.ts';
import { driveToWon, httpTransport, type DriveStats } from '../helpers/driver.ts';
import { client, hireStaff, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { CLIENT_MAIL, expectMailDrained, expectWonOnce, tally } from '../helpers/won-once.ts';

const SECRET = 'multi-node-webhook-secret';
const ORDERS = 12;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let cluster: Cluster | undefined;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;

beforeAll(async () => {
  smtp = await startSmtp();
  // no worker in the test process: only the two worker processes take tasks
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET, SMTP_URL: smtp.url, RELAY_INTERVAL: '1s', RELAY_GRACE: '5s' }, { worker: false });
  cluster = await startCluster(stack, { workers: 2, apis: 2 });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await stack?.stop();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two workers and two APIs on one Temporal server and one PostgreSQL', () => {
  it('spreads orders over both workers, moves a killed worker’s orders to the other, and doubles nothing', async () => {
    const { workers, apis } = cluster!;
    const [doomed, survivor] = workers as [(typeof workers)[0], (typeof workers)[0]];
    const api = client(stack);
    const stats: DriveStats = { requests: 0, unavailable: 0, refused: 0 };
    const rows = [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }];

    // taken in by the two APIs in turn
    const created: OrderJson[] = [];
    for (let i = 0; i < ORDERS; i += 1) {
      const response = await httpTransport(apis[i % 2]!.url).request('POST', '/api/v1/orders', staff.manager.headers, {
        customer: { name: `Multi ${i}`, email: `multi-${i}@example.com` },
        items: rows,
      });
      expect(response.status, response.body).toBe(201);
      created.push(JSON.parse(response.body) as OrderJson);
    }
    // driven through both APIs, request by request; staggered so that the kill finds them spread over the funnel
    const http = roundRobin(apis.map((a) => a.url));
    const done = Promise.allSettled(
      created.map(async (order, index) => {
        await sleep(index * 300);
        return driveToWon(http, order.id, { staff, webhookSecret: SECRET, prepaymentAmount: 500_000 }, stats);
      }),
    );

    // kill one worker once the orders are spread over the funnel and both workers have run some of them
    const handledBy = async (worker: (typeof workers)[0]) =>
      (await Promise.all(created.map(async (o) => ((await handlingOf(stack, o.id)).workflowTasks.some((t) => t.identity.startsWith(identityOf(worker))) ? o.id : undefined)))).filter(
        (id): id is string => id !== undefined,
      );
    let stages: Record<string, number> = {};
    let spread = false;
    for (const deadline = Date.now() + 60_000; !spread && Date.now() < deadline; await sleep(200)) {
      const current = await Promise.all(created.map((o) => api.order(o.id)));
      stages = tally(current.map((o) => o.stage));
      // a third of the orders or more past intake and not yet won, in two stages or more, some of them on the
      // worker about to die (the first orders may be won already: the funnel takes a few seconds now)
      const inFlight = current.filter((o) => o.stage !== 'new' && o.stage !== 'won');
      const doomedInFlight = (await handledBy(doomed)).filter((id) => inFlight.some((o) => o.id === id));
      spread =
        inFlight.length >= ORDERS / 3 && new Set(inFlight.map((o) => o.stage)).size >= 2 && doomedInFlight.length > 0 && (await handledBy(survivor)).length > 0;
    }
    // the orders were spread over both workers before anything went wrong
    expect(spread, `orders at ${JSON.stringify(stages)} before the kill, and both workers ran some`).toBe(true);
    const orphans = await handledBy(doomed);
    const survivorsOwn = await handledBy(survivor);
    const unfinished = new Set((await Promise.all(created.map((o) => api.order(o.id)))).filter((o) => o.stage !== 'won').map((o) => o.id));
    const killedAt = Date.now();
    await doomed.kill();

    const results = await done;
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    await expectMailDrained(stack, created.map((o) => o.id), 120_000);

    // both workers ran workflow tasks and activities of these orders
    const handling = await Promise.all(created.map((o) => handlingOf(stack, o.id)));
    const everyone = handling.flatMap((h) => [...h.workflowTasks.map((t) => t.identity), ...h.activities]);
    for (const worker of workers) expect(everyone.some((identity) => identity.startsWith(identityOf(worker))), `worker ${identityOf(worker)} did some work`).toBe(true);
    // the killed worker's unfinished orders went on, and ended, on the other
    const moved = orphans.filter((id) => unfinished.has(id));
    expect(moved.length, 'the killed worker had orders in flight').toBeGreaterThan(0);
    for (const id of moved) {
      const tasks = handling[created.findIndex((o) => o.id === id)]!.workflowTasks;
      const after = tasks.filter((t) => t.at > killedAt);
      expect(after.length, `order ${id} had workflow tasks after the kill`).toBeGreaterThan(0);
      expect(after.every((t) => t.identity.startsWith(identityOf(survivor)))).toBe(true);
    }
    const mailers = tally(
      (await stack.db.select({ by: notifications.claimedBy }).from(notifications)).map((r) => (r.by ?? '').split('/')[1] ?? 'none'),
    );
    // both dispatchers took rows from the one outbox while both lived
    for (const worker of workers) expect(mailers[String(worker.child.pid)], `worker ${identityOf(worker)} sent mail`).toBeGreaterThan(0);
    console.info(
      `before the kill worker ${doomed.child.pid} had run ${orphans.length} orders and ${survivor.child.pid} ${survivorsOwn.length}; killed the first with orders at ${JSON.stringify(stages)}; ${moved.length} of its orders finished on ${survivor.child.pid}; ` +
        `${stats.requests} requests over both APIs (${stats.unavailable} answered 503, ${stats.refused} refused as already done); ` +
        `mail rows sent by process ${JSON.stringify(mailers)}; all done ${Date.now() - killedAt} ms after the kill`,
    );

    for (const { id } of created) {
      const won = await expectWonOnce(api, id);
      // one row per step, and each row's message delivered once: a second copy (same Message-ID) only where
      // a dispatcher died between sending and marking, so the row was claimed again
      const outbox = await stack.db.select().from(notifications).where(eq(notifications.orderId, id));
      expect(tally(outbox.filter((r) => r.recipient === won.customer.email).map((r) => r.template))).toEqual(CLIENT_MAIL);
      for (const row of outbox.filter((r) => r.status === 'sent')) {
        const copies = smtp.received.filter((m) => m.messageId === messageIdOf(row.key)).length;
        if (row.attempts === 1) expect(copies, `${row.key} delivered once`).toBe(1);
        else expect(copies, `${row.key} delivered at least once, at most once per claim`).toBeGreaterThanOrEqual(1);
        expect(copies).toBeLessThanOrEqual(row.attempts);
      }
      expect(new Set(smtp.received.filter((m) => m.messageId.includes(id)).map((m) => m.messageId)).size).toBe(outbox.filter((r) => r.status === 'sent').length);
    }
    // both APIs, with their relays, are still up
    for (const a of apis) expect(a.child.exitCode, a.output()).toBeNull();
  }, 300_000);
});
