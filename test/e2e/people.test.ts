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
const notificationsOf = async (orderId: string) => (await api.ok<{ items: { template: string; recipient: string | null }[] }>('GET', `/api/v1/orders/${orderId}/notifications`)).items;
const setManager = (orderId: string, headers: Record<string, string>, managerId: string) => api.call('POST', `/api/v1/orders/${orderId}/manager`, headers, { managerId });

describe('the first employee of a department', () => {
  it('becomes the manager of the order created while sales had nobody and takes its queued task, once; the next one changes nothing', async () => {
    const after = await api.order(early.id);
    expect(after.manager).toEqual({ id: seller.id, name: seller.name });
    expect(openTask(after, 'take_in_work').assignee).toEqual({ id: seller.id, name: seller.name });
    const timeline = await api.timeline(early.id);
    // the first entry, at creation, says nobody was there
    expect(timeline.filter((e) => e.type === 'manager_assigned').map((e) => e.data.managerId)).toEqual([null, seller.id]);
    expect(timeline.filter((e) => e.type === 'task_reassigned')).toHaveLength(1);
    const own = await api.ok<TaskJson & { orderUrl: string; description: string }>('GET', `/api/v1/tasks/${openTask(after, 'take_in_work').id}`);
    expect(own.orderUrl).toBe(`${stack.config.publicBaseUrl}/orders/${early.id}`);
    expect((after.tasks[0] as TaskJson & { orderUrl: string }).orderUrl).toBe(own.orderUrl);
    const mails = await notificationsOf(early.id);
    expect(mails.filter((m) => m.template === 'task_assigned')).toHaveLength(1);
  });
});

describe('the department queue', () => {
  it('takes a task back to the queue (management), lets a member take it once; another member then gets 409 and nothing changes', async () => {
    const task = openTask(early, 'take_in_work');
    expect((await assign(task.id, seller2.headers, { assigneeId: null })).statusCode).toBe(403);
    const queued = await assign(task.id, director.headers, { assigneeId: null });
    expect(queued.statusCode).toBe(200);
    expect(queued.json<TaskJson>().assignee).toBeNull();
    expect((await assign(task.id, director.headers, { assigneeId: null })).statusCode).toBe(409);
    expect((await assign(task.id, maker.headers)).statusCode).toBe(403);

    const taken = await assign(task.id, seller2.headers);
    expect(taken.statusCode).toBe(200);
    expect(taken.json<TaskJson>().assignee).toEqual({ id: seller2.id, name: seller2.name });
    const again = await assign(task.id, seller.headers);
    expect(again.statusCode).toBe(409);
    expect((await api.order(early.id)).tasks.find((t) => t.id === task.id)!.assignee!.id).toBe(seller2.id);
    const moves = (await api.timeline(early.id)).filter((e) => e.type === 'task_reassigned').map((e) => e.data);
    expect(moves.slice(-2)).toMatchObject([
      { taskId: task.id, fromId: seller.id, toId: null },
      { taskId: task.id, fromId: null, toId: seller2.id },
    ]);
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

describe('deactivating an employee', () => {
  const deactivate = (id: string) => api.call('PATCH', `/api/v1/employees/${id}`, undefined, { active: false });
  const openLoad = async (id: string) => (await api.ok<{ items: unknown[] }>('GET', `/api/v1/tasks?assigneeId=${id}&status=open&limit=100`)).items.length;
  const moves = async (orderId: string) => (await api.timeline(orderId)).filter((e) => e.type === 'task_reassigned').map((e) => e.data);

  it('hands their open tasks to the least-loaded active colleague and tells the head, once; repeated, nothing more happens', async () => {
    const task = openTask(await api.order(early.id), 'take_in_work');
    expect(task.assignee!.id).toBe(seller2.id);
    const [sellerLoad, headLoad] = [await openLoad(seller.id), await openLoad(salesHead.id)];
    const expected = headLoad < sellerLoad ? salesHead : seller;

    expect((await deactivate(seller2.id)).statusCode).toBe(200);
    const handed = (await api.order(early.id)).tasks.find((t) => t.id === task.id)!;
    expect(handed.assignee).toEqual({ id: expected.id, name: expected.name });
    expect((await moves(early.id)).at(-1)).toMatchObject({ taskId: task.id, fromId: seller2.id, toId: expected.id });
    expect(await openLoad(seller2.id)).toBe(0);
    const told = (await notificationsOf(early.id)).filter((m) => m.template === 'tasks_handed_over');
    expect(told).toHaveLength(1);

    const movesBefore = (await moves(early.id)).length;
    expect((await deactivate(seller2.id)).statusCode).toBe(200);
    expect(await moves(early.id)).toHaveLength(movesBefore);
    expect((await notificationsOf(early.id)).filter((m) => m.template === 'tasks_handed_over')).toHaveLength(1);
  });

  it('sends the tasks back to the queue when nobody of the department is left, and the next one to appear takes them', async () => {
    const task = openTask(await api.order(early.id), 'take_in_work');
    expect((await deactivate(seller.id)).statusCode).toBe(200);
    expect((await deactivate(salesHead.id)).statusCode).toBe(200);
    expect(openTask(await api.order(early.id), 'take_in_work').assignee).toBeNull();
    expect((await moves(early.id)).at(-1)).toMatchObject({ taskId: task.id, toId: null });

    const newcomer = await createEmployee(stack.app, { department: 'sales', name: 'Новый Продавец' });
    expect(openTask(await api.order(early.id), 'take_in_work').assignee).toEqual({ id: newcomer.id, name: newcomer.name });
    expect((await moves(early.id)).at(-1)).toMatchObject({ taskId: task.id, fromId: null, toId: newcomer.id });
    const movesBefore = (await moves(early.id)).length;
    await createEmployee(stack.app, { department: 'sales', name: 'Второй Новый' });
    expect(await moves(early.id)).toHaveLength(movesBefore);
    await recordHistory(stack, early.id, 'tasks-handed-over');
  });
});
