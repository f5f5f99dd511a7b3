// Staff commands that do not fit: refused with the contract's status, and nothing changes. Cancelling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ SETTLEMENT_WINDOW: '2s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'ИП Петров', phone: '+7 900 000-00-00' };
const rows = () => [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }];

async function inQualification(): Promise<OrderJson> {
  const order = await api.create({ customer, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.order(order.id);
}

async function inPrepayment(): Promise<OrderJson> {
  const order = await inQualification();
  return api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
}

/** An order of one chair (3 500,00 ₽), paid after production, delivered and won. */
async function wonOrder(): Promise<OrderJson> {
  const chair = [{ productId: catalog.chair.id, quantity: 1 }];
  const order = await api.create({ customer, items: chair });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const production = await api.qualify(order.id, staff.manager.headers, { items: chair, paymentScheme: 'postpayment' });
  const task = openTask(production, 'production');
  await api.completeTask(task.id, staff.productionHead.headers);
  const invoice = (await api.order(order.id)).invoices[0]!;
  await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'full');
  const deliveryData = await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
  const delivery = await api.delivery(order.id, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
  await api.completeTask(openTask(delivery, 'delivery').id, staff.logistician.headers);
  expect(deliveryData.paid).toBe(invoice.amount);
  return api.order(order.id);
}

async function inProduction(): Promise<OrderJson> {
  const order = await inQualification();
  return api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });
}

/** Sends a command that must be refused, and checks that the order and its timeline did not change. */
async function refused(orderId: string, send: () => Promise<{ statusCode: number; json: () => { error: { code: string } } }>, status: number, code: string) {
  const before = await api.order(orderId);
  const timelineBefore = await api.timelineTypes(orderId);
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(response.json().error.code).toBe(code);
  const after = await api.order(orderId);
  expect({ ...after, updatedAt: undefined }).toEqual({ ...before, updatedAt: undefined });
  expect(await api.timelineTypes(orderId)).toEqual(timelineBefore);
}

describe('commands in the wrong stage', () => {
  it('refuses qualify, delivery data and a qualify-task completion outside their stages with 409', async () => {
    const fresh = await api.create({ customer, items: rows() });
    const qualify = { items: rows(), paymentScheme: 'postpayment' };
    await refused(fresh.id, () => api.call('POST', `/api/v1/orders/${fresh.id}/qualify`, staff.manager.headers, qualify), 409, 'WRONG_STAGE');
    const delivery = { method: 'pickup', shipDate: shipDateAhead() };
    await refused(fresh.id, () => api.call('POST', `/api/v1/orders/${fresh.id}/delivery`, staff.manager.headers, delivery), 409, 'WRONG_STAGE');

    const qualification = await inQualification();
    const qualifyTask = openTask(qualification, 'qualify');
    await refused(qualification.id, () => api.call('POST', `/api/v1/tasks/${qualifyTask.id}/complete`, staff.manager.headers, {}), 409, 'CONFLICT');
    await refused(qualification.id, () => api.call('POST', `/api/v1/orders/${qualification.id}/delivery`, staff.manager.headers, delivery), 409, 'WRONG_STAGE');

    const production = await inProduction();
    await refused(production.id, () => api.call('POST', `/api/v1/orders/${production.id}/qualify`, staff.manager.headers, qualify), 409, 'WRONG_STAGE');
  });

  it('refuses delivery data twice, the enter_delivery_data task through /tasks, and cancelling a won order', async () => {
    const won = await wonOrder();
    const enter = won.tasks.find((t) => t.type === 'enter_delivery_data')!;
    expect(enter.status).toBe('done');
    await refused(won.id, () => api.call('POST', `/api/v1/tasks/${enter.id}/complete`, staff.manager.headers, {}), 409, 'CONFLICT');
    await refused(won.id, () => api.call('POST', `/api/v1/orders/${won.id}/delivery`, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() }), 409, 'WRONG_STAGE');
    await refused(won.id, () => api.call('POST', `/api/v1/orders/${won.id}/cancel`, staff.manager.headers, { reason: 'too late' }), 409, 'WRONG_STAGE');

    const order = await api.create({ customer, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });
    for (const task of qualified.tasks.filter((t) => t.type === 'production')) await api.completeTask(task.id, staff.productionHead.headers);
    const invoice = (await api.order(order.id)).invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'all');
    await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
    const enterTask = openTask(await api.order(order.id), 'enter_delivery_data');
    await refused(order.id, () => api.call('POST', `/api/v1/tasks/${enterTask.id}/complete`, staff.manager.headers, {}), 409, 'CONFLICT');
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const tooFar = await api.call('POST', `/api/v1/orders/${order.id}/delivery`, staff.manager.headers, { method: 'pickup', shipDate: far });
    expect(tooFar.statusCode).toBe(400);
    const noAddress = await api.call('POST', `/api/v1/orders/${order.id}/delivery`, staff.manager.headers, { method: 'delivery', shipDate: shipDateAhead() });
    expect(noAddress.json().error.details.map((d: { field: string }) => d.field)).toEqual(['body.carrier', 'body.address']);
    // cancelling still works in delivery_data, and in delivery
    expect((await api.cancel(order.id, staff.manager.headers)).stage).toBe('lost');
  });

  it('refuses a task completed twice, also when both arrive at once', async () => {
    const order = await api.create({ customer, items: rows() });
    const task = openTask(order, 'take_in_work');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', `/api/v1/tasks/${task.id}/complete`, staff.manager.headers, {})),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const types = await api.timelineTypes(order.id);
    expect(types.filter((t) => t === 'task_completed')).toHaveLength(1);
    expect(types.filter((t) => t === 'stage_changed')).toHaveLength(1);
    await refused(order.id, () => api.call('POST', `/api/v1/tasks/${task.id}/complete`, staff.manager.headers, {}), 409, 'CONFLICT');
  });

  it('lets only the assignee or a head of the department complete a task', async () => {
    const production = await inProduction();
    const task = production.tasks.find((t) => t.type === 'production' && t.status === 'open')!;
    const other = staff.makers.find((m) => m.id !== task.assignee?.id)!;
    await refused(production.id, () => api.call('POST', `/api/v1/tasks/${task.id}/complete`, other.headers, {}), 403, 'FORBIDDEN');
    await refused(production.id, () => api.call('POST', `/api/v1/tasks/${task.id}/complete`, staff.logistician.headers, {}), 403, 'FORBIDDEN');
    await api.completeTask(task.id, staff.productionHead.headers, { comment: 'сделал за него' });
    const done = await api.ok<{ status: string; completedBy: { id: string } }>('GET', `/api/v1/tasks/${task.id}`);
    expect(done).toMatchObject({ status: 'done', completedBy: { id: staff.productionHead.id } });
  });

  it('lets only sales give sales commands', async () => {
    const order = await inQualification();
    const body = { items: rows(), paymentScheme: 'postpayment' };
    await refused(order.id, () => api.call('POST', `/api/v1/orders/${order.id}/qualify`, staff.makers[0]!.headers, body), 403, 'FORBIDDEN');
    await refused(order.id, () => api.call('POST', `/api/v1/orders/${order.id}/cancel`, staff.accountant.headers, { reason: 'x' }), 403, 'FORBIDDEN');
    const invoice = (await inPrepayment()).invoices[0]!;
    const response = await api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.logistician.headers, { amount: 1 });
    expect(response.statusCode).toBe(403);
  });
});

