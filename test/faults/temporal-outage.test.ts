// The Temporal server goes away and comes back (the dev server with its SQLite file). Meanwhile the API
// answers 503 UNAVAILABLE in the contract's envelope to what needs a workflow, reads keep working, and money
// that arrives (a manual payment, a provider webhook, a 1C row) is stored and acknowledged. Afterwards every
// order continues, and the relay hands over what was stored (payments, an order whose start failed) without
// anyone retrying.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/stack/temporal.ts';
import { signedPayNotice } from '../helpers/driver.ts';
import { client, hireStaff, openTask, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'outage-webhook-secret';
let dir: string;
let port: number;
let temporal: TemporalDevServer;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

const startTemporal = () =>
  startTemporalDevServer({ port, uiPort: null, namespace: 'default', dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log') });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'order-engine-outage-'));
  chmodSync(dir, 0o755);
  port = await freePort();
  temporal = await startTemporal();
  stack = await startStack({ TEMPORAL_ADDRESS: temporal.address, CLOUDPAYMENTS_API_SECRET: SECRET, RELAY_INTERVAL: '500ms', RELAY_GRACE: '1s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => [{ productId: catalog.chair.id, quantity: 1 }];

async function awaitingPrepayment(name: string): Promise<OrderJson> {
  const order = await api.create({ customer: { name, email: 'outage@example.com' }, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
}

function webhookPay(invoice: { number: string; amount: number }, transactionId: string) {
  const notice = signedPayNotice(invoice, transactionId, SECRET);
  return stack.app.inject({ method: 'POST', url: '/webhooks/cloudpayments/pay', headers: notice.headers, payload: notice.body });
}

describe('a Temporal outage', () => {
  it('answers 503 to commands, keeps the money that arrives, and afterwards every order continues without retries', async () => {
    const byHand = await awaitingPrepayment('By hand');
    const byCard = await awaitingPrepayment('By card');
    const by1c = await awaitingPrepayment('By 1C');
    const inQualification = await api.create({ customer: { name: 'Qualifying', email: 'q@example.com' }, items: rows() });
    await api.completeTask(openTask(inQualification, 'take_in_work').id, staff.manager.headers);

    await temporal.stop();

    // all at once: each waits for Temporal up to its deadline
    const [qualify, created, paid, card, imported] = await Promise.all([
      api.call('POST', `/api/v1/orders/${inQualification.id}/qualify`, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' }),
      api.call('POST', '/api/v1/orders', staff.manager.headers, { customer: { name: 'During the outage', email: 'during@example.com' } }),
      api.call('POST', `/api/v1/invoices/${byHand.invoices[0]!.id}/payments`, staff.accountant.headers, { amount: byHand.invoices[0]!.amount, reference: 'during-outage' }),
      webhookPay(byCard.invoices[0]!, 'outage-tx-1'),
      api.call('POST', '/api/v1/integrations/1c/payments', staff.accountant.headers, {
        payments: [{ invoiceNumber: by1c.invoices[0]!.number, amount: by1c.invoices[0]!.amount, paidAt: '2026-11-27', documentNumber: 'outage-1c-1' }],
      }),
    ]);
    // commands need the workflow: 503 in the envelope, no internals
    expect(qualify.statusCode).toBe(503);
    expect(qualify.json().error.code).toBe('UNAVAILABLE');
    expect(qualify.body).not.toMatch(/grpc|14 UNAVAILABLE|stack/i);
    // a new order is stored, but its workflow cannot start: 503, and no Idempotency-Key to retry with
    expect(created.statusCode).toBe(503);
    expect(created.json().error.code).toBe('UNAVAILABLE');
    // money is stored and acknowledged: nobody has to send it again
    expect(paid.statusCode).toBe(201);
    expect(card.statusCode).toBe(200);
    expect(card.json()).toEqual({ code: 0 });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().results).toEqual([{ documentNumber: 'outage-1c-1', status: 'recorded' }]);

    const ready = await api.call('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', database: 'ok', temporal: 'unavailable' });
    // the read model still answers
    expect((await api.order(byHand.id)).stage).toBe('prepayment');

    temporal = await startTemporal();

    // no retries from anyone: the relay delivers the stored payments, and starts the stored order
    for (const order of [byHand, byCard, by1c]) {
      const production = await api.until(order.id, (o) => o.stage === 'production', `production after the outage (${order.customer.name})`, 60_000);
      expect(production.paid).toBe(order.invoices[0]!.amount);
      const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
      expect(payments.items).toHaveLength(1);
    }
    const listed = await api.ok<{ items: { id: string; customer: { name: string } }[] }>('GET', '/api/v1/orders?limit=200');
    const during = listed.items.filter((o) => o.customer.name === 'During the outage');
    expect(during).toHaveLength(1);
    const started = await api.until(during[0]!.id, (o) => o.tasks.some((t) => t.type === 'take_in_work'), 'the relay started the stored order', 60_000);
    expect(started.manager?.id).toBe(staff.manager.id);

    // commands work again, and new orders are taken
    const qualified = await api.qualify(inQualification.id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });
    expect(qualified.stage).toBe('production');
    const after = await api.create({ customer: { name: 'After', email: 'after@example.com' }, items: rows() });
    expect(after.tasks).toHaveLength(1);
  }, 240_000);
});
