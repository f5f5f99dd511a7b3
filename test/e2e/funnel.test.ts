// Orders travel the whole funnel over HTTP, under each payment scheme, with payments in parts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dateIn, endOfDay } from '../../domain/calendar.ts';
import { searchAttributes } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const PRODUCTION_DAY_MS = 60 * 60_000;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ PRODUCTION_DAY: '1h', PAYMENT_TERM: '3d', SETTLEMENT_WINDOW: '3s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'ООО «Ромашка»', email: 'buyer@example.com' };
// table: 2 × 12 500,00 − 5 % = 23 750,00 (VAT 22 %: 4 282,79); chairs: 4 × 3 500,00 = 14 000,00 (VAT 10 %: 1 272,73)
const rows = () => [
  { productId: catalog.table.id, quantity: 2, discountPercent: 5 },
  { productId: catalog.chair.id, quantity: 4 },
];
const TOTAL = 3_775_000;

/**
 * The search attributes operators filter on, as the Temporal server reports them. The workflow upserts them
 * in the workflow task after the read-model write, so after a signal they may trail the API by a moment.
 */
async function expectSearchAttributes(orderId: string, expected: { stage?: string; amountDue?: number; managerId?: string; overdue?: boolean }) {
  await vi.waitFor(
    async () => {
      const attributes = (await stack.temporal.workflow.getHandle(`order-${orderId}`).describe()).typedSearchAttributes;
      const actual = {
        stage: attributes.get(searchAttributes.stage),
        amountDue: attributes.get(searchAttributes.amountDue),
        managerId: attributes.get(searchAttributes.managerId),
        overdue: attributes.get(searchAttributes.overdue),
      };
      expect(actual).toMatchObject(expected);
    },
    { timeout: 5_000, interval: 50 },
  );
}

/** `new` → `qualification`: the manager takes the order in work. */
async function takeInWork(order: OrderJson): Promise<OrderJson> {
  const task = openTask(order, 'take_in_work');
  const done = await api.completeTask(task.id, staff.manager.headers, { comment: 'беру' });
  expect(done).toMatchObject({ status: 'done', completedBy: { id: staff.manager.id } });
  const next = await api.order(order.id);
  expect(next.stage).toBe('qualification');
  const qualify = openTask(next, 'qualify');
  expect(qualify.assignee?.id).toBe(staff.manager.id);
  return next;
}

async function produceAll(order: OrderJson): Promise<OrderJson> {
  const tasks = order.tasks.filter((t) => t.type === 'production' && t.status === 'open');
  expect(tasks).toHaveLength(2);
  for (const task of tasks) {
    const maker = [...staff.makers].find((m) => m.id === task.assignee?.id)!;
    await api.completeTask(task.id, maker.headers);
  }
  return api.order(order.id);
}

async function deliverAndWin(order: OrderJson): Promise<OrderJson> {
  expect(order.stage).toBe('delivery_data');
  const enter = openTask(order, 'enter_delivery_data');
  expect(enter.assignee?.id).toBe(staff.manager.id);
  const shipDate = shipDateAhead();
  const inDelivery = await api.delivery(order.id, staff.manager.headers, {
    method: 'delivery',
    carrier: 'СДЭК',
    address: 'Москва, ул. Лесная, 5',
    shipDate,
  });
  expect(inDelivery.stage).toBe('delivery');
  expect(inDelivery.delivery).toMatchObject({ method: 'delivery', carrier: 'СДЭК', shipDate, trackingNumber: null });
  expect(inDelivery.tasks.find((t) => t.id === enter.id)?.status).toBe('done');
  const delivery = openTask(inDelivery, 'delivery');
  expect(delivery).toMatchObject({ department: 'logistics', assignee: { id: staff.logistician.id } });
  expect(delivery.deadline).toBe(endOfDay('Europe/Moscow', shipDate).toISOString());

  await api.completeTask(delivery.id, staff.logistician.headers, { trackingNumber: 'CDEK-123' });
  const won = await api.order(order.id);
  expect(won.stage).toBe('won');
  expect(won.closedAt).not.toBeNull();
  expect(won.delivery?.trackingNumber).toBe('CDEK-123');
  expect(won.tasks.every((t) => t.status === 'done')).toBe(true);
  return won;
}

