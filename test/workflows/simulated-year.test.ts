// The order's real workflow, activities and API on Temporal's time-skipping test server, so that days and
// months pass in seconds with the production durations: an order left unpaid for a simulated year (reminders
// stop at PAYMENT_REMINDER_LIMIT, the manager is asked to call, the history continues as new, the client
// pays, the order is won), and a task's warning and escalation carried over a weekend by the working calendar.
// The test server (`temporal-test-server`, from Temporal's Java SDK) is started here rather than by the suite:
// its clock is shared, so it serves this file alone. It accepts custom search attributes once they are added
// through its OperatorService (its ListSearchAttributes is not implemented, so `ensureSearchAttributes` of
// scripts/stack/temporal.ts, which lists first, cannot be used).
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection.js';
import { msToTs, tsToMs } from '@temporalio/common/lib/time.js';
import { temporal as proto } from '@temporalio/proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, payments, tasks, timeline } from '../../db/schema.ts';
import { findTool } from '../../scripts/stack/tools.ts';
import { orderWorkflowId, SEARCH_ATTRIBUTE_TYPES } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, shipDateAhead, stockCatalog, type OrderJson } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { COMPANY_CALENDAR, startStack, type Stack } from '../helpers/stack.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: ChildProcess | undefined;
let connection: Connection;

/**
 * Starts a test server of its own for one describe block: the clock can only move forward, and every order
 * here must start with the server's clock at the API's (POST /orders and the commands stamp events with it).
 */
async function startTestServer(): Promise<string> {
  const port = await freePort();
  server = spawn(findTool('temporal-test-server'), [String(port)], { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      // the SDK's own switch for the test server's TestService (what @temporalio/testing sets)
      connection = await Connection.connect({ address, [InternalConnectionOptionsSymbol]: { supportsTestService: true } } as ConnectionOptions);
      await connection.workflowService.getSystemInfo({});
      break;
    } catch (error) {
      if (attempt > 150) throw error;
      await sleepReal(200);
    }
  }
  const type = proto.api.enums.v1.IndexedValueType;
  const indexed = { Keyword: type.INDEXED_VALUE_TYPE_KEYWORD, Int: type.INDEXED_VALUE_TYPE_INT, Bool: type.INDEXED_VALUE_TYPE_BOOL } as const;
  await connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([name, t]) => [name, indexed[t]])),
  });
  return address;
}

async function stopTestServer(): Promise<void> {
  await connection?.close();
  server?.kill();
  server = undefined;
}

function sleepReal(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
const serverNow = async () => tsToMs((await connection.testService!.getCurrentTime({})).time);

/** Moves the server's clock `ms` ahead (timers due on the way fire), then waits for the order's workflow to settle. */
async function pass(stack: Stack, orderId: string, ms: number): Promise<void> {
  await connection.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
  await settled(stack, orderId);
}

/** Resolves when the workflow has no activity running and its read model has stopped changing. */
async function settled(stack: Stack, orderId: string): Promise<void> {
  let last = -1;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleepReal(50)) {
    const described = await stack.temporal.workflow.getHandle(orderWorkflowId(orderId)).describe();
    const busy = (described.raw.pendingActivities?.length ?? 0) > 0;
    const entries = (await stack.db.select({ id: timeline.id }).from(timeline).where(eq(timeline.orderId, orderId))).length;
    if (!busy && entries === last) return;
    last = busy ? -1 : entries;
  }
  throw new Error(`the workflow of order ${orderId} never settled`);
}

const count = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length;
const rows = (stack: Stack, orderId: string) => stack.db.select().from(timeline).where(eq(timeline.orderId, orderId));

const moscow = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Moscow', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** Whether an instant is in Moscow working hours on a weekday: "Mon 10:06" and the like. */
const inWorkingHours = (at: number) => {
  const [day, time] = moscow.format(at).replace(',', '').split(' ');
  return !['Sat', 'Sun'].includes(day!) && time! >= '09:00' && time! <= '18:00';
};

describe('a task over a weekend, in the company calendar', () => {
  let stack: Stack;
  beforeAll(async () => {
    // more than five working days to take the order in work: whenever the test runs, a weekend lies before the deadline
    stack = await startStack({ TEMPORAL_ADDRESS: await startTestServer(), ...COMPANY_CALENDAR, SLA_TAKE_IN_WORK: '50h' });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await stopTestServer();
  });

  it('is warned of, overdue and escalated in working hours only, each once', async () => {
    await hireStaff(stack);
    const api = client(stack);
    const began = Date.now();
    const order = await api.create({ customer: { name: 'Пятничный Клиент', email: 'friday@example.com' } });
    const task = openTask(order, 'take_in_work');
    const created = Date.parse(order.createdAt);
    const deadline = Date.parse(task.deadline);
    const days = Array.from({ length: Math.ceil((deadline - created) / DAY) + 1 }, (_, i) => moscow.format(Math.min(created + i * DAY, deadline)));
    expect(days.some((d) => d.startsWith('Sat'))).toBe(true);
    await settled(stack, order.id);

    // the week passes in six-hour steps; nothing is said before 80% of the working time
    while ((await serverNow()) < deadline + 2 * DAY) await pass(stack, order.id, 6 * HOUR);
    const entries = await rows(stack, order.id);
    const at = (type: string) => entries.find((e) => e.type === type)!.at.getTime();
    for (const type of ['task_warning', 'task_overdue', 'task_escalated']) expect(count(entries, (e) => e.type === type), type).toBe(1);
    expect(at('task_warning')).toBeGreaterThan(created + 0.8 * (deadline - created) - 3 * DAY);
    expect(at('task_warning')).toBeLessThan(deadline);
    expect(Math.abs(at('task_overdue') - deadline)).toBeLessThan(1_000);
    expect(at('task_escalated') - deadline).toBeGreaterThanOrEqual(4 * HOUR);
    for (const type of ['task_warning', 'task_overdue', 'task_escalated']) expect(inWorkingHours(at(type)), `${type} at ${moscow.format(at(type))}`).toBe(true);
    const mail = await stack.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    expect(count(mail, (m) => m.template === 'task_deadline_soon')).toBe(1);
    expect(count(mail, (m) => m.template === 'task_escalated')).toBeGreaterThanOrEqual(1);
    // more than a week of the order's time in well under a minute of ours
    expect(Date.now() - began).toBeLessThan(60_000);
  }, 300_000);
});

