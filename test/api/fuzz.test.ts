// Hostile input, generated: whatever arrives in params, query and body, the answer is the contract's
// envelope with a 4xx — never a 5xx — and a refused request writes nothing.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let orderId: string;
beforeAll(async () => {
  stack = await startStack();
  const order = await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: asAdmin, payload: { customer: { name: 'Fuzz', email: 'fuzz@example.com' } } });
  orderId = order.json().id;
});
afterAll(async () => stack?.stop());

const odd = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '\u0000', '../../etc/passwd', '%00', '${7*7}', '💥'.repeat(100), 'a'.repeat(10_000)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, 1e300, -1e300),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, odd, fc.array(tie('any'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('any'), { maxKeys: 5 })),
})).any;

/** Bodies shaped like the real ones but with hostile values, and wholly random ones. */
const body = (fields: string[]) =>
  fc.oneof(value, fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }));

const ROUTES: [string, string, string[]][] = [
  ['POST', '/api/v1/orders', ['customer', 'items', 'comment', 'externalId']],
  ['POST', '/api/v1/products', ['sku', 'name', 'unit', 'price', 'vatRate', 'costPrice', 'productionDays']],
  ['POST', '/api/v1/employees', ['name', 'email', 'department', 'isHead']],
  ['POST', `/api/v1/orders/:order/qualify`, ['items', 'paymentScheme', 'prepaymentAmount', 'delivery']],
  ['POST', `/api/v1/orders/:order/delivery`, ['method', 'carrier', 'address', 'shipDate', 'comment']],
  ['POST', `/api/v1/orders/:order/cancel`, ['reason']],
  ['POST', `/api/v1/orders/:order/comments`, ['text', 'notifyClient']],
  ['POST', '/api/v1/integrations/1c/payments', ['payments']],
];

async function count(): Promise<number> {
  const [row] = await stack.db.execute<{ n: number }>(sql`select (select count(*) from orders) + (select count(*) from products) + (select count(*) from employees) + (select count(*) from payments) as n`);
  return Number(row!.n);
}

describe('hostile input', () => {
  it.each(ROUTES)('%s %s answers 4xx in the envelope to any body, and writes nothing', async (method, template, fields) => {
    const url = template.replace(':order', orderId);
    const before = await count();
    await fc.assert(
      fc.asyncProperty(body(fields), async (payload) => {
        const response = await stack.app.inject({ method: method as 'POST', url, headers: { ...asAdmin, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        // a hostile body that happens to be valid may succeed; what never happens is a 5xx
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const envelope = response.json();
          expect(envelope.error.code).toEqual(expect.any(String));
          expect(envelope.requestId).toEqual(expect.any(String));
        }
      }),
      { numRuns: 100 },
    );
    // only bodies that were valid orders, products or employees could have added rows
    if (!['/api/v1/orders', '/api/v1/products', '/api/v1/employees'].includes(template)) expect(await count()).toBe(before);
  });

  it('refuses a NUL character anywhere in a body, naming the field, before it reaches an order', async () => {
    const fresh = (await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: asAdmin, payload: { customer: { name: 'Nul', email: 'nul@example.com' } } })).json();
    const response = await stack.app.inject({ method: 'POST', url: `/api/v1/orders/${fresh.id}/cancel`, headers: asAdmin, payload: { reason: 'a\u0000b' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'body.reason', message: 'contains a NUL character' }]);
    expect((await stack.app.inject({ method: 'GET', url: `/api/v1/orders/${fresh.id}`, headers: asAdmin })).json().stage).toBe('new');
  });

  it('answers odd params, queries, content types and oversized bodies with a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), async (segment, query) => {
        for (const url of [`/api/v1/orders/${encodeURIComponent(segment)}`, `/api/v1/orders?${encodeURIComponent(query)}=${encodeURIComponent(segment)}`, `/api/v1/tasks?limit=${encodeURIComponent(segment)}&status=${encodeURIComponent(query)}`]) {
          const response = await stack.app.inject({ method: 'GET', url, headers: asAdmin });
          expect(response.statusCode, url).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
    const xml = await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...asAdmin, 'content-type': 'application/xml' }, payload: '<order/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('VALIDATION_FAILED');
    const huge = await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...asAdmin, 'content-type': 'application/json' }, payload: JSON.stringify({ comment: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('VALIDATION_FAILED');
  });
});
