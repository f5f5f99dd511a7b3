// `npm run backup` of a stack started as `npm start` with orders in flight, `npm run restore` into a new
// DATA_DIR, `npm start` there, and the orders go on to `won` over HTTP.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, npmStart, scratchStack, type Launched, type StackEnv } from './launch.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const stacks: StackEnv[] = [];
const launched: Launched[] = [];
afterAll(async () => {
  for (const each of launched) if (each.npm.exitCode === null) (each.npm.kill('SIGTERM'), await each.exited);
  for (const each of stacks) rmSync(each.dataDir, { recursive: true, force: true });
});

interface Order {
  id: string;
  stage: string;
  due: number;
  tasks: { id: string; type: string; status: string }[];
  invoices: { id: string; amount: number; paid: number }[];
}

function http(stack: StackEnv, key: string) {
  const call = async <T>(method: string, path: string, body?: unknown, expected = method === 'POST' ? [200, 201] : [200]): Promise<T> => {
    const response = await fetch(`${stack.api}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const order = (id: string) => call<Order>('GET', `/orders/${id}`);
  const until = async (id: string, stage: string): Promise<Order> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const current = await order(id);
      if (current.stage === stage) return current;
      if (Date.now() > deadline) throw new Error(`order ${id} stayed in ${current.stage}, expected ${stage}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const completeOpen = async (current: Order, type: string) => {
    const tasks = current.tasks.filter((task) => task.type === type && task.status === 'open');
    expect(tasks.length, `open ${type} tasks`).toBeGreaterThan(0);
    for (const task of tasks) await call('POST', `/tasks/${task.id}/complete`, {});
  };
  return { call, order, until, completeOpen };
}

const exec = (stack: StackEnv, script: string, ...args: string[]) => run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], { cwd: root, env: stack.env });

describe('npm run backup and npm run restore', () => {
  it('carry orders in flight to a new data folder, where they go on to won', { timeout: 600_000 }, async () => {
    const first = await scratchStack();
    stacks.push(first);
    const original = await npmStart(first);
    launched.push(original);
    const key = readFileSync(join(first.dataDir, 'admin-api-key'), 'utf8').trim();
    const before = http(first, key);
    for (const department of ['sales', 'production', 'logistics']) {
      await before.call('POST', '/employees', { name: `Сотрудник ${department}`, email: `${department}@example.com`, department });
    }
    const product = await before.call<{ id: string }>('POST', '/products', { sku: 'TABLE-1', name: 'Стол', price: 1_250_000, vatRate: 22, costPrice: 600_000, productionDays: 1 });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await before.call<Order>('POST', '/orders', { customer: { name: `Клиент ${n}`, email: `client${n}@example.com` }, items: [{ productId: product.id, quantity: n }] });
      ids.push(created.id);
    }
    // two wait in qualification, one in new
    for (const id of ids.slice(0, 2)) {
      await before.completeOpen(await before.order(id), 'take_in_work');
      await before.until(id, 'qualification');
    }

    const backup = await exec(first, 'backup');
    const archive = /Backup written: (\S+)/.exec(backup.stdout)?.[1];
    expect(archive, backup.stdout + backup.stderr).toMatch(/backups\/order-engine-.*\.tar\.gz$/);
    original.npm.kill('SIGTERM');
    await original.exited;

    // a data folder in use is refused and left as it was
    await expect(exec(first, 'restore', archive!)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('is not empty') });
    expect(readFileSync(join(first.dataDir, 'admin-api-key'), 'utf8').trim()).toBe(key);

    const second = await scratchStack();
    stacks.push(second);
    await exec(second, 'restore', archive!);
    expect(readFileSync(join(second.dataDir, 'admin-api-key'), 'utf8').trim()).toBe(key);
    const restored = await npmStart(second);
    launched.push(restored);
    const after = http(second, key);
    expect((await Promise.all(ids.map(after.order))).map((order) => order.stage)).toEqual(['qualification', 'qualification', 'new']);

    await after.completeOpen(await after.order(ids[2]!), 'take_in_work');
    await after.until(ids[2]!, 'qualification');
    for (const [n, id] of ids.entries()) {
      const production = await after.call<Order>('POST', `/orders/${id}/qualify`, { items: [{ productId: product.id, quantity: n + 1 }], paymentScheme: 'postpayment' });
      expect(production.stage).toBe('production');
      await after.completeOpen(production, 'production');
      const postpayment = await after.until(id, 'postpayment');
      const invoice = postpayment.invoices[0]!;
      await after.call('POST', `/invoices/${invoice.id}/payments`, { amount: invoice.amount, reference: `restored-${n}` });
      await after.until(id, 'delivery_data');
      const shipDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const delivery = await after.call<Order>('POST', `/orders/${id}/delivery`, { method: 'pickup', shipDate });
      await after.completeOpen(delivery, 'delivery');
      const won = await after.until(id, 'won');
      expect(won.due).toBe(0);
    }

    restored.npm.kill('SIGTERM');
    expect(await restored.exited).toEqual({ code: 0, signal: null });
    expect(restored.descendants.filter(alive)).toEqual([]);
  });
});
