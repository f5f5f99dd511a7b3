import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { asAdmin, bearer, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const productBody = { sku: 'AUTH-1', name: 'Шкаф', price: 500_000, vatRate: 22, costPrice: 200_000, productionDays: 3 };

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong key', bearer('not-a-real-key')],
    ['a malformed header', { authorization: 'Basic abc' }],
  ])('refuses %s with 401 in the error envelope', async (_name, headers) => {
    const response = await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers });
    expect(response.statusCode).toBe(401);
    const body = response.json();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(typeof body.error.message).toBe('string');
    expect(body.requestId).toBe(response.headers['x-request-id']);
  });

  it('refuses the key of a deactivated employee', async () => {
    const employee = await createEmployee(stack.app, { department: 'sales' });
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: employee.headers })).statusCode).toBe(200);
    const patch = await stack.app.inject({ method: 'PATCH', url: `/api/v1/employees/${employee.id}`, headers: asAdmin, payload: { active: false } });
    expect(patch.json().active).toBe(false);
    const response = await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: employee.headers });
    expect(response.statusCode).toBe(401);
  });

  it('stores API keys only as SHA-256 digests', async () => {
    const employee = await createEmployee(stack.app, { department: 'accounting' });
    const rows = await stack.db.execute<{ api_key_hash: string }>(sql`select api_key_hash from employees where id = ${employee.id}`);
    expect(rows[0]!.api_key_hash).toBe(createHash('sha256').update(employee.apiKey).digest('hex'));
    const listed = await stack.app.inject({ method: 'GET', url: '/api/v1/employees', headers: asAdmin });
    expect(listed.body).not.toContain(employee.apiKey);
    expect(listed.body).not.toContain('apiKey');
  });

  it('leaves the service endpoints open', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/metrics']) {
      expect((await stack.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});

describe('roles', () => {
  it('lets only admin and management create products and employees, and a refusal changes nothing', async () => {
    const production = await createEmployee(stack.app, { department: 'production' });
    const sales = await createEmployee(stack.app, { department: 'sales', isHead: true });
    const management = await createEmployee(stack.app, { department: 'management' });

    for (const who of [production, sales]) {
      const refused = await stack.app.inject({ method: 'POST', url: '/api/v1/products', headers: who.headers, payload: productBody });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
      const employee = await stack.app.inject({
        method: 'POST',
        url: '/api/v1/employees',
        headers: who.headers,
        payload: { name: 'X', email: 'x-refused@example.com', department: 'sales' },
      });
      expect(employee.statusCode).toBe(403);
    }
    const products = await stack.app.inject({ method: 'GET', url: '/api/v1/products', headers: asAdmin });
    expect(products.json().items.map((p: { sku: string }) => p.sku)).not.toContain('AUTH-1');

    const allowed = await stack.app.inject({ method: 'POST', url: '/api/v1/products', headers: management.headers, payload: productBody });
    expect(allowed.statusCode).toBe(201);
  });

  it('shows the staff list to admin and management only', async () => {
    const sales = await createEmployee(stack.app, { department: 'sales', isHead: true });
    const management = await createEmployee(stack.app, { department: 'management' });
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/employees', headers: sales.headers })).statusCode).toBe(403);
    expect((await stack.app.inject({ method: 'GET', url: `/api/v1/employees/${sales.id}`, headers: sales.headers })).statusCode).toBe(403);
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/employees', headers: management.headers })).statusCode).toBe(200);
  });

  it('refuses a forbidden role before validating its body', async () => {
    const logistics = await createEmployee(stack.app, { department: 'logistics' });
    const response = await stack.app.inject({ method: 'POST', url: '/api/v1/products', headers: logistics.headers, payload: { nonsense: true } });
    expect(response.statusCode).toBe(403);
  });

  it('lets every employee read', async () => {
    for (const department of ['sales', 'production', 'logistics', 'accounting', 'management']) {
      const employee = await createEmployee(stack.app, { department });
      expect((await stack.app.inject({ method: 'GET', url: '/api/v1/tasks', headers: employee.headers })).statusCode).toBe(200);
      expect((await stack.app.inject({ method: 'GET', url: '/api/v1/products', headers: employee.headers })).statusCode).toBe(200);
    }
  });
});
