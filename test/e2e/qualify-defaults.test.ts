// Doing things once (issue 17 item 6): qualifying without retyping the rows, and the delivery stage taking
// what was said about delivery at qualification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, shipDateAhead, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack();
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'ООО «Берёза»', email: 'bereza@example.com' };
const rowsOf = (order: OrderJson) => (order as OrderJson & { items: unknown[] }).items.map((item) => ({ ...(item as object), id: undefined }));

/** Created with a discounted row and a custom price, taken in work, waiting for qualification. */
async function inQualification(): Promise<OrderJson> {
  const items = [
    { productId: catalog.table.id, quantity: 2, discountPercent: 5 },
    { productId: catalog.chair.id, quantity: 1.5, price: 300_000 },
  ];
  const order = await api.create({ customer, items });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.order(order.id);
}

/** Pays the prepayment and makes every item, so that the order waits for its delivery data. */
async function toDeliveryData(order: OrderJson): Promise<OrderJson> {
  const invoice = order.invoices[0]!;
  await api.pay(invoice.id, staff.accountant.headers, invoice.amount, `full-${order.id}`);
  const producing = await api.until(order.id, (o) => o.stage === 'production', 'production');
  for (const task of producing.tasks.filter((t) => t.type === 'production')) await api.completeTask(task.id, staff.productionHead.headers);
  return api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
}

describe('qualification without retyping', () => {
  it('takes the order’s rows, prices and discounts when the rows are left out', async () => {
    const order = await inQualification();
    const qualified = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    expect(qualified.stage).toBe('prepayment');
    expect(qualified.totals).toEqual(order.totals);
    expect(rowsOf(qualified)).toEqual(rowsOf(order));
    expect(qualified.invoices[0]!.amount).toBe(order.totals.amount);
  });

  it('uses the delivery given at qualification when the delivery stage comes, and lets fields be changed one by one', async () => {
    const order = await inQualification();
    const delivery = { method: 'delivery', carrier: 'СДЭК', address: 'Тверь, ул. Советская, 5', shipDate: shipDateAhead(), comment: 'звонить заранее' };
    const qualified = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment', delivery });
    const waiting = await toDeliveryData(qualified);
    expect(waiting.delivery).toMatchObject({ carrier: 'СДЭК', address: 'Тверь, ул. Советская, 5' });

    const saved = await api.delivery(order.id, staff.manager.headers, { address: 'Тверь, ул. Советская, 7' });
    expect(saved.stage).toBe('delivery');
    expect(saved.delivery).toMatchObject({ method: 'delivery', carrier: 'СДЭК', address: 'Тверь, ул. Советская, 7', shipDate: delivery.shipDate });
    expect(openTask(saved, 'delivery').title).toContain('СДЭК');
  });

  it('still asks for what was never given, naming the field, and changes nothing', async () => {
    const order = await inQualification();
    const qualified = await api.qualify(order.id, staff.manager.headers, { paymentScheme: 'full_prepayment' });
    const waiting = await toDeliveryData(qualified);
    const refused = await api.call('POST', `/api/v1/orders/${order.id}/delivery`, staff.manager.headers, { method: 'delivery', shipDate: shipDateAhead() });
    expect(refused.statusCode).toBe(400);
    const fields = (refused.json().error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['body.address', 'body.carrier']);
    expect((await api.order(order.id)).stage).toBe(waiting.stage);
    const pickup = await api.delivery(order.id, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
    expect(pickup.delivery).toMatchObject({ method: 'pickup', carrier: null, address: null });
  });
});
