// Small helpers that say what a test does rather than how the request is built.
import type { App } from '../../api/app.ts';
import { asAdmin, bearer } from './stack.ts';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createEmployee(app: App, body: { department: string; name?: string; isHead?: boolean }) {
  const id = unique();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/employees',
    headers: asAdmin,
    payload: { name: body.name ?? `Employee ${id}`, email: `e${id}@example.com`, department: body.department, isHead: body.isHead },
  });
  if (response.statusCode !== 201) throw new Error(`employee not created: ${response.body}`);
  const employee = response.json<{ id: string; name: string; apiKey: string; department: string }>();
  return { ...employee, headers: bearer(employee.apiKey) };
}

export async function createProduct(
  app: App,
  body: Partial<{ sku: string; name: string; price: number; vatRate: 22 | 10 | 0 | null; costPrice: number; productionDays: number; unit: string }> = {},
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: asAdmin,
    payload: { sku: `SKU-${unique()}`, name: 'Стол', price: 100_000, vatRate: 22, costPrice: 40_000, productionDays: 2, ...body },
  });
  if (response.statusCode !== 201) throw new Error(`product not created: ${response.body}`);
  return response.json<{ id: string; sku: string; price: number }>();
}