describe('cancelling', () => {
  it('in new: the open task is cancelled, no refund', async () => {
    const order = await api.create({ customer, items: rows() });
    const lost = await api.cancel(order.id, staff.manager.headers, 'дубль заказа');
    expect(lost.stage).toBe('lost');
    expect(lost.closedAt).not.toBeNull();
    expect(lost.tasks.map((t) => [t.type, t.status])).toEqual([['take_in_work', 'cancelled']]);
    const types = await api.timelineTypes(order.id);
    expect(types).toEqual(expect.arrayContaining(['task_cancelled', 'order_cancelled']));
    const cancelled = (await api.timeline(order.id)).find((e) => e.type === 'order_cancelled')!;
    expect(cancelled.data.reason).toBe('дубль заказа');
    await expect(stack.temporal.workflow.getHandle(`order-${order.id}`).result()).resolves.toBeUndefined();
    await recordHistory(stack, order.id, 'cancel-new');
  });

  it('in prepayment after a part was paid: the invoice is cancelled and accounting gets a refund task', async () => {
    const order = await inPrepayment();
    const invoice = order.invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, 300_000, 'part');
    await api.until(order.id, (o) => o.paid === 300_000, 'the part counted');
    const lost = await api.cancel(order.id, staff.manager.headers);
    expect(lost.stage).toBe('lost');
    expect(lost.invoices[0]).toMatchObject({ status: 'cancelled', paid: 300_000 });
    const refund = openTask(lost, 'refund');
    expect(refund.department).toBe('accounting');
    expect([staff.accountant.id, staff.accountantHead.id]).toContain(refund.assignee?.id);
    expect(lost.tasks.filter((t) => t.type !== 'refund').every((t) => t.status !== 'open')).toBe(true);
    expect(await api.timelineTypes(order.id)).toEqual(expect.arrayContaining(['invoice_cancelled', 'order_cancelled']));

    // money that still arrives for the cancelled invoice is recorded and goes back too
    await api.pay(invoice.id, staff.accountant.headers, 50_000, 'late');
    const late = await api.until(order.id, (o) => o.paid === 350_000, 'the late payment recorded');
    expect(late.tasks.filter((t) => t.type === 'refund' && t.status === 'open')).toHaveLength(2);
    // the workflow stays until accounting has done the refunds
    for (const task of late.tasks.filter((t) => t.type === 'refund')) await api.completeTask(task.id, staff.accountantHead.headers);
    await expect(stack.temporal.workflow.getHandle(`order-${order.id}`).result()).resolves.toBeUndefined();
    await recordHistory(stack, order.id, 'cancel-prepayment-refund');
  });

  it('in production: every production task is cancelled', async () => {
    const order = await inProduction();
    const lost = await api.cancel(order.id, staff.manager.headers);
    expect(lost.tasks.filter((t) => t.type === 'production').map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(lost.tasks.some((t) => t.type === 'refund')).toBe(false);
  });

  it('is refused once the order is won or lost', async () => {
    const order = await api.create({ customer, items: rows() });
    await api.cancel(order.id, staff.manager.headers);
    await refused(order.id, () => api.call('POST', `/api/v1/orders/${order.id}/cancel`, asAdmin, { reason: 'again' }), 409, 'WRONG_STAGE');
  });

  it('does not refund twice: money already on a refund task is left out of the cancel refund', async () => {
    const order = await inPrepayment();
    const invoice = order.invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount + 10_000, 'over');
    const production = await api.until(order.id, (o) => o.stage === 'production' && o.overpaid === 10_000, 'production, overpaid');
    const overpaymentRefund = openTask(production, 'refund');
    const rub = (minor: number) => new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2 }).format(minor / 100);
    expect(overpaymentRefund).toMatchObject({ title: `Возврат ${rub(10_000)} по заказу №${order.number}`, description: 'Переплата по заказу' });
    await api.completeTask(overpaymentRefund.id, staff.accountantHead.headers);
    const lost = await api.cancel(order.id, staff.manager.headers);
    const refunds = lost.tasks.filter((t) => t.type === 'refund');
    expect(refunds.map((t) => t.status)).toEqual(['done', 'open']);
    expect(refunds[1]!.title).toBe(`Возврат ${rub(invoice.amount)} по заказу №${order.number}`);
    await api.completeTask(refunds[1]!.id, staff.accountantHead.headers);
    await recordHistory(stack, order.id, 'cancel-after-overpayment-refund');
  });
});

