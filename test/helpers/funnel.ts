// Drives an order through the funnel over HTTP as staff would, and waits for what payments set in motion.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { findTool } from '../../scripts/stack/tools.ts';
import { createEmployee, createProduct } from './api.ts';
import { patchesOf } from './histories.ts';
import { asAdmin, type Stack } from './stack.ts';
import { NEWEST_PATCH, ORDER_WORKFLOW } from '../../workflows/shared.ts';

type Headers = Record<string, string>;
export type Employee = Awaited<ReturnType<typeof createEmployee>>;

export interface Staff {
  manager: Employee;
  makers: Employee[];
  productionHead: Employee;
  logistician: Employee;
  accountant: Employee;
  accountantHead: Employee;
}

export async function hireStaff(stack: Stack): Promise<Staff> {
  const { app } = stack;
  return {
    manager: await createEmployee(app, { department: 'sales', name: 'Мария Менеджер' }),
    makers: [await createEmployee(app, { department: 'production', name: 'Пётр' }), await createEmployee(app, { department: 'production', name: 'Павел' })],
    productionHead: await createEmployee(app, { department: 'production', name: 'Начальник цеха', isHead: true }),
    logistician: await createEmployee(app, { department: 'logistics', name: 'Лев Логист' }),
    accountant: await createEmployee(app, { department: 'accounting', name: 'Анна Бухгалтер' }),
    accountantHead: await createEmployee(app, { department: 'accounting', name: 'Главный бухгалтер', isHead: true }),
  };
}

export async function stockCatalog(stack: Stack) {
  return {
    table: await createProduct(stack.app, { name: 'Стол дубовый', price: 1_250_000, vatRate: 22, costPrice: 600_000, productionDays: 5 }),
    chair: await createProduct(stack.app, { name: 'Стул', price: 350_000, vatRate: 10, costPrice: 150_000, productionDays: 2 }),
  };
}

export interface OrderJson {
  id: string;
  number: string;
  stage: string;
  customer: { name: string; email: string | null };
  manager: { id: string; name: string } | null;
  paid: number;
  due: number;
  overpaid: number;
  totals: { amount: number; vat: number; netOfVat: number };
  productionCost: number | null;
  margin: number | null;
  marginPercent: number | null;
  prepaymentAmount: number | null;
  paymentScheme: string | null;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
  clientUrl?: string | null;
  delivery: null | { method: string; carrier: string | null; address: string | null; shipDate: string; trackingNumber: string | null };
  items: { id: string; productId: string; quantity: number; name: string; status: string; amount: number; vat: number; costPrice: number | null; productionCost: number | null }[];
  tasks: TaskJson[];
  invoices: InvoiceJson[];
}

export interface TaskJson {
  id: string;
  type: string;
  title: string;
  status: string;
  itemId: string | null;
  department: string;
  assignee: { id: string; name: string } | null;
  deadline: string;
  overdue: boolean;
  completedBy: { id: string; name: string } | null;
}

export interface InvoiceJson {
  id: string;
  number: string;
  issuedAt: string;
  kind: string;
  amount: number;
  paid: number;
  status: string;
  dueDate: string;
  paymentUrl: string;
  pdfUrl: string;
}

export function client(stack: Stack) {
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers = asAdmin, payload?: unknown) => {
    const response = await stack.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return response;
  };
  const ok = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers = asAdmin, payload?: unknown, status = method === 'GET' ? 200 : undefined): Promise<T> => {
    const response = await call(method, url, headers, payload);
    if (status !== undefined ? response.statusCode !== status : response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json() as T;
  };
  const order = (id: string) => ok<OrderJson>('GET', `/api/v1/orders/${id}`);
  return {
    call,
    ok,
    order,
    timelineTypes: async (id: string) =>
      (await ok<{ items: { type: string }[] }>('GET', `/api/v1/orders/${id}/timeline`)).items.map((e) => e.type),
    timeline: async (id: string) => (await ok<{ items: { at: string; type: string; text: string; data: Record<string, unknown>; actor: unknown }[] }>('GET', `/api/v1/orders/${id}/timeline`)).items,
    create: (payload: unknown, headers?: Headers) => ok<OrderJson>('POST', '/api/v1/orders', headers, payload, 201),
    completeTask: (taskId: string, headers: Headers, body: Record<string, unknown> = {}) => ok<TaskJson>('POST', `/api/v1/tasks/${taskId}/complete`, headers, body, 200),
    qualify: (id: string, headers: Headers, body: unknown) => ok<OrderJson>('POST', `/api/v1/orders/${id}/qualify`, headers, body, 200),
    delivery: (id: string, headers: Headers, body: unknown) => ok<OrderJson>('POST', `/api/v1/orders/${id}/delivery`, headers, body, 200),
    cancel: (id: string, headers: Headers, reason = 'client changed their mind') => ok<OrderJson>('POST', `/api/v1/orders/${id}/cancel`, headers, { reason }, 200),
    pay: (invoiceId: string, headers: Headers, amount: number, reference: string) =>
      ok<{ id: string; amount: number }>('POST', `/api/v1/invoices/${invoiceId}/payments`, headers, { amount, reference }, 201),
    /** Polls the order until `check` passes: payments reach the workflow as signals, asynchronously. */
    async until(id: string, check: (order: OrderJson) => boolean, what: string, timeoutMs = 15_000): Promise<OrderJson> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await order(id);
        if (check(current)) return current;
        if (Date.now() > deadline) throw new Error(`order ${id} never reached: ${what}; it is ${JSON.stringify({ stage: current.stage, paid: current.paid })}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

export const openTask = (order: OrderJson, type: string) => {
  const task = order.tasks.find((t) => t.type === type && t.status === 'open');
  expect(task, `an open ${type} task`).toBeDefined();
  return task!;
};

/**
 * Writes the order's workflow history into test/histories when RECORD_HISTORIES=1 (replay fixtures). An
 * existing fixture is kept: it stands for orders started by earlier code, which must go on replaying.
 */
export async function recordHistory(stack: Stack, orderId: string, name: string): Promise<void> {
  // histories of the current type are named after it; the bare names are orderWorkflow's (the legacy type)
  if (process.env.RECORD_HISTORIES !== '1') return;
  // the first recording of a path keeps its bare name; once that one predates the newest patch, the path gets
  // a second fixture recorded on it (`…@<patch>.json`), and the first stays for the orders started before
  let file = new URL(`../histories/${ORDER_WORKFLOW}-${name}.json`, import.meta.url);
  if (existsSync(file)) {
    if (patchesOf(file).includes(NEWEST_PATCH)) return;
    file = new URL(`../histories/${ORDER_WORKFLOW}-${name}@${NEWEST_PATCH}.json`, import.meta.url);
    if (existsSync(file)) return;
  }
  // the CLI writes the standard JSON form of a history, which the replayer reads back
  const json = execFileSync(
    findTool('temporal'),
    ['workflow', 'show', '--workflow-id', `order-${orderId}`, '--address', stack.config.temporal.address!, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  writeFileSync(file, json);
}

/** A ship date safely in the future in any time zone. */
export function shipDateAhead(): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
}
