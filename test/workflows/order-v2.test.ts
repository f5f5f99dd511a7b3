// orderWorkflowV2 against the real stack: every message a step causes is queued in the outbox with the
// step's change (keys from the workflow and the step, template, recipient, invoice and attach flags), and an
// operator reading the order's history finds a summary on every timer and every activity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { employees, notifications } from '../../db/schema.ts';
import { ORDER_WORKFLOW, orderWorkflowId } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ SETTLEMENT_WINDOW: '2s', PAYMENT_TERM: '1s', PAYMENT_REMINDER_INTERVAL: '1h' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const rows = () => [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }];

/** Waits for the prepayment invoice's due date (PAYMENT_TERM 1s) to pass and be written to the timeline. */
async function reminded(orderId: string) {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if ((await api.timelineTypes(orderId)).includes('invoice_overdue')) return;
  }
  throw new Error(`order ${orderId} was never reminded of its prepayment`);
}

/** Runs a partial-prepayment order to won, letting the prepayment invoice's due date pass once. */
async function wonOrder(email: string) {
  const order = await api.create({ customer: { name: 'ООО Ромашка', email }, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const qualified = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'partial_prepayment', prepaymentAmount: 500_000 });
  const prepayment = qualified.invoices[0]!;
  await reminded(order.id);
  await api.pay(prepayment.id, staff.accountant.headers, prepayment.amount, 'pre');
  const producing = await api.until(order.id, (o) => o.stage === 'production', 'production');
  for (const task of producing.tasks.filter((t) => t.type === 'production')) await api.completeTask(task.id, staff.productionHead.headers, { notifyClient: true });
  const rest = (await api.order(order.id)).invoices.find((i) => i.kind === 'postpayment')!;
  await api.pay(rest.id, staff.accountant.headers, rest.amount, 'post');
  await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
  const delivery = await api.delivery(order.id, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
  await api.completeTask(openTask(delivery, 'delivery').id, staff.logistician.headers);
  return { order: await api.order(order.id), prepayment, rest };
}

describe('orderWorkflowV2', () => {
  it('queues one outbox row per message with the change that causes it, and sends none itself', async () => {
    const { order, prepayment, rest } = await wonOrder('buyer@example.com');
    expect(order.stage).toBe('won');
    const queued = await stack.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    // keys derive from the workflow, the event that caused the message and its step in it, and the template
    const workflowId = orderWorkflowId(order.id);
    const shaped = new RegExp(`^${workflowId}:(intake|update:[0-9a-f-]+|payment:[^:]+|due:[0-9a-f-]+:\\d+|deadline:[0-9a-f-]+):mail:\\d+:[a-z_]+`);
    expect(queued.map((row) => row.key).filter((key) => !shaped.test(key))).toEqual([]);
    expect(new Set(queued.map((row) => row.key)).size).toBe(queued.length);
    const toClient = queued.filter((row) => row.recipient === 'buyer@example.com').map((row) => row.template);
    expect(toClient.sort()).toEqual(
      ['order_received', 'invoice_issued', 'payment_received', 'item_produced', 'item_produced', 'production_complete', 'invoice_issued', 'payment_received', 'delivery_scheduled', 'order_completed', 'payment_reminder'].sort(),
    );
    const invoiceMail = queued.filter((row) => row.template === 'invoice_issued');
    expect(invoiceMail.map((row) => [row.invoiceId, row.attachInvoice]).sort()).toEqual([[prepayment.id, true], [rest.id, true]].sort());
    const reminder = queued.find((row) => row.template === 'payment_reminder')!;
    expect([reminder.invoiceId, reminder.attachInvoice]).toEqual([prepayment.id, false]);
    const emailOf = new Map((await stack.db.select({ id: employees.id, email: employees.email }).from(employees)).map((e) => [e.id, e.email]));
    expect(queued.find((row) => row.template === 'payment_overdue')?.recipient).toBe(emailOf.get(staff.manager.id));
    const assigned = queued.filter((row) => row.template === 'task_assigned');
    expect(assigned.map((row) => row.recipient).sort()).toEqual(order.tasks.filter((t) => t.assignee).map((t) => emailOf.get(t.assignee!.id)).sort());
    expect(queued.find((row) => row.template === 'order_received')!.key).toMatch(new RegExp(`^${workflowId}:intake:mail:\\d+:order_received$`));
    // the workflow schedules no activity per e-mail: the dispatcher sends what the change queued
    const history = await stack.temporal.workflow.getHandle(orderWorkflowId(order.id)).fetchHistory();
    const scheduled = (history.events ?? []).map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled).not.toContain('notify');
    await recordHistory(stack, order.id, 'notified-partial-prepayment');
  });

  it('names every timer and every activity of an order in its history', async () => {
    const { order } = await wonOrder('summaries@example.com');
    const handle = stack.temporal.workflow.getHandle(orderWorkflowId(order.id));
    await handle.result();
    const description = await handle.describe();
    expect(description.type).toBe(ORDER_WORKFLOW);
    const events = (await handle.fetchHistory()).events ?? [];
    const summaryOf = (event: (typeof events)[number]) => {
      const payload = event.userMetadata?.summary;
      return payload?.data ? (JSON.parse(Buffer.from(payload.data).toString('utf8')) as string) : undefined;
    };
    const timers = events.filter((e) => e.timerStartedEventAttributes);
    const activities = events.filter((e) => e.activityTaskScheduledEventAttributes);
    // a patch marker (patched('task-warnings-v1')) is the SDK's own and carries no summary
    const locals = events.filter((e) => e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== 'core_patch');
    expect(timers.length).toBeGreaterThanOrEqual(8);
    expect(activities.length + locals.length).toBeGreaterThanOrEqual(10);
    for (const event of [...timers, ...activities, ...locals]) expect(summaryOf(event), `event ${event.eventId}`).toMatch(/[а-яё]/i);
    const timerSummaries = timers.map(summaryOf);
    expect(timerSummaries).toContainEqual(expect.stringMatching(/^Срок задачи «Взять в работу» \(Мария Менеджер\), \d{4}-\d\d-\d\d \d\d:\d\d$/));
    expect(timerSummaries).toContainEqual(expect.stringMatching(/^Напоминание 1 по счёту /));
    expect(timerSummaries).toContainEqual(expect.stringMatching(/^Окно поздних платежей до \d{4}-\d\d-\d\d$/));
    expect(activities.map(summaryOf)).toContainEqual(expect.stringMatching(/^Счёт на предоплату по заказу /));
  });

  it('says in its current details what the order waits for and its next deadline', async () => {
    const order = await api.create({ customer: { name: 'ООО Ромашка', email: 'details@example.com' }, items: rows() });
    const handle = stack.temporal.workflow.getHandle(orderWorkflowId(order.id));
    const details = async () => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails.split('\n');
    expect(await details()).toEqual([
      '**Ждёт:** менеджер берёт заказ в работу',
      // the warning at TASK_WARNING_AT of the task's time comes before its deadline
      expect.stringMatching(/^\*\*Ближайший срок:\*\* Предупреждение о сроке «Взять в работу» \(Мария Менеджер\), \d{4}-\d\d-\d\d \d\d:\d\d$/),
    ]);
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    expect(await details()).toEqual(['**Ждёт:** клиент вносит предоплату', expect.stringMatching(/^\*\*Ближайший срок:\*\* Срок оплаты счёта INV-/)]);
  });
});

