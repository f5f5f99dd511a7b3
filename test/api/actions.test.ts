// Action routes as staff call them: with no body at all, and many at once on the same order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee, createProduct } from '../helpers/api.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await createEmployee(stack.app, { department: 'sales', name: 'Мария Менеджер' });
});
afterAll(async () => stack?.stop());

/** A new order and its open take_in_work task. */
async function orderWithTask() {
  const product = await createProduct(stack.app);
  const response = await stack.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: asAdmin,
    payload: { customer: { name: 'ООО «Ромашка»', email: 'buyer@example.com' }, items: [{ productId: product.id, quantity: 1 }] },
  });
  expect(response.statusCode).toBe(201);
  const order = response.json<{ id: string; tasks: { id: string; status: string }[] }>();
  return { orderId: order.id, taskId: order.tasks[0]!.id };
}

const complete = (taskId: string, extra: { headers?: Record<string, string>; payload?: string } = {}) =>
  stack.app.inject({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete`, headers: { ...asAdmin, ...extra.headers }, payload: extra.payload });

describe('an action whose body fields are all optional', () => {
  it('takes a request with no body at all (curl -X POST)', async () => {
    const { taskId } = await orderWithTask();
    const response = await complete(taskId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: taskId, status: 'done' });
  });

  it('takes an empty body sent as JSON', async () => {
    const { taskId } = await orderWithTask();
    const response = await complete(taskId, { headers: { 'content-type': 'application/json' }, payload: '' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: taskId, status: 'done' });
  });

  it('still names the missing fields of a route that needs some', async () => {
    const { orderId } = await orderWithTask();
    const response = await stack.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/cancel`, headers: asAdmin });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ field: 'body.reason' })]);
  });
});

describe('many staff acting on one order at once', () => {
  it('completes a task once and refuses the rest with 409, never a 5xx, even past Temporal per-workflow update limit', async () => {
    const { taskId } = await orderWithTask();
    const responses = await Promise.all(Array.from({ length: 30 }, () => complete(taskId)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200), JSON.stringify(responses.map((r) => r.body))).toHaveLength(1);
    // the rest is refused as done already, or, when the bounded retries inside the API run out on a busy
    // machine, answered 429 with when to come back: never a 5xx
    const busy = responses.filter((r) => r.statusCode === 429);
    expect(busy.every((r) => Number(r.headers['retry-after']) > 0)).toBe(true);
    expect(statuses.filter((s) => s === 409).length + busy.length, JSON.stringify(responses.filter((r) => ![200, 409, 429].includes(r.statusCode)).map((r) => [r.statusCode, r.body]))).toBe(29);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(busy.length);
  });
});
