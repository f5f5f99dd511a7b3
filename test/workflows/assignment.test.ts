import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

async function newOrder() {
  const response = await stack.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: asAdmin,
    payload: { customer: { name: 'Клиент', email: 'client@example.com' } },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('the responsible manager', () => {
  it('is nobody while sales has no active employee: the task waits unassigned in the sales queue', async () => {
    await createEmployee(stack.app, { department: 'production' });
    const order = await newOrder();
    expect(order.manager).toBeNull();
    expect(order.tasks[0]).toMatchObject({ type: 'take_in_work', department: 'sales', assignee: null, status: 'open' });
    const { items } = (await stack.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}/timeline`, headers: asAdmin })).json();
    expect(items.find((e: { type: string }) => e.type === 'manager_assigned')).toMatchObject({ data: { managerId: null } });
    const queue = (await stack.app.inject({ method: 'GET', url: '/api/v1/tasks?department=sales&status=open', headers: asAdmin })).json();
    expect(queue.items.map((t: { id: string }) => t.id)).toContain(order.tasks[0].id);
  });

  it('is the active sales employee with the fewest open orders', async () => {
    const first = await createEmployee(stack.app, { department: 'sales', name: 'First' });
    const second = await createEmployee(stack.app, { department: 'sales', name: 'Second' });
    const away = await createEmployee(stack.app, { department: 'sales', name: 'Away' });
    await stack.app.inject({ method: 'PATCH', url: `/api/v1/employees/${away.id}`, headers: asAdmin, payload: { active: false } });

    // the first sales employee took the order that had no manager: First starts with one open order
    const unmanaged = (await stack.app.inject({ method: 'GET', url: `/api/v1/orders?stage=new`, headers: asAdmin })).json();
    expect(unmanaged.items.map((o: { manager: { name: string } | null }) => o.manager?.name)).toEqual(['First']);
    const managers: string[] = [];
    for (let i = 0; i < 5; i++) managers.push((await newOrder()).manager.name);
    // ties go to the longest-serving employee; the deactivated one gets nothing
    expect(managers).toEqual(['Second', 'First', 'Second', 'First', 'Second']);

    const tasks = (await stack.app.inject({ method: 'GET', url: `/api/v1/tasks?assigneeId=${second.id}&type=take_in_work`, headers: asAdmin })).json();
    expect(tasks.items).toHaveLength(3);
    expect(tasks.items.every((t: { assignee: { id: string } }) => t.assignee.id === second.id)).toBe(true);
    expect(first.id).not.toBe(second.id);
  });

  it('spreads orders that arrive together', async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, () => newOrder()));
    const counts = new Map<string, number>();
    for (const order of orders) counts.set(order.manager.name, (counts.get(order.manager.name) ?? 0) + 1);
    // First and Second have 3 open orders each; assignments are serialised, so the load never drifts more
    // than one apart: First, Second, First, Second, First, Second.
    expect(Object.fromEntries(counts)).toEqual({ First: 3, Second: 3 });
  });
});
