// An order left unpaid for a long time: its reminders stop at
// PAYMENT_REMINDER_LIMIT and the manager gets a task to call the client; the workflow continues as new when
// its history passes WORKFLOW_HISTORY_LIMIT, carrying its state; then the client pays and the order goes on
// to won, with nothing taken in, reminded, invoiced or counted twice.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, notifications, payments, tasks, timeline } from '../../db/schema.ts';
import { orderWorkflowId } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const LIMIT = 5;

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

// A year of weekly reminders, compressed: the same events in the same order, a second apart, on the real
// server. (simulated-year.test.ts runs the production durations on Temporal's time-skipping test server.)
beforeAll(async () => {
  stack = await startStack({ PAYMENT_TERM: '1s', PAYMENT_REMINDER_INTERVAL: '1s', PAYMENT_REMINDER_LIMIT: String(LIMIT), WORKFLOW_HISTORY_LIMIT: '50', SETTLEMENT_WINDOW: '1s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const count = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length;

describe('an order left unpaid for a long time', () => {
  it('stops reminding at the limit, gives the manager a call, continues as new, and is won once paid', async () => {
    const rows = [{ productId: catalog.chair.id, quantity: 1 }];
    const created = await api.create({ customer: { name: 'ООО Долгострой', email: 'slow@example.com' }, items: rows });
    const workflowId = orderWorkflowId(created.id);
    const firstRunId = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
    await api.completeTask(openTask(created, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(created.id, staff.manager.headers, { items: rows, paymentScheme: 'full_prepayment', prepaymentAmount: created.totals.amount });
    const invoice = qualified.invoices[0]!;

    // the reminders run out; three more intervals pass in which a sixth reminder would have come
    await api.until(created.id, (o) => o.tasks.some((t) => t.type === 'chase_payment'), 'the manager asked to call', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const entries = await stack.db.select().from(timeline).where(eq(timeline.orderId, created.id));
    expect(count(entries, (e) => e.type === 'invoice_overdue')).toBe(LIMIT);
    expect(count(entries, (e) => e.type === 'reminders_stopped')).toBe(1);
    const mails = await stack.db.select().from(notifications).where(eq(notifications.orderId, created.id));
    expect(count(mails, (m) => m.template === 'payment_reminder')).toBe(LIMIT);
    const unpaid = await api.order(created.id);
    expect(unpaid.stage).toBe('prepayment');
    const call = openTask(unpaid, 'chase_payment');
    expect(call.assignee?.id).toBe(staff.manager.id);
    const described = await stack.temporal.workflow.getHandle(workflowId, firstRunId).describe();
    expect(described.status.name).toBe('CONTINUED_AS_NEW');
    const current = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(current.runId).not.toBe(firstRunId);
    expect(current.status.name).toBe('RUNNING');

    // long after, the client pays: the carried run counts it and the order moves on
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'late-but-paid');
    const producing = await api.until(created.id, (o) => o.stage === 'production', 'production after the late payment', 30_000);
    expect(producing.tasks.find((t) => t.id === call.id)?.status).toBe('done');
    for (const task of producing.tasks.filter((t) => t.type === 'production' && t.status === 'open')) await api.completeTask(task.id, staff.productionHead.headers);
    const delivering = await api.delivery(created.id, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
    const won = await api.completeTask(openTask(delivering, 'delivery').id, staff.logistician.headers).then(() => api.order(created.id));
    expect(won.stage).toBe('won');
    expect([won.paid, won.due, won.overpaid]).toEqual([won.totals.amount, 0, 0]);

    // nothing doubled: one intake, one invoice, one payment, one of every mail that goes once
    const after = await stack.db.select().from(timeline).where(eq(timeline.orderId, created.id));
    expect(count(after, (e) => e.type === 'manager_assigned')).toBe(1);
    expect(count(after, (e) => e.type === 'payment_received')).toBe(1);
    expect(count(after, (e) => e.type === 'invoice_overdue')).toBe(LIMIT);
    expect(new Set(after.map((e) => e.key)).size).toBe(after.length);
    const orderTasks = await stack.db.select().from(tasks).where(eq(tasks.orderId, created.id));
    expect(count(orderTasks, (t) => t.type === 'take_in_work')).toBe(1);
    expect(count(orderTasks, (t) => t.type === 'chase_payment')).toBe(1);
    expect(await stack.db.select().from(invoices).where(eq(invoices.orderId, created.id))).toHaveLength(1);
    expect(await stack.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    const allMail = await stack.db.select().from(notifications).where(eq(notifications.orderId, created.id));
    for (const template of ['order_received', 'invoice_issued', 'payment_received', 'order_completed'] as const) {
      expect(count(allMail, (m) => m.template === template), template).toBe(1);
    }
    expect(new Set(allMail.map((m) => m.key)).size).toBe(allMail.length);
    await recordHistory(stack, created.id, 'long-unpaid-continued');
  }, 300_000);
});
