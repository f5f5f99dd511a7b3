// Handing work to people over HTTP and the real Temporal server (issue 13): a task taken from the department's
// queue, a task assigned by management, an order's manager changed by a head of sales; refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { client, openTask, recordHistory, type Employee, type OrderJson, type TaskJson } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let api: ReturnType<typeof client>;
let early: OrderJson;
let seller: Employee;
let seller2: Employee;
let salesHead: Employee;
let director: Employee;
let maker: Employee;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack);
  // created while nobody works in sales: no manager, and its first task waits in the queue
  early = await api.create({ customer: { name: 'Ранний Клиент', email: 'early@example.com' } });
  seller = await createEmployee(stack.app, { department: 'sales', name: 'Сергей Продавец' });
  seller2 = await createEmployee(stack.app, { department: 'sales', name: 'Светлана Продавец' });
  salesHead = await createEmployee(stack.app, { department: 'sales', name: 'Начальник продаж', isHead: true });
  director = await createEmployee(stack.app, { department: 'management', name: 'Директор' });
  maker = await createEmployee(stack.app, { department: 'production', name: 'Пётр' });
});
afterAll(async () => stack?.stop());

const assign = (taskId: string, headers: Record<string, string>, body: Record<string, unknown> = {}) => api.call('POST', `/api/v1/tasks/${taskId}/assign`, headers, body);
const setManager = (orderId: string, headers: Record<string, string>, managerId: string) => api.call('POST', `/api/v1/orders/${orderId}/manager`, headers, { managerId });

describe('the department queue', () => {
  it('lets a member of the department take an unassigned task once; another member then gets 409 and nothing changes', async () => {
    const task = openTask(early, 'take_in_work');
    expect(early.manager).toBeNull();
    expect(task.assignee).toBeNull();
    expect((await assign(task.id, maker.headers)).statusCode).toBe(403);

    const taken = await assign(task.id, seller.headers);
    expect(taken.statusCode).toBe(200);
    expect(taken.json<TaskJson>().assignee).toEqual({ id: seller.id, name: seller.name });
    const again = await assign(task.id, seller2.headers);
    expect(again.statusCode).toBe(409);
    expect((await api.order(early.id)).tasks.find((t) => t.id === task.id)!.assignee!.id).toBe(seller.id);
    const entry = (await api.timeline(early.id)).find((e) => e.type === 'task_reassigned');
    expect(entry?.data).toMatchObject({ taskId: task.id, fromId: null, toId: seller.id });
  });
});

describe('assigning and changing the manager', () => {
  it('lets management hand a task to another member of its department, and refuses someone of another department with 422', async () => {
    const order = await api.create({ customer: { name: 'Клиент', email: 'c@example.com' } });
    const task = openTask(order, 'take_in_work');
    const other = [seller, seller2].find((s) => s.id !== task.assignee?.id)!;
    expect((await assign(task.id, seller2.headers, { assigneeId: other.id })).statusCode).toBe(403);
    expect((await assign(task.id, director.headers, { assigneeId: maker.id })).statusCode).toBe(422);
    const handed = await assign(task.id, director.headers, { assigneeId: other.id });
    expect(handed.statusCode).toBe(200);
    expect(handed.json<TaskJson>().assignee!.id).toBe(other.id);
    expect((await assign(task.id, director.headers, { assigneeId: other.id })).statusCode).toBe(409);
    await api.cancel(order.id, director.headers);
  });

  it('lets a head of sales change the manager, moving the manager’s open tasks; other sales staff get 403; a closed order 409', async () => {
    const order = await api.create({ customer: { name: 'Клиент', email: 'm@example.com' } });
    const before = order.manager!;
    const next = [seller, seller2, salesHead].find((s) => s.id !== before.id)!;
    expect((await setManager(order.id, seller2.id === before.id ? seller.headers : seller2.headers, next.id)).statusCode).toBe(403);
    expect((await setManager(order.id, salesHead.headers, maker.id)).statusCode).toBe(422);

    const changed = await setManager(order.id, salesHead.headers, next.id);
    expect(changed.statusCode).toBe(200);
    const after = changed.json<OrderJson>();
    expect(after.manager!.id).toBe(next.id);
    expect(openTask(after, 'take_in_work').assignee!.id).toBe(next.id);
    expect((await setManager(order.id, salesHead.headers, next.id)).statusCode).toBe(409);
    const types = await api.timelineTypes(order.id);
    expect(types).toEqual(expect.arrayContaining(['manager_assigned', 'task_reassigned']));

    await api.cancel(order.id, director.headers);
    const refused = await setManager(order.id, director.headers, before.id);
    expect(refused.statusCode).toBe(409);
    expect((await api.order(order.id)).manager!.id).toBe(next.id);
    await recordHistory(stack, order.id, 'manager-changed');
  });
});
