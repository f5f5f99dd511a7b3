// The API process (`npm run api`) is killed with SIGKILL in the middle of `POST /orders`, at several
// points: before, while and after it writes the order, and while it waits for the workflow to take it.
// The client's retry with the same Idempotency-Key, against a new API process, must yield one order with
// one workflow; an order stored by the killed process is never lost.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireStaff, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { freePort } from '../helpers/ports.ts';
import { startApiProcess, type Child } from '../helpers/processes.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let port: number;
let api: (Child & { url: string }) | undefined;

beforeAll(async () => {
  stack = await startStack({ RELAY_INTERVAL: '1s', RELAY_GRACE: '3s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  port = await freePort();
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function postOrder(baseUrl: string, key: string, name: string) {
  return fetch(`${baseUrl}/api/v1/orders`, {
    method: 'POST',
    headers: { ...staff.manager.headers, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ customer: { name, email: 'crash@example.com' }, items: [{ productId: catalog.chair.id, quantity: 1 }] }),
  });
}

async function ordersNamed(name: string): Promise<string[]> {
  const rows = await stack.db.execute<{ id: string }>(sql`select id from orders where customer->>'name' = ${name}`);
  return rows.map((row) => row.id);
}

describe('the API killed in the middle of POST /orders', () => {
  it.each([
    ['right after the request arrives', 0, false],
    ['a few milliseconds in', 15, false],
    ['later in the request', 40, false],
    ['while it waits for the workflow to take the order', 400, true],
  ])('%s: the retry with the same key gives one order and one workflow', async (_when, killAfterMs, holdWorker) => {
    const key = `crash-${killAfterMs}-${Date.now()}`;
    const name = `Crash at ${killAfterMs} ms`;
    api = await startApiProcess(stack.env, port);
    if (holdWorker) await stack.stopWorker();
    const first = postOrder(api.url, key, name).then(
      (response) => response.status,
      () => 'cut off',
    );
    await sleep(killAfterMs);
    await api.kill();
    const outcome = await first;
    if (holdWorker) {
      // the order is stored and its workflow started, but nobody has answered the client
      expect(outcome).toBe('cut off');
      expect(await ordersNamed(name)).toHaveLength(1);
      await stack.startWorker();
    }

    api = await startApiProcess(stack.env, port);
    const retry = await postOrder(api.url, key, name);
    expect(retry.status).toBe(201);
    const order = (await retry.json()) as { id: string; stage: string; tasks: { type: string }[] };
    expect(order.stage).toBe('new');
    expect(order.tasks.map((t) => t.type)).toEqual(['take_in_work']);
    expect(await ordersNamed(name)).toEqual([order.id]);
    // one workflow: its id is the order's, started once (a second start would have been refused)
    const description = await stack.temporal.workflow.getHandle(`order-${order.id}`).describe();
    const history = await stack.temporal.workflow.getHandle(`order-${order.id}`).fetchHistory();
    expect(description.status.name).toBe('RUNNING');
    expect(history.events!.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    const again = await postOrder(api.url, key, name);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(order.id);
    await api.stop();
    api = undefined;
  }, 120_000);
});