describe('full prepayment', () => {
  it('goes from new to won, with the prepayment paid in two parts', async () => {
    const created = await api.create({ customer, items: rows() }, staff.manager.headers);
    expect(created.totals.amount).toBe(TOTAL);
    const qualification = await takeInWork(created);

    const prepayment = await api.qualify(qualification.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    expect(prepayment).toMatchObject({ stage: 'prepayment', paymentScheme: 'full_prepayment', prepaymentAmount: TOTAL, paid: 0, due: TOTAL });
    expect(prepayment.tasks.find((t) => t.type === 'qualify')?.status).toBe('done');
    expect(prepayment.invoices).toHaveLength(1);
    const [invoice] = prepayment.invoices;
    expect(invoice).toMatchObject({ kind: 'prepayment', amount: TOTAL, paid: 0, status: 'issued' });
    expect(invoice!.number).toMatch(/^INV-\d{4}-\d{5}$/);
    // due PAYMENT_TERM (3 days) after issue, as a calendar date in the company's time zone
    expect(invoice!.dueDate).toBe(dateIn('Europe/Moscow', new Date(Date.parse(invoice!.issuedAt) + 3 * 86_400_000)));
    await expectSearchAttributes(created.id, { stage: 'prepayment', amountDue: TOTAL, managerId: staff.manager.id });

    await api.pay(invoice!.id, staff.accountant.headers, 1_000_000, 'pp-1');
    const partly = await api.until(created.id, (o) => o.paid === 1_000_000, 'the first part counted');
    expect(partly).toMatchObject({ stage: 'prepayment', due: TOTAL - 1_000_000 });
    const received = (await api.timeline(created.id)).findLast((e) => e.type === 'payment_received')!;
    expect(received).toMatchObject({ actor: { id: staff.accountant.id }, data: { amount: 1_000_000, paid: 1_000_000, due: TOTAL - 1_000_000 } });
    await expectSearchAttributes(created.id, { stage: 'prepayment', amountDue: TOTAL - 1_000_000 });
    expect(partly.invoices[0]).toMatchObject({ paid: 1_000_000, status: 'partially_paid' });

    await api.pay(invoice!.id, staff.manager.headers, TOTAL - 1_000_000, 'pp-2');
    const production = await api.until(created.id, (o) => o.stage === 'production', 'production');
    expect(production).toMatchObject({ paid: TOTAL, due: 0 });
    expect(production.invoices[0]!.status).toBe('paid');
    const makers = production.tasks.filter((t) => t.type === 'production');
    expect(makers).toHaveLength(2);
    // one item each: the least-loaded production worker takes the next task
    expect(new Set(makers.map((t) => t.assignee?.id))).toEqual(new Set(staff.makers.map((m) => m.id)));
    expect(production.items.every((i) => i.status === 'in_production')).toBe(true);
    // deadlines from each item's production days: table 5, chairs 2, one production day = 1 h here
    const enteredAt = Date.parse((await api.timeline(created.id)).findLast((e) => e.type === 'stage_changed')!.at);
    const tableTask = makers.find((t) => t.itemId === production.items[0]!.id)!;
    const chairTask = makers.find((t) => t !== tableTask)!;
    expect(Date.parse(tableTask.deadline) - enteredAt).toBe(5 * PRODUCTION_DAY_MS);
    expect(Date.parse(chairTask.deadline) - enteredAt).toBe(2 * PRODUCTION_DAY_MS);
    await expectSearchAttributes(created.id, { stage: 'production', amountDue: 0, managerId: staff.manager.id });

    const produced = await produceAll(production);
    expect(produced.items.every((i) => i.status === 'produced')).toBe(true);
    const won = await deliverAndWin(produced);
    expect(won.invoices).toHaveLength(1);

    const types = await api.timelineTypes(created.id);
    for (const type of ['order_created', 'manager_assigned', 'task_created', 'task_completed', 'stage_changed', 'qualified', 'invoice_issued', 'payment_received', 'item_produced', 'delivery_saved', 'order_won']) {
      expect(types, type).toContain(type);
    }
    expect(types.filter((t) => t === 'payment_received')).toHaveLength(2);
    expect(types.filter((t) => t === 'item_produced')).toHaveLength(2);
    const stages = (await api.timeline(created.id)).filter((e) => e.type === 'stage_changed').map((e) => e.data.to);
    expect(stages).toEqual(['qualification', 'prepayment', 'production', 'delivery_data', 'delivery', 'won']);

    await expectSearchAttributes(created.id, { stage: 'won', amountDue: 0, overdue: false });
    // the workflow ends once the settlement window (3 s here) has passed without a late payment
    await expect(stack.temporal.workflow.getHandle(`order-${created.id}`).result()).resolves.toBeUndefined();
    await recordHistory(stack, created.id, 'full-prepayment-settled');
  });
});

describe('partial prepayment', () => {
  it('takes the prepayment, produces, then invoices the rest and waits for it', async () => {
    const created = await api.create({ customer, items: rows() }, staff.manager.headers);
    const qualification = await takeInWork(created);
    const prepayment = await api.qualify(qualification.id, staff.manager.headers, {
      items: rows(),
      paymentScheme: 'partial_prepayment',
      prepaymentAmount: 1_000_000,
    });
    expect(prepayment).toMatchObject({ stage: 'prepayment', prepaymentAmount: 1_000_000 });
    expect(prepayment.invoices[0]).toMatchObject({ kind: 'prepayment', amount: 1_000_000 });

    await api.pay(prepayment.invoices[0]!.id, staff.accountant.headers, 1_000_000, 'adv');
    const production = await api.until(created.id, (o) => o.stage === 'production', 'production');
    const postpayment = await produceAll(production);
    expect(postpayment).toMatchObject({ stage: 'postpayment', paid: 1_000_000, due: TOTAL - 1_000_000 });
    const rest = postpayment.invoices.find((i) => i.kind === 'postpayment')!;
    expect(rest).toMatchObject({ amount: TOTAL - 1_000_000, status: 'issued' });
    // gapless within the year: the next invoice of this order's run has the next number (tests run one file per database)
    const sequence = (number: string) => Number(number.split('-').at(-1));
    expect(sequence(rest.number)).toBeGreaterThan(sequence(postpayment.invoices[0]!.number));
    const numbers = (await api.ok<{ items: { number: string }[] }>('GET', '/api/v1/invoices?limit=200')).items.map((i) => sequence(i.number)).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect((await api.timeline(created.id)).filter((e) => e.type === 'stage_changed').map((e) => e.data.to)).toEqual([
      'qualification',
      'prepayment',
      'production',
      'postpayment',
    ]);

    await api.pay(rest.id, staff.accountant.headers, 700_000, 'rest-1');
    await api.until(created.id, (o) => o.paid === 1_700_000, 'a part of the rest');
    await api.pay(rest.id, staff.accountant.headers, TOTAL - 1_700_000, 'rest-2');
    const deliveryData = await api.until(created.id, (o) => o.stage === 'delivery_data', 'delivery data');
    expect(deliveryData.invoices.map((i) => i.status)).toEqual(['paid', 'paid']);
    await deliverAndWin(deliveryData);
    await recordHistory(stack, created.id, 'partial-prepayment');
  });

  it.each([
    [{ paymentScheme: 'partial_prepayment' }, 'body.prepaymentAmount'],
    [{ paymentScheme: 'partial_prepayment', prepaymentAmount: TOTAL }, 'body.prepaymentAmount'],
    [{ paymentScheme: 'partial_prepayment', prepaymentAmount: 0 }, 'body.prepaymentAmount'],
    [{ paymentScheme: 'full_prepayment', prepaymentAmount: 5 }, 'body.prepaymentAmount'],
    [{ paymentScheme: 'postpayment', prepaymentAmount: 5 }, 'body.prepaymentAmount'],
    [{ paymentScheme: 'barter' }, 'body.paymentScheme'],
  ])('refuses %j with 400 naming %s, leaving the order in qualification', async (scheme, field) => {
    const created = await api.create({ customer, items: rows() });
    await takeInWork(created);
    const response = await api.call('POST', `/api/v1/orders/${created.id}/qualify`, staff.manager.headers, { items: rows(), ...scheme });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await api.order(created.id)).stage).toBe('qualification');
  });
});

