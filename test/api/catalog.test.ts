import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const post = (url: string, payload: unknown) => stack.app.inject({ method: 'POST', url, headers: asAdmin, payload: payload as object });
const get = (url: string) => stack.app.inject({ method: 'GET', url, headers: asAdmin });
const patch = (url: string, payload: unknown) => stack.app.inject({ method: 'PATCH', url, headers: asAdmin, payload: payload as object });

describe('products', () => {
  const table = { sku: 'DESK-01', name: 'Письменный стол', price: 2_990_000, vatRate: 22, costPrice: 1_100_000, productionDays: 7 };

  it('creates, reads, lists and updates a product', async () => {
    const created = await post('/api/v1/products', table);
    expect(created.statusCode).toBe(201);
    const product = created.json();
    expect(product).toMatchObject({ ...table, unit: 'pcs', currency: 'RUB' });

    expect((await get(`/api/v1/products/${product.id}`)).json()).toEqual(product);
    const list = (await get('/api/v1/products?q=desk')).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(product.id);

    const updated = await patch(`/api/v1/products/${product.id}`, { price: 3_100_000, vatRate: null });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ price: 3_100_000, vatRate: null, sku: 'DESK-01' });
  });

  it('refuses a duplicate SKU with 409, on create and on update', async () => {
    const duplicate = await post('/api/v1/products', { ...table, name: 'Другой' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('CONFLICT');

    const other = (await post('/api/v1/products', { ...table, sku: 'DESK-02' })).json();
    const renamed = await patch(`/api/v1/products/${other.id}`, { sku: 'DESK-01' });
    expect(renamed.statusCode).toBe(409);
    expect((await get(`/api/v1/products/${other.id}`)).json().sku).toBe('DESK-02');
  });

  it('names every invalid field in a 400', async () => {
    const response = await post('/api/v1/products', { sku: '', price: -1, vatRate: 18, costPrice: 1.5, productionDays: -2 });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.sku', 'body.name', 'body.price', 'body.vatRate', 'body.costPrice', 'body.productionDays']));
    const vat = error.details.find((d: { field: string }) => d.field === 'body.vatRate');
    expect(vat.message).toBe('Expected a VAT rate of 22, 10 or 0 percent, or null (no VAT)');
  });

  it('refuses unknown fields, malformed JSON and bad ids', async () => {
    expect((await post('/api/v1/products', { ...table, sku: 'X-1', colour: 'red' })).statusCode).toBe(400);
    const malformed = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: { ...asAdmin, 'content-type': 'application/json' },
      payload: '{"sku": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    const badId = await get('/api/v1/products/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].field).toBe('params.id');
    const missing = await get('/api/v1/products/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('pages with limit and cursor, newest first', async () => {
    for (const n of [1, 2, 3]) await post('/api/v1/products', { ...table, sku: `PAGE-${n}` });
    const first = (await get('/api/v1/products?q=PAGE-&limit=2')).json();
    expect(first.items.map((p: { sku: string }) => p.sku)).toEqual(['PAGE-3', 'PAGE-2']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/api/v1/products?q=PAGE-&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((p: { sku: string }) => p.sku)).toEqual(['PAGE-1']);
    expect(second.nextCursor).toBeNull();
    expect((await get('/api/v1/products?limit=201')).statusCode).toBe(400);
    expect((await get('/api/v1/products?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('employees', () => {
  it('creates an employee with a one-time API key, lists and updates', async () => {
    const created = await post('/api/v1/employees', { name: 'Пётр Цех', email: 'Petr@Example.com', department: 'production', isHead: true });
    expect(created.statusCode).toBe(201);
    const employee = created.json();
    expect(employee).toMatchObject({ name: 'Пётр Цех', email: 'petr@example.com', department: 'production', isHead: true, active: true });
    expect(employee.apiKey).toMatch(/^oek_/);

    const listed = (await get('/api/v1/employees?department=production')).json();
    expect(listed.items).toContainEqual({ id: employee.id, name: 'Пётр Цех', email: 'petr@example.com', department: 'production', isHead: true, active: true });

    const moved = await patch(`/api/v1/employees/${employee.id}`, { department: 'logistics', isHead: false });
    expect(moved.json()).toMatchObject({ department: 'logistics', isHead: false });
  });

  it('refuses a second employee with the same e-mail', async () => {
    await post('/api/v1/employees', { name: 'A', email: 'same@example.com', department: 'sales' });
    const again = await post('/api/v1/employees', { name: 'B', email: 'SAME@example.com', department: 'sales' });
    expect(again.statusCode).toBe(409);
  });

  it('validates the body and the department', async () => {
    const response = await post('/api/v1/employees', { name: 'C', email: 'not-an-email', department: 'marketing' });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.department']));
    expect((await patch('/api/v1/employees/00000000-0000-4000-8000-000000000000', { active: false })).statusCode).toBe(404);
    expect((await patch('/api/v1/employees/00000000-0000-4000-8000-000000000000', {})).statusCode).toBe(400);
  });
});
