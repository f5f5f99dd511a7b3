// applyOrderChange against a real PostgreSQL: which change wins when the same number comes twice. A retry of
// the same attempt is skipped; a later attempt of a workflow task (the first died after writing) replaces the
// change and takes away the tasks only that dead attempt opened; an earlier attempt arriving late changes nothing.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrderChange, type OrderChange, type TaskWrite } from '../../db/queries/order-changes.ts';
import { orders, tasks, timeline } from '../../db/schema.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { worker: false });
});
afterAll(async () => stack?.stop());

async function newOrder(): Promise<string> {
  const id = randomUUID();
  await stack.db.insert(orders).values({ id, number: `T-${id.slice(0, 6)}`, stage: 'new', customer: { name: 'Тест', email: null, phone: null, company: null, inn: null }, locale: 'ru' });
  return id;
}

const task = (type: TaskWrite['type']): TaskWrite => ({
  id: randomUUID(),
  type,
  title: type,
  department: type === 'take_in_work' || type === 'qualify' ? 'sales' : 'production',
  assigneeId: null,
  deadline: '2026-12-10T10:00:00.000Z',
});

const apply = (change: Omit<OrderChange, 'at'>) => applyOrderChange(stack.db, { at: new Date(change.basis ?? 0).toISOString(), ...change }, 'ru');

async function read(orderId: string) {
  const [order] = await stack.db.select({ stage: orders.stage, version: orders.version, versionAt: orders.versionAt }).from(orders).where(eq(orders.id, orderId));
  const rows = await stack.db.select({ id: tasks.id, status: tasks.status }).from(tasks).where(eq(tasks.orderId, orderId));
  const entries = await stack.db.select({ key: timeline.key }).from(timeline).where(eq(timeline.orderId, orderId));
  return { order, tasks: Object.fromEntries(rows.map((t) => [t.id, t.status])), keys: entries.map((e) => e.key).sort() };
}

describe('applyOrderChange: one number, two attempts', () => {
  it('skips a retry of the same attempt and a late write of an earlier one', async () => {
    const orderId = await newOrder();
    const take = task('take_in_work');
    expect(await apply({ orderId, seq: 1, basis: 1000, tasks: [take], openTaskIds: [take.id], timeline: [{ key: 'k:1', type: 'task_created', data: {} }] })).toEqual({ applied: true });
    // the local activity retried: same attempt, same number
    expect(await apply({ orderId, seq: 1, basis: 1000, order: { stage: 'lost' } })).toEqual({ applied: false });
    // the next change of the same workflow task (same time), then of a later one
    expect(await apply({ orderId, seq: 2, basis: 1000, order: { stage: 'qualification' } })).toEqual({ applied: true });
    expect(await apply({ orderId, seq: 3, basis: 2000, order: { stage: 'prepayment' } })).toEqual({ applied: true });
    // an earlier attempt's change, however high its number, arrives after a later attempt's
    expect(await apply({ orderId, seq: 4, basis: 1500, order: { stage: 'lost' } })).toEqual({ applied: false });
    expect((await read(orderId)).order).toEqual({ stage: 'prepayment', version: 3, versionAt: 2000 });
  });

  it('lets a later attempt replace a change of the same number, and heals the tasks the dead attempt left', async () => {
    const orderId = await newOrder();
    const take = task('take_in_work');
    await apply({ orderId, seq: 1, basis: 1000, tasks: [take], openTaskIds: [take.id] });
    // taking the order in work: the take task done, the qualify task open, one entry
    const qualify = task('qualify');
    const takeInWork = (seq: number, basis: number) =>
      apply({
        orderId,
        seq,
        basis,
        order: { stage: 'qualification' },
        tasks: [qualify],
        taskUpdates: [{ id: take.id, status: 'done', completedAt: new Date(basis).toISOString() }],
        openTaskIds: [qualify.id],
        timeline: [{ key: 'k:update:1', type: 'task_completed', data: {} }],
      });
    // the dead attempt wrote it as change 2
    await takeInWork(2, 2000);
    // the next attempt took a signal first: its change 2 holds only the signal's entry, the take task still open
    expect(await apply({ orderId, seq: 2, basis: 3000, openTaskIds: [take.id], timeline: [{ key: 'k:signal:1', type: 'payment_failed', data: {} }] })).toEqual({ applied: true });
    let now = await read(orderId);
    expect(now.tasks).toEqual({ [take.id]: 'open' });
    expect(now.order).toEqual({ stage: 'qualification', version: 2, versionAt: 3000 });
    // then the command again, as change 3: the same keys, so its task and entry are there once
    expect(await takeInWork(3, 3000)).toEqual({ applied: true });
    now = await read(orderId);
    expect(now.tasks).toEqual({ [take.id]: 'done', [qualify.id]: 'open' });
    expect(now.keys).toEqual(['k:signal:1', 'k:update:1']);
    expect(now.order).toEqual({ stage: 'qualification', version: 3, versionAt: 3000 });
  });

  it('keeps the tasks of a change that does not replace one, whatever list it carries', async () => {
    const orderId = await newOrder();
    const take = task('take_in_work');
    await apply({ orderId, seq: 1, basis: 1000, tasks: [take], openTaskIds: [take.id] });
    await apply({ orderId, seq: 2, basis: 2000, openTaskIds: [] });
    expect((await read(orderId)).tasks).toEqual({ [take.id]: 'open' });
  });
});
