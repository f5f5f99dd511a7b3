import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAttributes } from '../../workflows/shared.ts';
import { createEmployee, createProduct } from '../helpers/api.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let manager: Awaited<ReturnType<typeof createEmployee>>;
let table: { id: string; price: number };
let chair: { id: string; price: number };

beforeAll(async () => {
  stack = await startStack({ SLA_TAKE_IN_WORK: '45m', SLA_QUALIFY: '3h' });
  manager = await createEmployee(stack.app, { department: 'sales', name: 'Мария Менеджер' });
  table = await createProduct(stack.app, { name: 'Стол', price: 1_250_000, vatRate: 22 });
  chair = await createProduct(stack.app, { name: 'Стул', price: 350_000, vatRate: 10 });
});
afterAll(async () => stack?.stop());

const customer = { name: 'ООО «Ромашка»', email: 'buyer@example.com', company: 'Ромашка', inn: '7701234567' };

function createOrder(payload: unknown, headers: Record<string, string> = asAdmin) {
  return stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: payload as object });
}
const get = (url: string) => stack.app.inject({ method: 'GET', url, headers: asAdmin });

/** Workflow ids matching a visibility query; visibility is eventually consistent, so wait for a first hit. */
async function listWorkflows(query: string): Promise<string[]> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const found: string[] = [];
    for await (const execution of stack.temporal.workflow.list({ query })) found.push(execution.workflowId);
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('POST /api/v1/orders', () => {
  it('creates an order in stage new, priced from the catalog, with its manager and take_in_work task', async () => {
    const response = await createOrder(
      { customer, items: [{ productId: table.id, quantity: 2, discountPercent: 5 }, { productId: chair.id, quantity: 4, price: 300_000 }] },
      manager.headers,
    );
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order.stage).toBe('new');
    expect(order.number).toMatch(/^\d{4}-\d{5}$/);
    expect(order.customer).toEqual({ ...customer, phone: null, locale: 'ru' });
    expect(order.items).toMatchObject([
      { productId: table.id, quantity: 2, price: 1_250_000, discountPercent: 5, vatRate: 22, amount: 2_375_000, vat: 428_279, status: 'pending' },
      { productId: chair.id, quantity: 4, price: 300_000, discountPercent: 0, vatRate: 10, amount: 1_200_000, vat: 109_091, status: 'pending' },
    ]);
    expect(order.totals).toEqual({ amount: 3_575_000, vat: 537_370, netOfVat: 3_037_630 });
    expect(order).toMatchObject({ paid: 0, due: 3_575_000, overpaid: 0, paymentScheme: null, productionCost: null, margin: null, invoices: [] });
    expect(order.manager).toEqual({ id: manager.id, name: 'Мария Менеджер' });
    expect(order.tasks).toHaveLength(1);
    const [task] = order.tasks;
    expect(task).toMatchObject({ type: 'take_in_work', department: 'sales', status: 'open', overdue: false, orderId: order.id, orderNumber: order.number });
    expect(task.assignee).toEqual({ id: manager.id, name: 'Мария Менеджер' });

    // read your writes: every view agrees right after the POST returned
    expect((await get(`/api/v1/orders/${order.id}`)).json()).toEqual(order);
    expect((await get(`/api/v1/tasks/${task.id}`)).json()).toEqual(task);
    const tasks = (await get(`/api/v1/tasks?orderId=${order.id}&type=take_in_work&status=open`)).json();
    expect(tasks.items).toEqual([task]);
  });

  it('creates an order without items, with a phone only, in English', async () => {
    const response = await createOrder({ customer: { name: 'John Smith', phone: '+44 20 7946 0000', locale: 'en' } });
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({ stage: 'new', items: [], totals: { amount: 0, vat: 0, netOfVat: 0 }, due: 0 });
    expect(order.customer).toMatchObject({ email: null, phone: '+44 20 7946 0000', locale: 'en' });
    const timeline = (await get(`/api/v1/orders/${order.id}/timeline`)).json();
    expect(timeline.items[0].text).toBe(`Order #${order.number} created`);
  });

  it('writes the order_created, manager_assigned and task_created entries on the timeline, oldest first', async () => {
    const order = (await createOrder({ customer, items: [{ productId: table.id, quantity: 1 }] }, manager.headers)).json();
    // mail goes out beside the order's work: its notification_sent entries may come at any point
    const items = (await get(`/api/v1/orders/${order.id}/timeline`)).json().items.filter((e: { type: string }) => e.type !== 'notification_sent');
    expect(items.map((e: { type: string }) => e.type)).toEqual(['order_created', 'manager_assigned', 'task_created']);
    expect(items[0]).toMatchObject({ actor: { id: manager.id, name: 'Мария Менеджер' }, data: { number: order.number, amount: 1_250_000 } });
    expect(items[1]).toMatchObject({ data: { managerId: manager.id }, text: expect.stringContaining('Мария Менеджер') });
    expect(items[2]).toMatchObject({ data: { taskId: order.tasks[0].id, taskType: 'take_in_work', assigneeId: manager.id } });
    const times = items.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('fixes the SLA from configuration into the workflow input: the task deadline is 45 minutes after intake', async () => {
    const order = (await createOrder({ customer })).json();
    const { items } = (await get(`/api/v1/orders/${order.id}/timeline`)).json();
    const taskCreatedAt = Date.parse(items.find((e: { type: string }) => e.type === 'task_created').at);
    expect(Date.parse(order.tasks[0].deadline) - taskCreatedAt).toBe(45 * 60_000);

    const history = await stack.temporal.workflow.getHandle(`order-${order.id}`).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data!).toString('utf8'));
    expect(input.settings.sla).toEqual({ takeInWorkMs: 45 * 60_000, qualifyMs: 3 * 3_600_000, enterDeliveryDataMs: 86_400_000 });
  });

  it('shows the order to operators: summary, and search attributes they can filter on', async () => {
    const order = (await createOrder({ customer, items: [{ productId: chair.id, quantity: 3 }] })).json();
    const handle = stack.temporal.workflow.getHandle(`order-${order.id}`);
    const description = await handle.describe();
    // Intl separates thousands and the currency sign with no-break spaces
    expect((await description.staticSummary())?.replace(/\s/g, ' ')).toBe(`№ ${order.number} · ООО «Ромашка» · 10 500,00 ₽`);
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(searchAttributes.stage)).toBe('new');
    expect(attributes.get(searchAttributes.number)).toBe(order.number);
    expect(attributes.get(searchAttributes.managerId)).toBe(manager.id);
    expect(attributes.get(searchAttributes.amountDue)).toBe(1_050_000);
    expect(attributes.get(searchAttributes.overdue)).toBe(false);

    // the suite's test files share one Temporal namespace, each with its own database and numbers: the task
    // queue tells this file's orders apart
    const query = `OrderStage = "new" AND OrderNumber = "${order.number}" AND TaskQueue = "${stack.config.temporal.taskQueue}"`;
    expect(await listWorkflows(query)).toEqual([`order-${order.id}`]);
  });
});

