// The newcomer's path (issue 17): one order from an empty catalogue to `won`, as docs/api.md tells it, with
// the admin key alone. A newcomer once needed about 60 calls, half of them lookups and mistakes; the calls
// that do work are counted here, so a change that adds a lookup to the ideal path shows up as a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, shipDateAhead, type OrderJson, type TaskJson } from '../helpers/funnel.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('the newcomer’s path', () => {
  it('takes an order to won in eleven calls, one of them a read while the payment travels', async () => {
    const api = client(stack);
    const calls: string[] = [];
    const send = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}): Promise<T> => {
      calls.push(`${method} ${url}`);
      const response = await stack.app.inject({ method, url, headers: { ...asAdmin, ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
      return response.json() as T;
    };

    const product = await send<{ id: string }>('POST', '/api/v1/products', {
      sku: 'RACK-1', name: 'Стеллаж', price: 1_500_000, vatRate: 22, costPrice: 900_000, productionDays: 1,
    });
    const order = await send<OrderJson>('POST', '/api/v1/orders', {
      customer: { name: 'ООО Ромашка', email: 'buyer@example.com' },
      items: [{ productId: product.id, quantity: 2 }],
    }, { 'idempotency-key': 'shop-1001' });
    await send<TaskJson>('POST', `/api/v1/tasks/${order.tasks.find((t) => t.type === 'take_in_work')!.id}/complete`);
    const qualified = await send<OrderJson>('POST', `/api/v1/orders/${order.id}/qualify`, {
      paymentScheme: 'postpayment', delivery: { method: 'pickup', shipDate: shipDateAhead() },
    });
    for (const task of qualified.tasks.filter((t) => t.type === 'production' && t.status === 'open')) {
      await send<TaskJson>('POST', `/api/v1/tasks/${task.id}/complete`);
    }
    const made = await send<OrderJson>('GET', `/api/v1/orders/${order.id}`);
    const invoice = made.invoices.find((i) => i.amount > 0)!;
    await send('POST', `/api/v1/invoices/${invoice.id}/payments`, { amount: invoice.amount, reference: 'pp-1' });
    // the payment reaches the workflow as a signal: the newcomer reads the order until it shows; not counted as work
    await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
    calls.push(`GET /api/v1/orders/${order.id}`);
    const delivering = await send<OrderJson>('POST', `/api/v1/orders/${order.id}/delivery`, {});
    expect(delivering.delivery).toMatchObject({ method: 'pickup' });
    await send<TaskJson>('POST', `/api/v1/tasks/${delivering.tasks.find((t) => t.type === 'delivery' && t.status === 'open')!.id}/complete`);
    const won = await send<OrderJson>('GET', `/api/v1/orders/${order.id}`);

    expect(won.stage).toBe('won');
    expect(won.paid).toBe(won.totals.amount);
    expect(calls).toHaveLength(11);
  });
});