describe('an order left unpaid for a simulated year', () => {
  let stack: Stack;
  beforeAll(async () => {
    // the production durations (PAYMENT_TERM 3d, reminders every 2d, at most 5, SLAs); only the history size is
    // the smallest allowed, so that a year with little happening still continues as new
    stack = await startStack({ TEMPORAL_ADDRESS: await startTestServer(), WORKFLOW_HISTORY_LIMIT: '50' });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await stopTestServer();
  });

  it('stops reminding at five, asks the manager to call, continues as new, and is won when paid a year late', async () => {
    const staff = await hireStaff(stack);
    const catalog = await stockCatalog(stack);
    const api = client(stack);
    const began = Date.now();
    const items = [{ productId: catalog.chair.id, quantity: 1 }];
    const created = await api.create({ customer: { name: 'ООО Долгострой', email: 'slow@example.com' }, items });
    const workflowId = orderWorkflowId(created.id);
    const firstRunId = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
    await api.completeTask(openTask(created, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(created.id, staff.manager.headers, { items, paymentScheme: 'full_prepayment', prepaymentAmount: created.totals.amount });
    const invoice = qualified.invoices[0]!;
    await settled(stack, created.id);

    // a year: hour by hour while reminders are due, then a day at a time. (The test server's clock does not wait
    // for an activity in flight, so a timer armed after one counts from the end of the step it ran in.)
    const start = await serverNow();
    while ((await serverNow()) < start + 20 * DAY) await pass(stack, created.id, HOUR);
    while ((await serverNow()) < start + 365 * DAY) await pass(stack, created.id, DAY);

    const entries = await rows(stack, created.id);
    expect(count(entries, (e) => e.type === 'invoice_overdue')).toBe(5);
    expect(count(entries, (e) => e.type === 'reminders_stopped')).toBe(1);
    const overdue = entries.filter((e) => e.type === 'invoice_overdue').map((e) => e.at.getTime()).sort();
    // the first after the three days' term, then PAYMENT_REMINDER_INTERVAL (2 days) apart at REMINDER_HOUR: every
    // day works in this test's calendar. (This found reminders three days apart, counted from the moment the
    // previous one fired, a moment after that hour.)
    expect(overdue[0]! - Date.parse(invoice.issuedAt)).toBeGreaterThanOrEqual(2 * DAY);
    for (const [i, at] of overdue.slice(1).entries()) expect(Math.abs((at - overdue[i]!) / HOUR - 48)).toBeLessThan(1 / 60);
    const mails = await stack.db.select().from(notifications).where(eq(notifications.orderId, created.id));
    expect(count(mails, (m) => m.template === 'payment_reminder')).toBe(5);
    const unpaid = await api.order(created.id);
    expect(unpaid.stage).toBe('prepayment');
    const call = openTask(unpaid, 'chase_payment');
    expect(call.assignee?.id).toBe(staff.manager.id);
    expect((await stack.temporal.workflow.getHandle(workflowId, firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
    const current = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(current.runId).not.toBe(firstRunId);
    expect(current.status.name).toBe('RUNNING');

    // a year on, the client pays: the carried run counts it and the order goes on to won
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'a-year-late');
    const producing = await api.until(created.id, (o: OrderJson) => o.stage === 'production', 'production after the late payment', 30_000);
    expect(producing.tasks.find((t) => t.id === call.id)?.status).toBe('done');
    for (const task of producing.tasks.filter((t) => t.type === 'production' && t.status === 'open')) await api.completeTask(task.id, staff.productionHead.headers);
    // the API checks the ship date by its own clock, which has not moved
    await api.delivery(created.id, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
    await settled(stack, created.id);
    await api.completeTask(openTask(await api.order(created.id), 'delivery').id, staff.logistician.headers);
    const won = await api.until(created.id, (o) => o.stage === 'won', 'won', 30_000);
    expect([won.paid, won.due, won.overpaid]).toEqual([won.totals.amount, 0, 0]);

    // nothing doubled across the runs
    const after = await rows(stack, created.id);
    expect(count(after, (e) => e.type === 'payment_received')).toBe(1);
    expect(count(after, (e) => e.type === 'invoice_overdue')).toBe(5);
    expect(new Set(after.map((e) => e.key)).size).toBe(after.length);
    const orderTasks = await stack.db.select().from(tasks).where(eq(tasks.orderId, created.id));
    expect(count(orderTasks, (t) => t.type === 'chase_payment')).toBe(1);
    expect(await stack.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    console.log(`a simulated year in ${Math.round((Date.now() - began) / 1000)} s`);
  }, 600_000);
});
