// Changes to an order over HTTP with the real Temporal server, PostgreSQL and SMTP: the client's details, rows
// and scheme before production, rows in production, the delivery. Each on the timeline with who changed what
// from what; refused with 409 (and nothing changed) where the stage does not allow it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  smtp = await startSmtp();
  stack = await startStack({ SMTP_URL: smtp.url, MAIL_FROM: 'Orders <orders@factory.example>', SETTLEMENT_WINDOW: '2s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.stop();
});

const TABLE = 1_250_000;
const CHAIR = 350_000;
const table = () => ({ productId: catalog.table.id, quantity: 1 });
const chair = (quantity = 1) => ({ productId: catalog.chair.id, quantity });
const url = (id: string, path = '') => `/api/v1/orders/${id}${path}`;

async function inQualification(customer: Record<string, unknown> = { name: 'ИП Петров', phone: '+7 900 000-00-00' }, items = [table(), chair(2)]): Promise<OrderJson> {
  const order = await api.create({ customer, items });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.order(order.id);
}

async function paid(order: OrderJson, amount: number, reference: string): Promise<void> {
  const invoice = order.invoices.find((i) => i.status === 'issued' || i.status === 'partially_paid')!;
  await api.pay(invoice.id, staff.accountant.headers, amount, reference);
}

/** A change that must be refused: the status and code, and the order and its timeline as they were. */
async function refused(orderId: string, method: 'POST' | 'PATCH', path: string, body: unknown, status: number, code: string, headers = staff.manager.headers) {
  const before = await api.order(orderId);
  const timelineBefore = await api.timelineTypes(orderId);
  const response = await api.call(method, url(orderId, path), headers, body);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect({ ...(await api.order(orderId)), updatedAt: undefined }).toEqual({ ...before, updatedAt: undefined });
  expect(await api.timelineTypes(orderId)).toEqual(timelineBefore);
}

/** Waits until every queued message of the order is sent: each one writes its own timeline entry. */
async function mailSettled(orderId: string) {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const { items } = await api.ok<{ items: { status: string }[] }>('GET', url(orderId, '/notifications'));
    if (items.every((n) => n.status !== 'pending' && n.status !== 'sending')) return;
  }
  throw new Error(`mail of order ${orderId} never settled`);
}

const entryOf = async (orderId: string, type: string) => (await api.timeline(orderId)).filter((e) => e.type === type);

