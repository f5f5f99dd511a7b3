// Sustained load over real HTTP: 50 clients for 60 seconds (LOAD_CLIENTS, LOAD_SECONDS), each taking
// orders through the funnel (staff commands, provider webhooks, manual payments) with reads in between
// (lists with filters, an order, tasks, reports). No answer may be a 5xx, and every command the API
// accepted must have its effect afterwards. The figures are printed, never asserted: `npm run bench`
// measures speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveToWon, httpTransport, type DriveStats, type Transport } from '../helpers/driver.ts';
import { client, hireStaff, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'load-webhook-secret';
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let baseUrl: string;

beforeAll(async () => {
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  baseUrl = await stack.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => stack?.stop());

interface Accepted {
  method: string;
  url: string;
  status: number;
  request: unknown;
  response: string;
}

describe('sustained load', () => {
  it(`${CLIENTS} clients for ${SECONDS} s: no 5xx, and every accepted command has its effect`, async () => {
    const http = httpTransport(baseUrl);
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const accepted: Accepted[] = [];
    let requests = 0;
    const reads = [
      () => '/api/v1/orders?stage=production&limit=20',
      () => '/api/v1/orders?overdue=false&q=Load&limit=20',
      () => '/api/v1/tasks?status=open&limit=50',
      () => '/api/v1/reports/funnel',
      () => `/api/v1/reports/margin?from=2026-01-01&to=2027-12-31`,
    ];
    // every request is counted; a POST the API accepted is kept for the check afterwards
    const observed: Transport = {
      async request(method, url, headers, body) {
        requests += 1;
        const response = await http.request(method, url, headers, body);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) serverErrors.push(`${method} ${url} → ${response.status} ${response.body.slice(0, 200)}`);
        if (method === 'POST' && response.status < 300) accepted.push({ method, url, status: response.status, request: body, response: response.body });
        // reads in between, as people look at lists while they work
        if (Math.random() < 0.5) {
          const read = reads[Math.floor(Math.random() * reads.length)]!();
          requests += 1;
          const seen = await http.request('GET', read, staff.manager.headers);
          statuses.set(seen.status, (statuses.get(seen.status) ?? 0) + 1);
          if (seen.status >= 500) serverErrors.push(`GET ${read} → ${seen.status} ${seen.body.slice(0, 200)}`);
        }
        return response;
      },
    };

    const endAt = Date.now() + SECONDS * 1_000;
    const stop = () => Date.now() > endAt;
    const stats: DriveStats = { requests: 0, unavailable: 0, refused: 0 };
    const created: string[] = [];
    const won: string[] = [];
    const failures: string[] = [];
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, clientIndex) => {
        for (let n = 0; !stop(); n += 1) {
          try {
            const response = await observed.request('POST', '/api/v1/orders', { ...staff.manager.headers, 'idempotency-key': `load-${clientIndex}-${n}` }, {
              customer: { name: `Load ${clientIndex}-${n}`, email: `load-${clientIndex}@example.com` },
              items: [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }],
            });
            if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}`);
            const order = JSON.parse(response.body) as OrderJson;
            created.push(order.id);
            const last = await driveToWon(observed, order.id, { staff, webhookSecret: SECRET, prepaymentAmount: 500_000, stop }, stats);
            if (last.stage === 'won') won.push(order.id);
          } catch (error) {
            failures.push(String(error));
          }
        }
      }),
    );
    const seconds = (Date.now() - startedAt) / 1_000;
    console.info(
      `${CLIENTS} clients, ${seconds.toFixed(1)} s: ${requests} requests (${(requests / seconds).toFixed(0)}/s), ` +
        `${created.length} orders created, ${won.length} won, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(serverErrors).toEqual([]);
    expect(failures).toEqual([]);
    // work got done: beyond the orders, commands and webhooks went through
    expect(accepted.length).toBeGreaterThan(2 * CLIENTS);

    // every accepted command has its effect
    const api = client(stack);
    const orders = new Map<string, OrderJson>();
    const orderOf = async (id: string) => orders.get(id) ?? orders.set(id, await api.order(id)).get(id)!;
    const after = (stage: string, stages: string[]) => stages.indexOf(stage);
    const funnel = ['new', 'qualification', 'prepayment', 'production', 'postpayment', 'delivery_data', 'delivery', 'won'];
    // payments reach their orders as signals: give the last ones a moment
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const command of accepted) {
      const [, , , resource, id, action] = command.url.split('/');
      if (resource === 'orders' && !id) {
        expect((await orderOf(JSON.parse(command.response).id)).id).toBeDefined();
      } else if (resource === 'orders' && action === 'qualify') {
        const order = await orderOf(id!);
        expect(order.paymentScheme, command.url).toBe('partial_prepayment');
        expect(after(order.stage, funnel), command.url).toBeGreaterThanOrEqual(after('prepayment', funnel));
      } else if (resource === 'orders' && action === 'delivery') {
        expect((await orderOf(id!)).delivery?.method, command.url).toBe('pickup');
      } else if (resource === 'tasks') {
        const task = JSON.parse(command.response) as { orderId: string; id: string };
        const order = await orderOf(task.orderId);
        expect(order.tasks.find((t) => t.id === task.id)?.status, command.url).toBe('done');
      } else if (resource === 'invoices') {
        const payment = JSON.parse(command.response) as { id: string; orderId: string };
        const payments = await api.ok<{ items: { id: string }[] }>('GET', `/api/v1/orders/${payment.orderId}/payments`);
        expect(payments.items.map((p) => p.id), command.url).toContain(payment.id);
      } else if (command.url === '/webhooks/cloudpayments/pay') {
        expect(JSON.parse(command.response)).toEqual({ code: 0 });
        const transactionId = new URLSearchParams(command.request as string).get('TransactionId')!;
        const invoiceId = transactionId.replace(/^tx-/, '');
        const invoice = await api.ok<{ paid: number; amount: number; orderId: string }>('GET', `/api/v1/invoices/${invoiceId}`);
        expect(invoice.paid, transactionId).toBe(invoice.amount);
      } else {
        throw new Error(`an accepted command the check does not know: ${command.url}`);
      }
    }
    console.info(`${accepted.length} accepted commands checked, ${stats.refused} refused as already done`);
  }, (SECONDS + 180) * 1_000);
});
