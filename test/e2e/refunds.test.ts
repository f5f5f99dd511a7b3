// Money paid back to the client: from a refund task's completion, from a bank statement's outgoing document,
// from the provider's refund notice. Each lowers `paid`, clears `overpaid` and settles the refund task once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, recordHistory, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { awaitingPrepayment as prepaid, buyer, notifyProvider } from '../helpers/money.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'refunds-secret';
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;
let first: { order: OrderJson; invoice: OrderJson['invoices'][number] };

const customer = buyer;

const awaitingPrepayment = () => prepaid(api, staff, catalog);

beforeAll(async () => {
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET, SELLER_ACCOUNT: '40702810000000000001' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
  // the statement fixture pays back on the first invoice of this test's fresh database
  first = await awaitingPrepayment();
});
afterAll(async () => stack?.stop());

const notify = (kind: string, fields: Record<string, string>) => notifyProvider(stack, SECRET, kind, fields);

/** Overpaid by `extra` kopecks: the order waits with a refund task for accounting. */
async function overpaid(order: OrderJson, extra: number, pay: () => Promise<unknown>) {
  await pay();
  const after = await api.until(order.id, (o) => o.overpaid === extra && o.tasks.some((t) => t.type === 'refund' && t.status === 'open'), 'overpaid with a refund task');
  return { order: after, task: openTask(after, 'refund') };
}

const refundTasksDone = (order: OrderJson) => order.tasks.filter((t) => t.type === 'refund').map((t) => t.status);

describe('refunds', () => {
  it('records the refund given on completing its task: paid, due and overpaid are right afterwards', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const { order: waiting, task } = await overpaid(order, 20_000, () => api.pay(invoice.id, staff.accountant.headers, 1_270_000, 'PP-in-1'));

    const making = await api.call('POST', `/api/v1/tasks/${openTask(waiting, 'production').id}/complete`, staff.productionHead.headers, { refund: { amount: 1, reference: 'x' } });
    expect(making.statusCode).toBe(422);
    const bad = await api.call('POST', `/api/v1/tasks/${task.id}/complete`, staff.accountantHead.headers, { refund: { amount: -5, reference: 'RF-1' } });
    expect(bad.statusCode).toBe(400);

    const done = await api.completeTask(task.id, staff.accountantHead.headers, { refund: { amount: 20_000, reference: 'RF-1', paidAt: '2026-12-02T10:00:00Z' }, comment: 'вернули переплату' });
    expect(done.status).toBe('done');
    const after = await api.order(order.id);
    expect([after.paid, after.due, after.overpaid]).toEqual([1_250_000, 0, 0]);
    const payments = await api.ok<{ items: { amount: number; source: string; externalId: string }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toContainEqual(expect.objectContaining({ amount: -20_000, source: 'manual', externalId: 'RF-1' }));
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'refund_recorded')).toHaveLength(1);

    const again = await api.call('POST', `/api/v1/tasks/${task.id}/complete`, staff.accountantHead.headers, { refund: { amount: 20_000, reference: 'RF-1' } });
    expect(again.statusCode).toBe(409);
    expect((await api.order(order.id)).paid).toBe(1_250_000);
    await recordHistory(stack, order.id, 'refund-task-completed');
  });

  it('matches a bank statement’s outgoing document to the buyer with the open refund task, once however often loaded', async () => {
    const { order, invoice } = first;
    await overpaid(order, 10_000, () => api.pay(invoice.id, staff.accountant.headers, 1_260_000, 'PP-in-2'));
    const year = invoice.number.slice(4, 8);
    const file = (name: string) => Buffer.from(readFileSync(new URL(`../fixtures/bank-statements/${name}`, import.meta.url)).toString('latin1').replace(/INV-2026-00001/g, `INV-${year}-00001`), 'latin1');
    const load = (name: string) =>
      stack.app.inject({ method: 'POST', url: '/api/v1/integrations/bank-statements', headers: { ...staff.accountant.headers, 'content-type': 'text/plain' }, payload: file(name) });

    const loaded = await load('reconciliation-windows-1251.txt');
    expect(loaded.json().results[1]).toMatchObject({ documentNumber: '10', amount: 10_000, invoiceNumber: invoice.number, status: 'recorded', reason: 'a refund to the buyer' });
    const settled = await api.until(order.id, (o) => o.overpaid === 0 && refundTasksDone(o).every((s) => s === 'done'), 'refund counted, task done');
    expect(settled.paid).toBe(1_250_000);
    expect((await load('reconciliation-utf-8.txt')).json().results[1]).toMatchObject({ documentNumber: '10', status: 'duplicate' });
    expect((await api.order(order.id)).paid).toBe(1_250_000);
    await recordHistory(stack, order.id, 'refund-from-statement');
  });

  it('settles the refund task with the provider’s refund notice', async () => {
    const { order, invoice } = await awaitingPrepayment();
    // more than the invoice asks is kept for accounting (docs/money.md, Reconciliation); matched to it, it overpays
    await overpaid(order, 5_000, async () => {
      expect((await notify('pay', { TransactionId: 'rf-tx-pay', Amount: '12550.00', Currency: 'RUB', InvoiceId: invoice.number, AccountId: customer.email })).json()).toEqual({ code: 0 });
      const kept = await api.ok<{ items: { id: string; externalId: string }[] }>('GET', '/api/v1/payments?matched=false&source=cloudpayments', staff.accountant.headers);
      const card = kept.items.find((item) => item.externalId === 'rf-tx-pay')!;
      expect((await api.call('POST', `/api/v1/payments/${card.id}/match`, staff.accountant.headers, { invoiceId: invoice.id })).statusCode).toBe(200);
    });
    expect((await notify('refund', { TransactionId: 'rf-tx-refund', PaymentTransactionId: 'rf-tx-pay', Amount: '50.00' })).json()).toEqual({ code: 0 });
    const settled = await api.until(order.id, (o) => o.overpaid === 0 && refundTasksDone(o).every((s) => s === 'done'), 'refund counted, task done');
    expect([settled.paid, refundTasksDone(settled)]).toEqual([1_250_000, ['done']]);
    await recordHistory(stack, order.id, 'refund-from-provider');
  });
});
