// Warnings and escalation with short configured durations over the real Temporal server and a real SMTP
// server: the assignee hears before the deadline, the manager and management after it, each once; a task done
// in time warns nobody; the order's manager hears when the client pays and when production is complete.
// The stack's calendar is always working (test/helpers/stack.ts), so the shares and delays are plain time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type Employee, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;
let director: Employee & { email?: string };
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  smtp = await startSmtp();
  stack = await startStack({ SMTP_URL: smtp.url, SLA_TAKE_IN_WORK: '4s', SLA_QUALIFY: '1h', TASK_WARNING_AT: '50%', ESCALATION_DELAY: '2s', PUBLIC_BASE_URL: 'https://orders.factory.example' });
  staff = await hireStaff(stack);
  director = await createEmployee(stack.app, { department: 'management', name: 'Директор' });
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customer = { name: 'Медленный Клиент', email: 'slow@example.com' };
const emailOf = async (id: string) => (await api.ok<{ email: string }>('GET', `/api/v1/employees/${id}`)).email;
/** The summaries of the order's local activities, as its history holds them. */
async function calendarCalls(orderId: string): Promise<string[]> {
  const events = (await stack.temporal.workflow.getHandle(`order-${orderId}`).fetchHistory()).events ?? [];
  return events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && e.userMetadata?.summary?.data)
    .map((e) => JSON.parse(Buffer.from(e.userMetadata!.summary!.data!).toString('utf8')) as string);
}
const mailOf = (orderId: string, template: string) => smtp.received.filter((m) => m.messageId.includes(orderId) && m.template === template);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(100)) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
  }
}

describe('warnings and escalation', () => {
  it('warn the assignee at half the time, mark the task overdue, then tell the manager and management, each once and in order', async () => {
    const order = await api.create({ customer });
    const task = openTask(order, 'take_in_work');
    const types = async () => (await api.timeline(order.id)).map((e) => e.type);
    await waitFor('escalation on the timeline', async () => (await types()).includes('task_escalated'));
    const timeline = await api.timeline(order.id);
    const at = (type: string) => Date.parse(timeline.find((e) => e.type === type)!.at);
    const created = Date.parse(order.createdAt);
    // warned at half of the four seconds, overdue at four, escalated two later (timers count from the workflow's clock)
    expect(at('task_warning') - created).toBeGreaterThanOrEqual(1_500);
    expect(at('task_warning')).toBeLessThan(at('task_overdue'));
    expect(at('task_escalated') - at('task_overdue')).toBeGreaterThanOrEqual(1_500);
    expect(timeline.find((e) => e.type === 'task_warning')!.data).toMatchObject({ taskId: task.id, assigneeId: staff.manager.id });
    expect(timeline.find((e) => e.type === 'task_escalated')!.text).toContain('Эскалация');

    const managerEmail = await emailOf(staff.manager.id);
    const directorEmail = await emailOf(director.id);
    const soon = await waitFor('the warning e-mail', () => mailOf(order.id, 'task_deadline_soon')[0]);
    expect(soon.to).toBe(managerEmail);
    expect(soon.subject).toContain('Скоро срок задачи');
    expect(soon.text).toContain(`https://orders.factory.example/orders/${order.id}`);
    const escalated = await waitFor('both escalation e-mails', () => {
      const seen = mailOf(order.id, 'task_escalated');
      return seen.length >= 2 ? seen : undefined;
    });
    expect(escalated.map((m) => m.to).sort()).toEqual([managerEmail, directorEmail].sort());

    // nothing is repeated while the task stays open
    await sleep(2_500);
    const after = await types();
    for (const type of ['task_warning', 'task_overdue', 'task_escalated']) expect(after.filter((t) => t === type)).toHaveLength(1);
    expect(mailOf(order.id, 'task_deadline_soon')).toHaveLength(1);
    expect(mailOf(order.id, 'task_escalated')).toHaveLength(2);

    await api.completeTask(task.id, staff.manager.headers);
    await api.cancel(order.id, staff.manager.headers);
    await recordHistory(stack, order.id, 'task-warnings-escalation');
  });

  it('warn nobody of a task done in time', async () => {
    const order = await api.create({ customer });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    await sleep(6_500);
    const types = (await api.timeline(order.id)).map((e) => e.type);
    expect(types).not.toContain('task_warning');
    expect(types).not.toContain('task_escalated');
    expect(mailOf(order.id, 'task_deadline_soon')).toHaveLength(0);
    await api.cancel(order.id, staff.manager.headers);
    // each task's warning and escalation came with its deadline, in the same calendar call
    const calls = await calendarCalls(order.id);
    expect(calls.some((summary) => summary.startsWith('Срок взятия в работу, предупреждения и эскалация'))).toBe(true);
    expect(calls.filter((summary) => summary.startsWith('Сроки предупреждений и эскалации'))).toEqual([]);
  });
});

