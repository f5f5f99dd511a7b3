// A worker killed after a local activity wrote an order's change, before the workflow task that ran it
// completed (docs/architecture.md, "A change written by an attempt that died"). The next attempt starts again from the last
// completed task; a payment failure signalled meanwhile comes first in its history, so it handles the signal
// before the staff command that the dead attempt handled, and its change of the same number has other
// contents. The read model must end as the workflow is: the signal's entry written, the command's task once,
// no task the workflow does not have. Before changes carried their attempt's time and keys came from the
// event, the signal's change was skipped as a retry and its entry lost (this test failed on 3 December).
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, tasks, timeline } from '../../db/schema.ts';
import { paymentFailedSignal, stateQuery } from '../../workflows/shared.ts';
import { client, hireStaff, openTask, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startWorkerProcess, type Child } from '../helpers/processes.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let dying: Child | undefined;
const trigger = join(tmpdir(), `die-after-change-${randomBytes(4).toString('hex')}.json`);

beforeAll(async () => {
  // no worker in the test process until the dying one is gone
  stack = await startStack({}, { worker: false });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  dying = await startWorkerProcess(stack, { entry: 'test/helpers/dying-worker.ts', env: { DIE_AFTER_CHANGE_FILE: trigger } });
}, 180_000);

afterAll(async () => {
  await dying?.kill();
  await stack?.stop();
  rmSync(trigger, { force: true });
});

describe('a worker killed between writing a change and completing its workflow task', () => {
  it('leaves the read model as the workflow is, with a signal taken before the command on the next attempt', async () => {
    const api = client(stack);
    const created = await api.create({ customer: { name: 'Крах после записи', email: 'crash@example.com' }, items: [{ productId: catalog.table.id, quantity: 1 }] }, staff.manager.headers);
    const taken = await api.until(created.id, (o) => o.tasks.some((t) => t.type === 'take_in_work' && t.status === 'open'), 'the take-in-work task');
    const [{ version }] = (await stack.db.select({ version: orders.version }).from(orders).where(eq(orders.id, created.id))) as [{ version: number }];

    // the worker dies right after writing the change that taking the order in work makes
    writeFileSync(trigger, JSON.stringify({ orderId: created.id, seq: version + 1 }));
    const completing = api.call('POST', `/api/v1/tasks/${openTask(taken, 'take_in_work').id}/complete`, staff.manager.headers, {});
    await Promise.race([dying!.exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`the worker did not die:\n${dying!.output()}`)), 30_000))]);
    const [written] = await stack.db.select({ version: orders.version, stage: orders.stage }).from(orders).where(eq(orders.id, created.id));
    expect(written, 'the dead attempt wrote its change').toEqual({ version: version + 1, stage: 'qualification' });

    // a signal while no worker runs: the next attempt's history holds it before the re-delivered update
    const handle = stack.temporal.workflow.getHandle(`order-${created.id}`);
    await handle.signal(paymentFailedSignal, { transactionId: 'tx-while-dead', invoiceId: '00000000-0000-4000-8000-000000000000', amount: null, reason: 'Отказ банка', reasonCode: null });
    await stack.startWorker();

    // the command went through on the next attempt (its caller may have given up waiting: 503 asks for a retry)
    const answer = await completing;
    expect([200, 503], answer.body).toContain(answer.statusCode);
    const view = await waitFor(async () => {
      const state = await handle.query(stateQuery);
      return state.stage === 'qualification' && state.openTasks.length > 0 ? state : undefined;
    });
    const settled = await api.until(created.id, (o) => o.tasks.filter((t) => t.status === 'open').length === view.openTasks.length, 'the read model caught up');

    // the read model's open tasks are the workflow's, no more and no fewer
    const open = (await stack.db.select({ id: tasks.id, type: tasks.type, status: tasks.status }).from(tasks).where(eq(tasks.orderId, created.id))).filter((t) => t.status === 'open');
    expect(open.map((t) => t.id).sort()).toEqual(view.openTasks.map((t) => t.id).sort());
    expect(settled.stage).toBe('qualification');
    // the next attempt wrote two changes, the signal's and the command's, the first over the dead attempt's
    const [after] = await stack.db.select({ version: orders.version }).from(orders).where(eq(orders.id, created.id));
    expect(after!.version).toBe(version + 2);
    // the signal's entry is there once, and so is each entry of the command
    const types = (await stack.db.select({ type: timeline.type }).from(timeline).where(eq(timeline.orderId, created.id))).map((e) => e.type);
    expect(types.filter((t) => t === 'payment_failed')).toHaveLength(1);
    expect(types.filter((t) => t === 'task_created')).toHaveLength(1 + view.openTasks.length);
    expect(types.filter((t) => t === 'task_completed')).toHaveLength(1);
    // the task the command opened can be completed: the workflow knows it
    const next = view.openTasks[0]!;
    const done = await api.call('POST', `/api/v1/tasks/${next.id}/complete`, staff.manager.headers, {});
    expect(done.statusCode, done.body).not.toBe(404);
  }, 120_000);
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
