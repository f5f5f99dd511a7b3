// Deadlines are workflow timers, here with short configured durations: an open task turns overdue and
// stays completable; a completed one never does; an unpaid invoice is marked and reminded until paid.
// The test stack's calendar is `mon-sun 00:00-24:00 none` (test/helpers/stack.ts): working time is calendar
// time, so these raw durations hold at any hour; calendar-deadlines.test.ts covers the company calendar.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { searchAttributes } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, recordHistory, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ SLA_TAKE_IN_WORK: '2s', SLA_QUALIFY: '1h', PAYMENT_TERM: '1s', PAYMENT_REMINDER_INTERVAL: '1s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'Late Client', email: 'late@example.com' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('task deadlines', () => {
  it('turn an open task overdue: task and order flags, timeline, search attribute; it can still be completed', async () => {
    const order = await api.create({ customer, items: [{ productId: catalog.chair.id, quantity: 1 }] });
    const task = openTask(order, 'take_in_work');
    expect(Date.parse(task.deadline) - Date.parse(order.createdAt)).toBeLessThan(3_000);

    const overdue = await api.until(order.id, (o) => o.overdue, 'overdue');
    expect(overdue.tasks[0]).toMatchObject({ id: task.id, status: 'open', overdue: true });
    const entry = (await api.timeline(order.id)).find((e) => e.type === 'task_overdue');
    expect(entry?.data).toMatchObject({ taskId: task.id, taskType: 'take_in_work', assigneeId: staff.manager.id });
    const listed = await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/orders?overdue=true');
    expect(listed.items.map((o) => o.id)).toContain(order.id);
    const overdueTasks = await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tasks?overdue=true&status=open');
    expect(overdueTasks.items.map((t) => t.id)).toContain(task.id);
    const handle = stack.temporal.workflow.getHandle(`order-${order.id}`);
    // upserted in the workflow task after the read-model write: it may trail the API by a moment
    await vi.waitFor(async () => expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.overdue)).toBe(true));

    const done = await api.completeTask(task.id, staff.manager.headers);
    expect(done).toMatchObject({ status: 'done', overdue: true });
    const after = await api.order(order.id);
    expect(after).toMatchObject({ stage: 'qualification', overdue: false });
    expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.overdue)).toBe(false);
    await api.cancel(order.id, staff.manager.headers);
    await recordHistory(stack, order.id, 'task-overdue');
  });

  it('never turn a task completed in time overdue', async () => {
    const order = await api.create({ customer });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    await sleep(3_000);
    const later = await api.order(order.id);
    expect(later.overdue).toBe(false);
    expect(later.tasks.every((t) => !t.overdue)).toBe(true);
    expect(await api.timelineTypes(order.id)).not.toContain('task_overdue');
  });
});

describe('invoice due dates', () => {
  it('mark an unpaid invoice overdue, remind at each interval, and stop once it is paid', async () => {
    const created = await api.create({ customer, items: [{ productId: catalog.chair.id, quantity: 1 }] });
    await api.completeTask(openTask(created, 'take_in_work').id, staff.manager.headers);
    const order = await api.qualify(created.id, staff.manager.headers, { items: [{ productId: catalog.chair.id, quantity: 1 }], paymentScheme: 'full_prepayment' });
    const invoice = order.invoices[0]!;

    const reminders = async () => (await api.timeline(order.id)).filter((e) => e.type === 'invoice_overdue');
    const deadline = Date.now() + 15_000;
    while ((await reminders()).length < 3 && Date.now() < deadline) await sleep(200);
    const seen = await reminders();
    expect(seen.slice(0, 3).map((e) => e.data.reminder)).toEqual([0, 1, 2]);
    expect(seen[0]!.data).toMatchObject({ invoiceId: invoice.id, number: invoice.number, due: invoice.amount });

    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'finally');
    await api.until(order.id, (o) => o.stage === 'production', 'production');
    const count = (await reminders()).length;
    await sleep(2_500);
    expect((await reminders()).length).toBe(count);
    await api.cancel(order.id, staff.manager.headers);
    const lost = await api.order(order.id);
    for (const task of lost.tasks.filter((t) => t.type === 'refund')) await api.completeTask(task.id, staff.accountant.headers);
    await recordHistory(stack, order.id, 'invoice-reminders');
  });
});
