// Reversal of a payment recorded by mistake, over HTTP with the real workflow: accounting reverses it with a
// reason; the payment stays on record, the timeline says so, the order's money is counted again without it
// and its stage is kept; a second reversal is 409, and the reversed payment's reference cannot be used again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, recordHistory, stockCatalog, type Staff } from '../helpers/funnel.ts';
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

interface PaymentJson {
  id: string;
  amount: number;
  reversedAt: string | null;
  reversalReason: string | null;
}

const rows = () => [{ productId: catalog.chair.id, quantity: 2 }];
const reverse = (paymentId: string, headers: Record<string, string>, body: unknown = { reason: 'платёж другого клиента' }) =>
  api.call('POST', `/api/v1/payments/${paymentId}/reverse`, headers, body);

describe('reversing a payment', () => {
  it('takes the money back out of the order, keeps the payment and the stage, and says so on the timeline', async () => {
    const order = await api.create({ customer: { name: 'ООО Ошибка', email: 'oops@example.com' }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const prepaid = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'partial_prepayment', prepaymentAmount: 200_000 });
    const invoice = prepaid.invoices[0]!;
    const paid = await api.pay(invoice.id, staff.accountant.headers, 200_000, 'pp-17');
    const producing = await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect(producing.paid).toBe(200_000);

    // bad requests change nothing
    expect((await reverse(paid.id, staff.accountant.headers, {})).statusCode).toBe(400);
    expect((await reverse(paid.id, staff.manager.headers)).statusCode).toBe(403);
    expect((await reverse('00000000-0000-4000-8000-000000000000', staff.accountant.headers)).statusCode).toBe(404);
    expect((await api.order(order.id)).paid).toBe(200_000);

    const reversed = await reverse(paid.id, staff.accountant.headers);
    expect(reversed.statusCode, reversed.body).toBe(200);
    const body = reversed.json() as PaymentJson;
    expect([body.id, body.amount, body.reversalReason]).toEqual([paid.id, 200_000, 'платёж другого клиента']);
    expect(body.reversedAt).not.toBeNull();

    // answered once the order has counted it: no polling needed
    const after = await api.order(order.id);
    expect([after.stage, after.paid, after.due, after.overpaid]).toEqual(['production', 0, after.totals.amount, 0]);
    expect(after.invoices[0]).toMatchObject({ id: invoice.id, paid: 0, status: 'issued' });
    const entry = (await api.timeline(order.id)).find((e) => e.type === 'payment_reversed')!;
    expect(entry.data).toMatchObject({ paymentId: paid.id, amount: 200_000, reason: 'платёж другого клиента', paid: 0 });
    expect(entry.text).toContain('сторнирован');
    expect(entry.actor).toMatchObject({ id: staff.accountant.id });

    // never deleted: the order's payments still list it, marked
    const listed = await api.ok<{ items: PaymentJson[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(listed.items.find((p) => p.id === paid.id)).toMatchObject({ reversalReason: 'платёж другого клиента' });

    // twice: 409, and nothing moves
    const again = await reverse(paid.id, asAdmin, { reason: 'ещё раз' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    // the reversed payment's reference is spent: not taken again silently
    const reused = await api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: 200_000, reference: 'pp-17' });
    expect(reused.statusCode).toBe(409);
    expect(reused.body).toContain('pp-17');
    expect((await api.order(order.id)).paid).toBe(0);
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'payment_reversed')).toHaveLength(1);

    // the right money under a new reference counts as any payment
    await api.pay(invoice.id, staff.accountant.headers, 200_000, 'pp-17-correct');
    const repaid = await api.until(order.id, (o) => o.paid === 200_000, 'paid again');
    expect(repaid.stage).toBe('production');
    await recordHistory(stack, order.id, 'payment-reversed');
  });

  it('counts the overpaid amount again when an overpayment is reversed', async () => {
    const order = await api.create({ customer: { name: 'ООО Возврат', email: 'back@example.com' }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const prepaid = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    const invoice = prepaid.invoices[0]!;
    const tooMuch = await api.pay(invoice.id, staff.accountant.headers, invoice.amount + 10_000, 'over-1');
    await api.until(order.id, (o) => o.overpaid === 10_000, 'overpaid');
    const reversed = await reverse(tooMuch.id, staff.accountant.headers, { reason: 'ошибочная сумма' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    const after = await api.order(order.id);
    expect([after.stage, after.paid, after.overpaid]).toEqual(['production', 0, 0]);
  });
});
