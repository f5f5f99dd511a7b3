// With PAYMENT_PROVIDER=cloudpayments the payment link comes from the provider's orders/create API. A local
// HTTP server plays the provider and checks each request as it would: Basic auth, the idempotency header,
// the fields.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const PUBLIC_ID = 'pk_test_provider';
const API_SECRET = 'provider-api-secret';

interface Seen {
  authorization: string | undefined;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
const seen: Seen[] = [];
let failNext = 0;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

async function read(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

beforeAll(async () => {
  const port = await freePort();
  // idempotency as the provider keeps it: the same X-Request-ID gets the same order back
  const ordersByRequest = new Map<string, string>();
  server = createServer((request, response) => {
    void read(request).then((raw) => {
      const expectedAuth = `Basic ${Buffer.from(`${PUBLIC_ID}:${API_SECRET}`).toString('base64')}`;
      const requestId = request.headers['x-request-id'] as string | undefined;
      seen.push({ authorization: request.headers.authorization, requestId, body: JSON.parse(raw || '{}') });
      response.setHeader('content-type', 'application/json');
      if (request.url !== '/orders/create' || request.method !== 'POST') return response.writeHead(404).end('{}');
      if (request.headers.authorization !== expectedAuth) return response.writeHead(401).end('{"Success":false,"Message":"auth"}');
      if (failNext > 0) {
        failNext -= 1;
        return response.writeHead(503).end('{"Success":false,"Message":"try later"}');
      }
      const id = ordersByRequest.get(requestId ?? '') ?? `cp-${ordersByRequest.size + 1}`;
      if (requestId) ordersByRequest.set(requestId, id);
      response.end(JSON.stringify({ Success: true, Model: { Id: id, Url: `https://orders.cloudpayments.example/${id}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stack = await startStack({
    PAYMENT_PROVIDER: 'cloudpayments',
    CLOUDPAYMENTS_PUBLIC_ID: PUBLIC_ID,
    CLOUDPAYMENTS_API_SECRET: API_SECRET,
    CLOUDPAYMENTS_API_URL: `http://127.0.0.1:${port}`,
  });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => server.close(resolve));
});

const customer = { name: 'Provider Client', email: 'client@example.com' };

describe('CloudPayments orders/create', () => {
  it('makes the invoice payment link, once, with auth, idempotency key and the invoice fields', async () => {
    const order = await api.create({ customer, items: [{ productId: catalog.chair.id, quantity: 2 }] });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    failNext = 2; // the provider is briefly unavailable: the activity retries
    const prepayment = await api.qualify(order.id, staff.manager.headers, { items: [{ productId: catalog.chair.id, quantity: 2 }], paymentScheme: 'full_prepayment' });
    const invoice = prepayment.invoices[0]!;
    expect(invoice.paymentUrl).toMatch(/^https:\/\/orders\.cloudpayments\.example\/cp-\d+$/);

    const calls = seen.filter((s) => s.requestId === invoice.id);
    expect(calls.length).toBe(3);
    expect(calls.every((c) => c.authorization === `Basic ${Buffer.from(`${PUBLIC_ID}:${API_SECRET}`).toString('base64')}`)).toBe(true);
    expect(calls[2]!.body).toMatchObject({ Amount: 7000, Currency: 'RUB', InvoiceId: invoice.number, AccountId: 'client@example.com', Email: 'client@example.com' });

    // the pay page sends the client to the provider's page
    const page = await stack.app.inject({ method: 'GET', url: `/pay/${new URL(invoice.pdfUrl).pathname.split('/')[2]}/provider` });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(invoice.paymentUrl);
    expect(seen.filter((s) => s.requestId === invoice.id)).toHaveLength(3);
    // the sandbox button does not exist with a real provider
    const sandbox = await stack.app.inject({ method: 'POST', url: `/pay/${new URL(invoice.pdfUrl).pathname.split('/')[2]}/sandbox`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(sandbox.statusCode).toBe(404);
  });
});