/** Mail received for `address` from `template`, once `count` of them have come (or the wait is over). */
async function mailTo(address: string, template: string, count = 1) {
  const found = () => smtp.received.filter((m) => m.to.includes(address) && m.template === template);
  for (const deadline = Date.now() + 20_000; found().length < count && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  return found();
}

describe('the client’s details', () => {
  it('change in an open stage, later messages go to the new address, and the timeline says who changed what from what', async () => {
    const order = await inQualification({ name: 'Ошибка Опечаткин', email: 'old-typo@example.com' });
    const changed = await api.ok<OrderJson>('PATCH', url(order.id), staff.manager.headers, { customer: { name: 'Иван Исправленный', email: 'right@example.com', locale: 'en' } });
    expect(changed.customer).toMatchObject({ name: 'Иван Исправленный', email: 'right@example.com' });
    const [entry] = await entryOf(order.id, 'customer_changed');
    expect(entry!.data).toEqual({
      fields: ['name', 'email', 'locale'],
      before: { name: 'Ошибка Опечаткин', email: 'old-typo@example.com', locale: 'ru' },
      after: { name: 'Иван Исправленный', email: 'right@example.com', locale: 'en' },
    });
    expect(entry!.actor).toMatchObject({ id: staff.manager.id });
    expect(entry!.text).toContain('old-typo@example.com');

    const prepayment = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    expect(prepayment.stage).toBe('prepayment');
    const invoiceMail = await mailTo('right@example.com', 'invoice_issued');
    expect(invoiceMail).toHaveLength(1);
    // in the client's new language
    expect(invoiceMail[0]!.subject).toMatch(/^Invoice /);
    const queued = (await api.ok<{ items: { recipient: string | null; template: string }[] }>('GET', url(order.id, '/notifications'))).items;
    expect(queued.find((n) => n.template === 'invoice_issued')!.recipient).toBe('right@example.com');

    // the same values again change nothing
    await api.ok('PATCH', url(order.id), staff.manager.headers, { customer: { email: 'right@example.com' } });
    expect(await entryOf(order.id, 'customer_changed')).toHaveLength(1);
    await recordHistory(stack, order.id, 'customer-changed');
  });

  it('are refused to another salesperson (403), without anything to change (400) and on a closed order (409)', async () => {
    const order = await inQualification();
    const other = await createEmployee(stack.app, { department: 'sales', name: 'Другой менеджер' });
    await refused(order.id, 'PATCH', '', { customer: { name: 'X' } }, 403, 'FORBIDDEN', other.headers);
    // gone again, so that later orders keep their one manager
    await api.ok('PATCH', `/api/v1/employees/${other.id}`, undefined, { active: false });
    await refused(order.id, 'PATCH', '', { customer: {} }, 400, 'VALIDATION_FAILED');
    await refused(order.id, 'PATCH', '', { customer: { phone: null } }, 400, 'VALIDATION_FAILED');
    await api.cancel(order.id, staff.manager.headers);
    await refused(order.id, 'PATCH', '', { customer: { name: 'Поздно' } }, 409, 'WRONG_STAGE');
  });
});

describe('amending rows and scheme', () => {
  it('in qualification keeps the stage and the qualify command takes the new rows', async () => {
    const order = await inQualification();
    const amended = await api.ok<OrderJson>('POST', url(order.id, '/amend'), staff.manager.headers, { items: [chair(3)], paymentScheme: 'postpayment' });
    expect(amended).toMatchObject({ stage: 'qualification', totals: { amount: 3 * CHAIR } });
    const [entry] = await entryOf(order.id, 'order_amended');
    expect(entry!.data).toMatchObject({ before: { total: TABLE + 2 * CHAIR, paymentScheme: null }, after: { total: 3 * CHAIR, paymentScheme: 'postpayment' } });
    const production = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'postpayment' });
    expect(production.items.map((i) => i.quantity)).toEqual([3]);
  });

  it('in prepayment cancels the unpaid invoice, carries what was paid, asks for the rest, and refunds an overpayment', async () => {
    const order = await inQualification();
    let current = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    await paid(current, 500_000, 'part');
    current = await api.until(order.id, (o) => o.paid === 500_000, 'the first part paid');

    const amended = await api.ok<OrderJson>('POST', url(order.id, '/amend'), staff.manager.headers, { items: [table()], paymentScheme: 'full_prepayment' });
    expect(amended).toMatchObject({ stage: 'prepayment', paid: 500_000, due: TABLE - 500_000 });
    expect(amended.invoices.map((i) => [i.status, i.amount])).toEqual([
      ['cancelled', TABLE + 2 * CHAIR],
      ['issued', TABLE - 500_000],
    ]);

    // a smaller order than what was paid: production at once, and the difference goes back
    const smaller = await api.ok<OrderJson>('POST', url(order.id, '/amend'), staff.manager.headers, { items: [chair()], paymentScheme: 'full_prepayment' });
    expect(smaller).toMatchObject({ stage: 'production', paid: 500_000, overpaid: 500_000 - CHAIR });
    expect(smaller.invoices.map((i) => i.status)).toEqual(['cancelled', 'cancelled']);
    const refund = openTask(smaller, 'refund');
    expect(refund.title).toMatch(/1\s500,00/);
    expect(openTask(smaller, 'production')).toBeTruthy();
    const amendments = await entryOf(order.id, 'order_amended');
    expect(amendments.map((e) => [(e.data.before as { total: number }).total, (e.data.after as { total: number }).total])).toEqual([
      [TABLE + 2 * CHAIR, TABLE],
      [TABLE, CHAIR],
    ]);
    await recordHistory(stack, order.id, 'amend-prepayment-refund');

    await refused(order.id, 'POST', '/amend', { items: [table()], paymentScheme: 'postpayment' }, 409, 'WRONG_STAGE');
  });
});