describe('Idempotency-Key', () => {
  const body = { customer: { name: 'Idem Client', email: 'idem@example.com' }, externalId: 'site-42' };

  it('returns the same order for a retry, with one workflow and one number', async () => {
    const headers = { ...asAdmin, 'idempotency-key': 'retry-1' };
    const first = await createOrder(body, headers);
    const second = await createOrder(body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().number).toBe(first.json().number);

    const rows = await stack.db.execute(sql`select count(*)::int as n from orders where external_id = 'site-42'`);
    expect(rows[0]!.n).toBe(1);
    expect(await listWorkflows(`WorkflowId = "order-${first.json().id}"`)).toHaveLength(1);
  });

  it('makes one order of concurrent retries', async () => {
    const headers = { ...asAdmin, 'idempotency-key': 'burst-1' };
    const payload = { ...body, externalId: 'site-burst' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => createOrder(payload, headers)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const rows = await stack.db.execute(sql`select count(*)::int as n from orders where external_id = 'site-burst'`);
    expect(rows[0]!.n).toBe(1);
    expect(responses.every((r) => r.json().tasks.length === 1)).toBe(true);
  });

  it('refuses the same key with a different body with 409, and creates nothing', async () => {
    const headers = { ...asAdmin, 'idempotency-key': 'conflict-1' };
    await createOrder({ ...body, externalId: 'site-c1' }, headers);
    const before = await stack.db.execute(sql`select count(*)::int as n from orders`);
    const reused = await createOrder({ ...body, externalId: 'site-c2' }, headers);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('CONFLICT');
    const after = await stack.db.execute(sql`select count(*)::int as n from orders`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('keeps keys apart between callers', async () => {
    const other = await createEmployee(stack.app, { department: 'accounting' });
    const mine = (await createOrder({ ...body, externalId: 'site-s1' }, { ...asAdmin, 'idempotency-key': 'shared' })).json();
    const theirs = (await createOrder({ ...body, externalId: 'site-s1' }, { ...other.headers, 'idempotency-key': 'shared' })).json();
    expect(theirs.id).not.toBe(mine.id);
  });
});

describe('order validation', () => {
  it.each([
    ['neither email nor phone', { customer: { name: 'Nobody' } }, ['body.customer.email']],
    ['an empty name and a bad e-mail', { customer: { name: '', email: 'nope' } }, ['body.customer.name', 'body.customer.email']],
    ['a quantity with four decimals', { customer, items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1.2345 }] }, ['body.items.0.quantity']],
    ['a zero quantity and a 100 % discount', { customer, items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 0, discountPercent: 100 }] }, ['body.items.0.quantity', 'body.items.0.discountPercent']],
    ['an unknown product', { customer, items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }, ['body.items.0.productId']],
    ['an unknown locale', { customer: { ...customer, locale: 'de' } }, ['body.customer.locale']],
  ])('refuses %s with 400 naming the fields, and creates nothing', async (_name, payload, fields) => {
    const before = await stack.db.execute(sql`select count(*)::int as n from orders`);
    const response = await createOrder(payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(fields));
    const after = await stack.db.execute(sql`select count(*)::int as n from orders`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses a row whose amount cannot be counted exactly', async () => {
    const response = await createOrder({ customer, items: [{ productId: table.id, quantity: 1e9, price: 1e13 }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'body.items.0.quantity', message: 'the row amount is too large' }]);
  });
});

describe('GET /api/v1/orders', () => {
  it('filters by stage, manager, overdue and a search over number and customer', async () => {
    const order = (await createOrder({ customer: { name: 'Filter Test', email: 'filter-me@example.com', phone: '+7 900 111-22-33', company: 'Filterworks' } })).json();
    const ids = async (query: string) => (await get(`/api/v1/orders?${query}`)).json().items.map((o: { id: string }) => o.id);
    expect(await ids(`q=${encodeURIComponent(order.number)}`)).toEqual([order.id]);
    expect(await ids('q=filter-me@')).toEqual([order.id]);
    expect(await ids('q=filterworks')).toEqual([order.id]);
    expect(await ids('q=111-22')).toEqual([order.id]);
    // case-insensitive in Cyrillic too (the embedded cluster's builtin C.UTF-8 locale)
    const cyrillic = (await createOrder({ customer: { name: 'ИП Ёжиков Иван', email: 'ezhikov@example.com' } })).json();
    expect(await ids(`q=${encodeURIComponent('ёжиков')}`)).toEqual([cyrillic.id]);
    expect(await ids(`stage=new&managerId=${manager.id}&overdue=false`)).toContain(order.id);
    expect(await ids('stage=won')).toEqual([]);
    expect(await ids('q=%25')).not.toContain(order.id);

    const listed = (await get(`/api/v1/orders?q=${encodeURIComponent(order.number)}`)).json().items[0];
    expect(listed).toMatchObject({ id: order.id, number: order.number, stage: 'new', manager: order.manager });
    expect(listed).not.toHaveProperty('tasks');
  });

  it('answers 404 for an unknown order and 400 for a bad filter', async () => {
    expect((await get('/api/v1/orders/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/api/v1/orders/00000000-0000-4000-8000-000000000000/timeline')).statusCode).toBe(404);
    const bad = await get('/api/v1/orders?stage=shipped&overdue=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['query.stage', 'query.overdue']));
  });
});