describe('money after the order is closed', () => {
  it('is counted within the settlement window: a payment after won becomes a refund task', async () => {
    const won = await wonOrder();
    const invoice = won.invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, 20_000, 'again');
    const overpaid = await api.until(won.id, (o) => o.overpaid === 20_000, 'the late payment counted');
    expect(overpaid.stage).toBe('won');
    const refund = openTask(overpaid, 'refund');
    await api.completeTask(refund.id, staff.accountantHead.headers);
    await expect(stack.temporal.workflow.getHandle(`order-${won.id}`).result()).resolves.toBeUndefined();
    await recordHistory(stack, won.id, 'late-payment-after-won');
  });

  it('is refused after it, and not recorded', async () => {
    const order = await inPrepayment();
    await api.cancel(order.id, staff.manager.headers);
    await stack.temporal.workflow.getHandle(`order-${order.id}`).result();
    const response = await api.call('POST', `/api/v1/invoices/${order.invoices[0]!.id}/payments`, staff.accountant.headers, { amount: 5_000, reference: 'closed' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('WRONG_STAGE');
    const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toEqual([]);
  });
});

describe('comments', () => {
  it('are written to the timeline with who wrote them, also on a closed order', async () => {
    const order = await api.create({ customer, items: rows() });
    const response = await api.call('POST', `/api/v1/orders/${order.id}/comments`, staff.manager.headers, { text: 'Клиент просит позвонить после 18:00' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ type: 'comment', text: 'Клиент просит позвонить после 18:00', actor: { id: staff.manager.id } });

    await api.cancel(order.id, staff.manager.headers);
    await stack.temporal.workflow.getHandle(`order-${order.id}`).result();
    const late = await api.call('POST', `/api/v1/orders/${order.id}/comments`, staff.manager.headers, { text: 'Перезвонил, отказ подтверждён' });
    expect(late.statusCode).toBe(201);
    const comments = (await api.timeline(order.id)).filter((e) => e.type === 'comment').map((e) => e.text);
    expect(comments).toEqual(['Клиент просит позвонить после 18:00', 'Перезвонил, отказ подтверждён']);
    expect((await api.call('POST', `/api/v1/orders/${order.id}/comments`, staff.makers[0]!.headers, { text: 'x' })).statusCode).toBe(403);
  });
});
