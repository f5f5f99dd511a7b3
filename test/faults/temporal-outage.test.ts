// The Temporal server goes away and comes back (the dev server with its SQLite file): meanwhile the API
// answers 503 UNAVAILABLE in the contract's envelope, reads keep working, nothing is half-done; afterwards
// every order continues and a payment stored during the outage is counted on the caller's retry.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/stack/temporal.ts';
import { client, hireStaff, openTask, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

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
  stack = await startStack({ TEMPORAL_ADDRESS: temporal.address });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Temporal outage', () => {
  it('answers 503 meanwhile, and every order continues afterwards', async () => {
    const rows = [{ productId: catalog.chair.id, quantity: 1 }];
    const order = await api.create({ customer: { name: 'Outage', email: 'outage@example.com' }, items: rows });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const prepayment = await api.qualify(order.id, staff.manager.headers, { items: rows, paymentScheme: 'full_prepayment' });
    const invoice = prepayment.invoices[0]!;

    await temporal.stop();

    const created = await api.call('POST', '/api/v1/orders', staff.manager.headers, { customer: { name: 'During', email: 'during@example.com' } });
    expect(created.statusCode).toBe(503);
    expect(created.json().error.code).toBe('UNAVAILABLE');
    expect(created.body).not.toMatch(/grpc|14 UNAVAILABLE|stack/i);

    const paid = await api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: invoice.amount, reference: 'during-outage' });
    expect(paid.statusCode).toBe(503);
    expect(paid.json().error.code).toBe('UNAVAILABLE');

    const ready = await api.call('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', database: 'ok', temporal: 'unavailable' });
    // the read model still answers
    expect((await api.order(order.id)).stage).toBe('prepayment');

    temporal = await startTemporal();
    for (const deadline = Date.now() + 30_000; (await api.call('GET', '/readyz')).statusCode !== 200 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // the payment stored during the outage is counted when the caller retries with the same reference
    const retried = await api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: invoice.amount, reference: 'during-outage' });
    expect(retried.statusCode).toBe(200);
    const production = await api.until(order.id, (o) => o.stage === 'production', 'production after the outage');
    expect(production.paid).toBe(invoice.amount);
    const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toHaveLength(1);

    // and new orders are taken again
    const after = await api.create({ customer: { name: 'After', email: 'after@example.com' }, items: rows });
    expect(after.tasks).toHaveLength(1);
  }, 180_000);
});
