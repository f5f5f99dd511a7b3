// PostgreSQL stops and starts again (its own embedded server, same data directory) while orders are in
// flight. Meanwhile the API answers 503 UNAVAILABLE in the contract's envelope, never a bare 500, and the
// workflows' activities keep retrying; afterwards the commands admitted during the outage are carried out
// once, and nothing is lost or doubled.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/stack/postgres.ts';
import { client, hireStaff, openTask, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let dir: string;
let port: number;
let pg: EmbeddedPostgres | undefined;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

const startPostgres = () => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port, logFile: join(dir, 'postgres.log') });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'order-engine-pg-outage-'));
  chmodSync(dir, 0o755);
  port = await freePort();
  pg = await startPostgres();
  stack = await startStack({ RELAY_INTERVAL: '1s', RELAY_GRACE: '2s' }, { pgAdminUrl: pg.adminUrl });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => [{ productId: catalog.chair.id, quantity: 1 }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inQualification(name: string): Promise<OrderJson> {
  const order = await api.create({ customer: { name, email: 'pg@example.com' }, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  return api.order(order.id);
}

const expectUnavailable = (response: { statusCode: number; body: string; json(): { error: { code: string } } }) => {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.json().error.code).toBe('UNAVAILABLE');
  expect(response.body).not.toMatch(/ECONNREFUSED|postgres|stack/i);
};

describe('a PostgreSQL outage', () => {
  it('answers 503 meanwhile, and afterwards carries out what was admitted, once', async () => {
    const toQualify = await inQualification('To qualify');
    const toProduce = await api.qualify((await inQualification('To produce')).id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });
    const makerTask = openTask(toProduce, 'production');
    const maker = staff.makers.find((m) => m.id === makerTask.assignee?.id) ?? staff.productionHead;

    // commands reach their workflows just as PostgreSQL goes: the worker is held back until the database is
    // down, so that the workflows' activities meet the outage and have to retry
    await stack.stopWorker();
    const commands = Promise.all([
      api.call('POST', `/api/v1/orders/${toQualify.id}/qualify`, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' }),
      api.call('POST', `/api/v1/tasks/${makerTask.id}/complete`, maker.headers, {}),
    ]);
    await sleep(500);
    await pg!.stop();
    pg = undefined;
    await stack.startWorker();

    // the API's own reads and writes: 503 at once
    expectUnavailable(await api.call('GET', `/api/v1/orders/${toQualify.id}`));
    expectUnavailable(await api.call('GET', '/api/v1/orders?limit=5'));
    expectUnavailable(await api.call('POST', '/api/v1/orders', staff.manager.headers, { customer: { name: 'During', email: 'during@example.com' }, items: rows() }));
    expectUnavailable(await api.call('POST', `/api/v1/tasks/${makerTask.id}/complete`, maker.headers, {}));
    const ready = await api.call('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', database: 'unavailable' });

    await sleep(5_000);
    pg = await startPostgres();
    // the callers hear 503 when their deadline passes first, or the result if the database is back by then
    for (const response of await commands) {
      expect([200, 503], response.body).toContain(response.statusCode);
      if (response.statusCode === 503) expectUnavailable(response);
    }

    // afterwards: what was admitted is done once, and the API answers again
    const qualified = await api.until(toQualify.id, (o) => o.stage === 'prepayment' && o.invoices.length > 0, 'prepayment with its invoice after the outage', 60_000);
    expect(qualified.invoices).toHaveLength(1);
    expect(qualified.tasks.filter((t) => t.type === 'qualify')).toHaveLength(1);
    // the stage is written first, the invoice once issueInvoice gets through
    const produced = await api.until(toProduce.id, (o) => o.stage === 'postpayment' && o.invoices.length > 0, 'postpayment with its invoice after the outage', 60_000);
    expect(produced.tasks.filter((t) => t.type === 'production').map((t) => t.status)).toEqual(['done']);
    expect(produced.invoices.map((i) => i.kind)).toEqual(['postpayment']);
    const completed = (await api.timeline(toProduce.id)).filter((e) => e.type === 'task_completed' && e.data.taskId === makerTask.id);
    expect(completed).toHaveLength(1);

    // a retry of the qualify is refused (it happened), and money is taken again
    const retried = await api.call('POST', `/api/v1/orders/${toQualify.id}/qualify`, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    expect(retried.statusCode).toBe(409);
    await api.pay(qualified.invoices[0]!.id, staff.accountant.headers, qualified.invoices[0]!.amount, 'after-pg');
    await api.until(toQualify.id, (o) => o.stage === 'production', 'production after payment');
    expect((await api.call('GET', '/readyz')).statusCode).toBe(200);
  }, 180_000);
});