describe('the order’s manager', () => {
  it('hears when the client pays and when production is complete; every task says what it asks for', async () => {
    const items = [{ productId: catalog.chair.id, quantity: 1 }];
    const created = await api.create({ customer: { ...customer, phone: '+7 900 111-22-33' }, items, comment: 'покрыть лаком' });
    await api.completeTask(openTask(created, 'take_in_work').id, staff.manager.headers);
    const order = await api.qualify(created.id, staff.manager.headers, { items, paymentScheme: 'full_prepayment' });
    const invoice = order.invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'all');
    const producing = await api.until(order.id, (o) => o.stage === 'production', 'production');
    const made = openTask(producing, 'production');
    await api.completeTask(made.id, made.assignee ? staff.makers.find((m) => m.id === made.assignee!.id)!.headers : staff.productionHead.headers);
    await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');

    // each task says what it asks for, in its API object and its e-mail, with a link to the order
    const description = (made as { description?: string }).description;
    expect(description).toContain('Позиция: Стул × 1');
    expect(description).toContain('Комментарий к заказу: покрыть лаком');
    const madeMail = await waitFor('the maker’s e-mail', () => mailOf(order.id, 'task_assigned').find((m) => m.text.includes('Позиция: Стул')));
    expect(madeMail.text).toContain(`https://orders.factory.example/orders/${order.id}`);
    const shipping = await api.delivery(order.id, staff.manager.headers, { method: 'delivery', carrier: 'Деловые линии', address: 'Москва, ул. Ленина, 1', shipDate: shipDateAhead() });
    const shipDescription = (openTask(shipping, 'delivery') as { description?: string }).description;
    expect(shipDescription).toContain('Доставка, перевозчик: Деловые линии');
    expect(shipDescription).toContain('Адрес: Москва, ул. Ленина, 1');
    expect(shipDescription).toContain('Позиции: Стул × 1');
    expect(shipDescription).toContain('Контакт клиента: Медленный Клиент, +7 900 111-22-33, slow@example.com');

    const managerEmail = await emailOf(staff.manager.id);
    const paid = await waitFor('the payment e-mail', () => mailOf(order.id, 'manager_payment_received')[0]);
    expect(paid.to).toBe(managerEmail);
    expect(paid.text).toContain('Заказ оплачен полностью');
    expect(paid.text).toContain(`https://orders.factory.example/orders/${order.id}`);
    const complete = await waitFor('the production e-mail', () => mailOf(order.id, 'manager_production_complete')[0]);
    expect(complete.to).toBe(managerEmail);
    // the client's own messages never carry the workspace address
    expect(smtp.received.filter((m) => m.messageId.includes(order.id) && m.to === customer.email).every((m) => !m.text.includes('/orders/'))).toBe(true);
    await api.cancel(order.id, staff.manager.headers);
    const lost = await api.order(order.id);
    for (const task of lost.tasks.filter((t) => t.type === 'refund' && t.status === 'open')) await api.completeTask(task.id, staff.accountant.headers);
    await recordHistory(stack, order.id, 'manager-notices');
  });
});
