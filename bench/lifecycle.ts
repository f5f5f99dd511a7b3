// The lifecycle run: orders driven through the whole funnel over HTTP, as staff and the payment provider
// would — take in work, qualify with partial prepayment, pay by webhook, complete every production task, pay
// the rest by webhook, enter delivery data, complete delivery.
import { sign } from '../integrations/cloudpayments.ts';
import type { Http } from './http.ts';
import type { Recorder } from './stats.ts';

export interface Employee {
  id: string;
  name: string;
  headers: Record<string, string>;
}

export interface World {
  http: Http;
  admin: Record<string, string>;
  webhookSecret: string;
  /** Every employee's auth headers by id: a task is completed by its assignee. */
  staff: Map<string, Employee>;
  products: { table: string; chair: string };
  /** Distinguishes this run's idempotency keys and transaction ids. */
  runId: string;
}

interface TaskJson {
  id: string;
  type: string;
  status: string;
  assignee: { id: string } | null;
}
interface InvoiceJson {
  id: string;
  number: string;
  kind: string;
  amount: number;
  paid: number;
}
export interface OrderJson {
  id: string;
  stage: string;
  totals: { amount: number };
  customer: { email: string | null };
  tasks: TaskJson[];
  invoices: InvoiceJson[];
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Hires the people the funnel needs, through the API, with a few of each so work spreads as in a company. */
export async function hireStaff(http: Http, admin: Record<string, string>, runId: string): Promise<Map<string, Employee>> {
  const plan: [string, number, boolean][] = [
    ['sales', 4, false],
    ['production', 4, false],
    ['production', 1, true],
    ['logistics', 2, false],
    ['accounting', 1, false],
  ];
  const staff = new Map<string, Employee>();
  for (const [department, count, isHead] of plan) {
    for (let i = 0; i < count; i++) {
      const name = `Bench ${department}${isHead ? ' head' : ''} ${i + 1}`;
      const created = await http<{ id: string; name: string; apiKey: string }>('setup', 'POST', '/api/v1/employees', {
        headers: admin,
        json: { name, email: `${department}${isHead ? '-head' : ''}-${i + 1}-${runId}@bench.example`, department, isHead },
        status: 201,
      });
      staff.set(created.id, { id: created.id, name: created.name, headers: bearer(created.apiKey) });
    }
  }
  return staff;
}

export async function stockCatalog(http: Http, admin: Record<string, string>, runId: string) {
  const product = (body: object) => http<{ id: string }>('setup', 'POST', '/api/v1/products', { headers: admin, json: body, status: 201 });
  const table = await product({ sku: `TABLE-${runId}`, name: 'Стол дубовый', price: 1_250_000, vatRate: 22, costPrice: 600_000, productionDays: 5 });
  const chair = await product({ sku: `CHAIR-${runId}`, name: 'Стул', price: 350_000, vatRate: 10, costPrice: 150_000, productionDays: 2 });
  return { table: table.id, chair: chair.id };
}

/** An order of two rows, so that production has two tasks. */
export const rows = (world: World) => [
  { productId: world.products.table, quantity: 2, discountPercent: 5 },
  { productId: world.products.chair, quantity: 4 },
];

export async function createOrder(world: World, index: number): Promise<OrderJson> {
  return world.http<OrderJson>('POST /api/v1/orders', 'POST', '/api/v1/orders', {
    headers: { ...world.admin, 'idempotency-key': `bench-${world.runId}-${index}` },
    json: { customer: { name: `Клиент ${index} ${world.runId}`, email: `client-${index}-${world.runId}@bench.example` }, items: rows(world) },
    status: 201,
  });
}

function assigneeOf(world: World, task: TaskJson): Employee {
  const employee = task.assignee && world.staff.get(task.assignee.id);
  if (!employee) throw new Error(`task ${task.id} (${task.type}) has no assignee the benchmark knows`);
  return employee;
}

export function openTasks(order: OrderJson, type: string): TaskJson[] {
  return order.tasks.filter((t) => t.type === type && t.status === 'open');
}

/** Completes a task as its assignee; the route is recorded per task type, since they do different work. */
export async function completeTask(world: World, task: TaskJson, body: object = {}): Promise<void> {
  await world.http(`POST /api/v1/tasks/:id/complete (${task.type})`, 'POST', `/api/v1/tasks/${task.id}/complete`, {
    headers: assigneeOf(world, task).headers,
    json: body,
    status: 200,
  });
}

const amountText = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

// the provider's transaction ids are numbers, unique across runs
let lastTransactionId = Date.now() * 1000;

/** The provider's `pay` notification for the whole amount still open on `invoice`, form-encoded and signed. */
async function payByWebhook(world: World, order: OrderJson, invoice: InvoiceJson): Promise<void> {
  const fields = {
    TransactionId: String(++lastTransactionId),
    Amount: amountText(invoice.amount - invoice.paid),
    Currency: 'RUB',
    DateTime: new Date().toISOString().slice(0, 19).replace('T', ' '),
    InvoiceId: invoice.number,
    AccountId: order.customer.email ?? order.id,
    Status: 'Completed',
    OperationType: 'Payment',
    TestMode: '1',
  };
  const body = new URLSearchParams(fields).toString();
  const answer = await world.http<{ code: number }>('POST /webhooks/cloudpayments/pay', 'POST', '/webhooks/cloudpayments/pay', {
    headers: { 'content-hmac': sign(body, world.webhookSecret) },
    raw: { body, contentType: 'application/x-www-form-urlencoded' },
    status: 200,
  });
  if (answer.code !== 0) throw new Error(`pay webhook for ${invoice.number} answered code ${answer.code}`);
}

const POLL_MS = 20;
const VISIBLE_WITHIN_MS = 30_000;

/** Polls the order until it shows `stage`; records the time from the webhook's answer until then. */
async function untilStage(world: World, visibility: Recorder, orderId: string, stage: string, since: number): Promise<OrderJson> {
  for (;;) {
    const order = await world.http<OrderJson>('GET /api/v1/orders/:id', 'GET', `/api/v1/orders/${orderId}`, { headers: world.admin });
    if (order.stage === stage) {
      visibility.add(`webhook → ${stage} visible`, performance.now() - since);
      return order;
    }
    if (performance.now() - since > VISIBLE_WITHIN_MS) throw new Error(`order ${orderId} did not reach ${stage} within ${VISIBLE_WITHIN_MS / 1000} s; it is in ${order.stage}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** One order from intake to `won`; returns its id. */
export async function driveOrder(world: World, visibility: Recorder, index: number): Promise<string> {
  const created = await createOrder(world, index);
  const [takeInWork] = openTasks(created, 'take_in_work');
  if (!takeInWork) throw new Error(`order ${created.id} has no take_in_work task`);
  await completeTask(world, takeInWork, { comment: 'беру' });

  const manager = assigneeOf(world, takeInWork);
  const total = created.totals.amount;
  const prepayment = await world.http<OrderJson>('POST /api/v1/orders/:id/qualify', 'POST', `/api/v1/orders/${created.id}/qualify`, {
    headers: manager.headers,
    json: { items: rows(world), paymentScheme: 'partial_prepayment', prepaymentAmount: Math.round(total * 0.3) },
    status: 200,
  });
  const advance = prepayment.invoices.find((i) => i.kind === 'prepayment');
  if (prepayment.stage !== 'prepayment' || !advance) throw new Error(`order ${created.id} is in ${prepayment.stage} after qualification`);

  await payByWebhook(world, prepayment, advance);
  const production = await untilStage(world, visibility, created.id, 'production', performance.now());

  const made = openTasks(production, 'production');
  for (const task of made) await completeTask(world, task);
  const postpayment = await world.http<OrderJson>('GET /api/v1/orders/:id', 'GET', `/api/v1/orders/${created.id}`, { headers: world.admin });
  const rest = postpayment.invoices.find((i) => i.kind === 'postpayment');
  if (postpayment.stage !== 'postpayment' || !rest) {
    // what the order shows, to tell a slow read model from a lost completion
    const tasks = postpayment.tasks.map((t) => `${t.type}:${t.status}`).join(', ');
    const invoices = postpayment.invoices.map((i) => `${i.kind}:${i.paid}/${i.amount}`).join(', ');
    throw new Error(`order ${created.id} is in ${postpayment.stage} after completing ${made.length} production tasks; tasks ${tasks}; invoices ${invoices}`);
  }

  await payByWebhook(world, postpayment, rest);
  await untilStage(world, visibility, created.id, 'delivery_data', performance.now());

  const shipDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const delivery = await world.http<OrderJson>('POST /api/v1/orders/:id/delivery', 'POST', `/api/v1/orders/${created.id}/delivery`, {
    headers: manager.headers,
    json: { method: 'delivery', carrier: 'СДЭК', address: 'Москва, ул. Лесная, 5', shipDate },
    status: 200,
  });
  const [shipping] = openTasks(delivery, 'delivery');
  if (!shipping) throw new Error(`order ${created.id} has no delivery task`);
  await completeTask(world, shipping, { trackingNumber: `BENCH-${index}` });
  return created.id;
}
