// The relay: payments stored but never signalled (the API died between the write and the signal) reach
// their order, on an open order through its workflow, on an order whose workflow has ended as late money
// with a refund task; each once, however often the relay runs. Rounds are driven by hand here.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPayment } from '../../db/queries/payments.ts';
import { client, hireStaff, openTask, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // the background relay stays out of the way (an hour between rounds); rows count as owed at once
  stack = await startStack({ RELAY_INTERVAL: '1h', RELAY_GRACE: '1ms', SETTLEMENT_WINDOW: '1s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const rows = () => [{ productId: catalog.chair.id, quantity: 1 }];

async function awaitingPrepayment(): Promise<OrderJson> {
  const order = await api.create({ customer: { name: 'Relay', email: 'relay@example.com' }, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
}

/** A payment as the API stores it before signalling, as if the process had died right after the write. */
async function storedOnly(order: OrderJson, amount: number, externalId: string) {
  const invoice = order.invoices[0]!;
  return (
    await recordPayment(stack.db, {
      id: randomUUID(),
      orderId: order.id,
      invoiceId: invoice.id,
      amount,
      currency: 'RUB',
      source: '1c',
      externalId,
      refundOfId: null,
      receivedAt: new Date(),
      recordedById: null,
      createdAt: new Date(),
    })
  ).payment;
}

const deliveredAt = async (paymentId: string) =>
  (await stack.db.execute<{ delivered_at: Date | null }>(sql`select delivered_at from payments where id = ${paymentId}`))[0]!.delivered_at;

describe('the relay', () => {
  it('hands a stored payment to its open order once', async () => {
    const order = await awaitingPrepayment();
    const payment = await storedOnly(order, order.invoices[0]!.amount, 'relay-open-1');
    expect(await deliveredAt(payment.id)).toBeNull();

    expect((await stack.app.relay.runOnce()).payments).toBeGreaterThanOrEqual(1);
    const production = await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect(production.paid).toBe(order.invoices[0]!.amount);
    expect(await deliveredAt(payment.id)).not.toBeNull();

    // delivered rows are not owed any more: further rounds change nothing
    await stack.app.relay.runOnce();
    await stack.app.relay.runOnce();
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'payment_received')).toHaveLength(1);
  });

  it('counts a stored payment on an order whose workflow has ended, with a refund task', async () => {
    const order = await awaitingPrepayment();
    await api.cancel(order.id, staff.manager.headers);
    await stack.temporal.workflow.getHandle(`order-${order.id}`).result();
    const payment = await storedOnly(order, 50_000, 'relay-closed-1');

    await stack.app.relay.runOnce();
    await stack.app.relay.runOnce();
    const lost = await api.order(order.id);
    expect(lost).toMatchObject({ stage: 'lost', paid: 50_000 });
    expect(lost.tasks.filter((t) => t.type === 'refund')).toHaveLength(1);
    expect(openTask(lost, 'refund')).toMatchObject({ department: 'accounting' });
    expect(await deliveredAt(payment.id)).not.toBeNull();
  });

  it('starts the workflow of a stored order that never got one', async () => {
    const order = await api.create({ customer: { name: 'Unstarted', email: 'unstarted@example.com' }, items: rows() });
    // as if the API had died between writing the order and starting its workflow: a stored order, version 0
    const id = randomUUID();
    await stack.db.execute(sql`
      insert into orders (id, number, stage, customer, locale, currency, amount, vat, created_at)
      select ${id}, number || '-copy', 'new', customer, locale, currency, amount, vat, created_at from orders where id = ${order.id}`);
    await stack.db.execute(sql`
      insert into order_items (id, order_id, position, product_id, sku, name, unit, quantity_milli, price, discount_hundredths, vat_rate, amount, vat, production_days)
      select gen_random_uuid(), ${id}, position, product_id, sku, name, unit, quantity_milli, price, discount_hundredths, vat_rate, amount, vat, production_days
      from order_items where order_id = ${order.id}`);

    expect((await stack.app.relay.runOnce()).orders).toBe(1);
    const started = await api.until(id, (o) => o.tasks.some((t) => t.type === 'take_in_work'), 'its workflow took it');
    expect(started.manager?.id).toBe(staff.manager.id);
    expect((await stack.app.relay.runOnce()).orders).toBe(0);
  });
});