describe('postpayment', () => {
  it('goes straight to production, then invoices the total after it', async () => {
    const created = await api.create({ customer, items: rows() }, staff.manager.headers);
    const qualification = await takeInWork(created);
    const production = await api.qualify(qualification.id, staff.manager.headers, { items: rows().slice(0, 1).concat(rows().slice(1)), paymentScheme: 'postpayment' });
    expect(production).toMatchObject({ stage: 'production', prepaymentAmount: 0, invoices: [] });

    const postpayment = await produceAll(production);
    expect(postpayment.stage).toBe('postpayment');
    const [invoice] = postpayment.invoices;
    expect(invoice).toMatchObject({ kind: 'postpayment', amount: TOTAL });
    for (const [n, amount] of [1_000_000, 1_000_000, TOTAL - 2_000_000].entries()) {
      await api.pay(invoice!.id, staff.accountant.headers, amount, `part-${n}`);
    }
    const deliveryData = await api.until(created.id, (o) => o.stage === 'delivery_data', 'delivery data');
    expect(deliveryData).toMatchObject({ paid: TOTAL, due: 0, overpaid: 0 });
    await deliverAndWin(deliveryData);
    await recordHistory(stack, created.id, 'postpayment');
  });

  it('shows an overpayment and gives accounting a refund task for it', async () => {
    const created = await api.create({ customer, items: rows().slice(1) }, staff.manager.headers);
    const qualification = await takeInWork(created);
    const production = await api.qualify(qualification.id, staff.manager.headers, { items: rows().slice(1), paymentScheme: 'postpayment' });
    const task = openTask(production, 'production');
    await api.completeTask(task.id, staff.makers.find((m) => m.id === task.assignee?.id)!.headers);
    const postpayment = await api.order(created.id);
    const invoice = postpayment.invoices[0]!;
    expect(invoice.amount).toBe(1_400_000);

    await api.pay(invoice.id, staff.accountant.headers, 1_500_000, 'too-much');
    const overpaid = await api.until(created.id, (o) => o.overpaid === 100_000, 'the overpayment shown');
    expect(overpaid).toMatchObject({ stage: 'delivery_data', paid: 1_500_000, due: 0 });
    const refund = openTask(overpaid, 'refund');
    expect(refund).toMatchObject({ department: 'accounting', assignee: { id: staff.accountant.id } });
    expect(await api.timelineTypes(created.id)).toContain('overpayment');
    await api.completeTask(refund.id, staff.accountant.headers, { comment: 'вернули 1 000,00 ₽' });
    await recordHistory(stack, created.id, 'overpayment');
  });

  it('records a repeated payment reference once', async () => {
    const created = await api.create({ customer, items: rows().slice(1) });
    const qualification = await takeInWork(created);
    await api.qualify(qualification.id, staff.manager.headers, { items: rows().slice(1), paymentScheme: 'full_prepayment' });
    const invoice = (await api.order(created.id)).invoices[0]!;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: 100_000, reference: 'dup' })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    await api.until(created.id, (o) => o.paid === 100_000, 'one payment counted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await api.order(created.id)).paid).toBe(100_000);
    const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${created.id}/payments`);
    expect(payments.items).toHaveLength(1);
  });
});