describe('rows in production', () => {
  it('added: a new production task, cost and margin anew, a supplementary invoice that the postpayment stage waits on', async () => {
    const order = await inQualification(undefined, [chair()]);
    let current = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    await paid(current, CHAIR, 'all');
    current = await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect(current.productionCost).toBe(150_000);

    const grown = await api.ok<OrderJson>('POST', url(order.id, '/items'), staff.manager.headers, { add: [table()] });
    expect(grown).toMatchObject({ stage: 'production', totals: { amount: CHAIR + TABLE }, paid: CHAIR, due: TABLE, productionCost: 750_000 });
    expect(grown.items.map((i) => [i.name, i.status])).toEqual([['Стул', 'in_production'], ['Стол дубовый', 'in_production']]);
    expect(grown.tasks.filter((t) => t.type === 'production' && t.status === 'open')).toHaveLength(2);
    const supplementary = grown.invoices.find((i) => i.status === 'issued')!;
    expect(supplementary).toMatchObject({ kind: 'postpayment', amount: TABLE });
    const [entry] = await entryOf(order.id, 'items_changed');
    expect(entry!.data).toMatchObject({ added: [{ name: 'Стол дубовый', quantity: 1 }], removed: [], before: { total: CHAIR, productionCost: 150_000 }, after: { total: CHAIR + TABLE, productionCost: 750_000 } });

    for (const task of grown.tasks.filter((t) => t.type === 'production' && t.status === 'open')) await api.completeTask(task.id, staff.productionHead.headers);
    const postpayment = await api.until(order.id, (o) => o.stage === 'postpayment', 'postpayment');
    expect(postpayment.invoices.filter((i) => i.status === 'issued')).toEqual([expect.objectContaining({ id: supplementary.id })]);
    await api.pay(supplementary.id, staff.accountant.headers, TABLE, 'rest');
    await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
    await recordHistory(stack, order.id, 'items-added-in-production');
  });

  it('removed: the task cancelled and its maker told, the money paid beyond the total refunded; a produced row stays', async () => {
    const order = await inQualification(undefined, [table(), chair(2)]);
    let current = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    await paid(current, TABLE + 2 * CHAIR, 'all');
    current = await api.until(order.id, (o) => o.stage === 'production', 'production');
    const [tableRow, chairRow] = current.items;
    const tableTask = current.tasks.find((t) => t.itemId === tableRow!.id)!;
    const chairTask = current.tasks.find((t) => t.itemId === chairRow!.id)!;
    await api.completeTask(chairTask.id, staff.productionHead.headers);

    await refused(order.id, 'POST', '/items', { remove: [chairRow!.id] }, 409, 'CONFLICT');
    await refused(order.id, 'POST', '/items', { remove: ['00000000-0000-4000-8000-000000000000'] }, 404, 'NOT_FOUND');

    const shrunk = await api.ok<OrderJson>('POST', url(order.id, '/items'), staff.manager.headers, { remove: [tableRow!.id] });
    // the only row left is made: the order moves on, and the table's money goes back
    expect(shrunk).toMatchObject({ stage: 'delivery_data', totals: { amount: 2 * CHAIR }, productionCost: 300_000, overpaid: TABLE });
    expect(shrunk.tasks.find((t) => t.id === tableTask.id)).toMatchObject({ status: 'cancelled' });
    expect(openTask(shrunk, 'refund').title).toMatch(/12\s500,00/);
    const mail = (await api.ok<{ items: { recipient: string | null; template: string }[] }>('GET', url(order.id, '/notifications'))).items;
    if (tableTask.assignee) expect(mail.some((n) => n.template === 'task_cancelled')).toBe(true);
    const [entry] = await entryOf(order.id, 'items_changed');
    expect(entry!.data).toMatchObject({ removed: [{ name: 'Стол дубовый' }], before: { total: TABLE + 2 * CHAIR }, after: { total: 2 * CHAIR } });
    await recordHistory(stack, order.id, 'items-removed-in-production');
    await refused(order.id, 'POST', '/items', { add: [chair()] }, 409, 'WRONG_STAGE');
  });
});

describe('the delivery', () => {
  it('a new ship date moves the delivery task’s deadline and the client is told; refused once delivered', async () => {
    const order = await inQualification({ name: 'Клиент', email: 'ships@example.com' }, [chair()]);
    let current = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    await paid(current, CHAIR, 'all');
    current = await api.until(order.id, (o) => o.stage === 'production', 'production');
    await api.completeTask(openTask(current, 'production').id, staff.productionHead.headers);
    await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
    const delivery = await api.delivery(order.id, staff.manager.headers, { method: 'delivery', carrier: 'СДЭК', address: 'Москва, Тверская 1', shipDate: shipDateAhead() });
    const task = openTask(delivery, 'delivery');

    const later = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const moved = await api.ok<OrderJson>('PATCH', url(order.id, '/delivery'), staff.manager.headers, { shipDate: later, address: 'Москва, Арбат 2' });
    expect(moved.delivery).toMatchObject({ method: 'delivery', carrier: 'СДЭК', address: 'Москва, Арбат 2', shipDate: later });
    const movedTask = moved.tasks.find((t) => t.id === task.id)!;
    expect(Date.parse(movedTask.deadline) - Date.parse(task.deadline)).toBe(3 * 86_400_000);
    const [entry] = await entryOf(order.id, 'delivery_changed');
    expect(entry!.data).toMatchObject({
      before: { address: 'Москва, Тверская 1', shipDate: shipDateAhead() },
      after: { address: 'Москва, Арбат 2', shipDate: later },
      deadline: { before: task.deadline, after: movedTask.deadline },
    });
    expect(entry!.actor).toMatchObject({ id: staff.manager.id });
    expect(await mailTo('ships@example.com', 'delivery_scheduled', 2)).toHaveLength(2);

    await refused(order.id, 'PATCH', '/delivery', { shipDate: '2020-01-01' }, 400, 'VALIDATION_FAILED');
    await api.completeTask(task.id, staff.logistician.headers);
    await recordHistory(stack, order.id, 'delivery-changed');
    await api.until(order.id, (o) => o.stage === 'won', 'won');
    await mailSettled(order.id);
    await refused(order.id, 'PATCH', '/delivery', { shipDate: later }, 409, 'WRONG_STAGE');
  });
});
