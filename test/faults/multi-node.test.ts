// More than one machine: two worker processes and two API processes against one Temporal server and one
// PostgreSQL, as production runs them. Orders come in through both APIs and are driven through both; the
// histories must show both workers at work; one worker is killed with SIGKILL mid-way and its orders must
// finish on the other; and nothing is doubled: tasks, invoices, payments, notification rows, delivered mail.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema.ts';
import { messageIdOf } from '../../integrations/mail/compose.ts';
import { handlingOf, identityOf, roundRobin, startCluster, type Cluster } from '../helpers/cluster.ts';
import { driveToWon, httpTransport, type DriveStats } from '../helpers/driver.ts';
import { client, hireStaff, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

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
const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

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

    // kill one worker once the orders are at three or more stages and both workers have run some of them
    const handledBy = async (prefix: string) =>
      (await Promise.all(created.map(async (o) => ((await handlingOf(stack, o.id)).workflowTasks.some((t) => t.identity.startsWith(prefix)) ? o.id : undefined)))).filter(
        (id): id is string => id !== undefined,
      );
    let stages: Record<string, number> = {};
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
      stages = tally(await Promise.all(created.map(async (o) => (await api.order(o.id)).stage)));
      if (Object.keys(stages).length >= 3 && !stages.new && (await handledBy(identityOf(survivor))).length > 0) break;
    }
    const orphans = await handledBy(identityOf(doomed));
    const unfinished = new Set((await Promise.all(created.map((o) => api.order(o.id)))).filter((o) => o.stage !== 'won').map((o) => o.id));
    const killedAt = Date.now();
    await doomed.kill();

    const results = await done;
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    // the last messages: a claim the killed dispatcher held goes stale before the survivor sends it again
    const pending = async () => {
      const [row] = await stack.db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where status not in ('sent', 'skipped')`);
      const descriptions = await Promise.all(created.map((o) => stack.temporal.workflow.getHandle(`order-${o.id}`).describe()));
      return row!.n + descriptions.reduce((sum, d) => sum + (d.raw.pendingActivities?.length ?? 0), 0);
    };
    for (const deadline = Date.now() + 120_000; (await pending()) > 0 && Date.now() < deadline; ) await sleep(500);
    expect(await pending()).toBe(0);

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
    console.info(
      `killed worker ${doomed.child.pid} with orders at ${JSON.stringify(stages)}; ${moved.length} of its orders finished on ${survivor.child.pid}; ` +
        `${stats.requests} requests over both APIs (${stats.unavailable} answered 503, ${stats.refused} refused as already done); ` +
        `mail rows sent by process ${JSON.stringify(mailers)}; all done ${Date.now() - killedAt} ms after the kill`,
    );

    for (const { id } of created) {
      const won = await api.order(id);
      expect(won.stage).toBe('won');
      expect(tally(won.tasks.map((t) => t.type))).toEqual({ take_in_work: 1, qualify: 1, production: 2, enter_delivery_data: 1, delivery: 1 });
      expect(won.tasks.every((t) => t.status === 'done')).toBe(true);
      expect(won.invoices.map((i) => [i.kind, i.status])).toEqual([
        ['prepayment', 'paid'],
        ['postpayment', 'paid'],
      ]);
      expect(won).toMatchObject({ paid: won.totals.amount, due: 0, overpaid: 0 });
      const payments = await api.ok<{ items: { source: string }[] }>('GET', `/api/v1/orders/${id}/payments`);
      expect(payments.items.map((p) => p.source).sort()).toEqual(['cloudpayments', 'manual']);
      const stageChanges = (await api.timeline(id)).filter((e) => e.type === 'stage_changed').map((e) => e.data.to);
      expect(stageChanges).toEqual(['qualification', 'prepayment', 'production', 'postpayment', 'delivery_data', 'delivery', 'won']);

      // one row per step, and each row's message delivered once: a second copy (same Message-ID) only where
      // a dispatcher died between sending and marking, so the row was claimed again
      const outbox = await stack.db.select().from(notifications).where(eq(notifications.orderId, id));
      expect(tally(outbox.filter((r) => r.recipient === won.customer.email).map((r) => r.template))).toEqual({
        order_received: 1,
        invoice_issued: 2,
        payment_received: 2,
        production_complete: 1,
        delivery_scheduled: 1,
        order_completed: 1,
      });
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
