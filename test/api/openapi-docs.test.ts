// The served OpenAPI document tells a newcomer what the code does (issue 17): money units on every money field,
// a summary, description and the allowed roles on every /api/v1 route, typed 1C rows; a 403 names the roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../helpers/api.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let document: OpenApi;
beforeAll(async () => {
  stack = await startStack();
  document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => stack?.stop());

interface Schema {
  type?: string;
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; schema?: Schema; description?: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

/** A field is money when a word of its camelCase name is one of these (so `costPrice`, not `overdueTasks`). */
const MONEY_WORDS = new Set(['amount', 'price', 'total', 'totals', 'paid', 'due', 'overpaid', 'vat', 'cost', 'margin', 'sum', 'net']);
/** Named like money but not money: rates and percentages. */
const NOT_MONEY = /Percent$|Rate$/;
const isMoneyName = (name: string) => !NOT_MONEY.test(name) && name.split(/(?=[A-Z])/).some((word) => MONEY_WORDS.has(word.toLowerCase()));

const isNumber = (schema: Schema): boolean =>
  schema.type === 'integer' || schema.type === 'number' || [schema.anyOf, schema.oneOf, schema.allOf].some((list) => list?.some(isNumber));

/** Every named field in a schema, with its path, however deeply nested in objects, arrays and unions. */
function* fields(schema: Schema | undefined, path: string): Generator<[string, Schema]> {
  if (!schema) return;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    yield [`${path}.${name}`, property];
    yield* fields(property, `${path}.${name}`);
  }
  yield* fields(schema.items, `${path}[]`);
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) yield* fields(part, path);
}

function* operations(): Generator<[string, Operation]> {
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) yield [`${method.toUpperCase()} ${path}`, operation];
  }
}

function* allFields(): Generator<[string, Schema]> {
  for (const [route, operation] of operations()) {
    for (const parameter of operation.parameters ?? []) {
      yield [`${route} ${parameter.in}.${parameter.name}`, { ...parameter.schema, description: parameter.description ?? parameter.schema?.description }];
    }
    for (const [type, { schema }] of Object.entries(operation.requestBody?.content ?? {})) yield* fields(schema, `${route} body(${type})`);
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const { schema } of Object.values(response.content ?? {})) yield* fields(schema, `${route} ${status}`);
    }
  }
}

describe('the OpenAPI document', () => {
  it('says on every money field that it is in kopecks, with an example', () => {
    const money = [...allFields()].filter(([path, schema]) => {
      const name = path.split(/[.[\]]/).filter(Boolean).at(-1)!;
      return isMoneyName(name) && isNumber(schema);
    });
    // the walk must reach the fields a newcomer met, or it proves nothing
    const reached = money.map(([path]) => path);
    for (const known of [
      'POST /api/v1/invoices/{id}/payments body(application/json).amount',
      'GET /api/v1/orders/{id} 200.due',
      'GET /api/v1/orders/{id} 200.totals.amount',
      'POST /api/v1/products body(application/json).price',
      'POST /api/v1/integrations/1c/payments body(application/json).payments[].amount',
      'GET /api/v1/reports/margin 200.total.margin',
    ]) {
      expect(reached).toContain(known);
    }
    const unlabelled = money.filter(([, schema]) => !/kopecks \(minor units\)/i.test(schema.description ?? '') || typeof schema.example !== 'number');
    expect(unlabelled.map(([path]) => path)).toEqual([]);
  });

  it('gives every /api/v1 route a summary, a description and the roles that may call it', () => {
    // the website's order form takes a site key, not a role's API key: it says so instead (docs/client.md)
    const v1 = [...operations()].filter(([route]) => route.split(' ')[1]!.startsWith('/api/v1/') && !route.split(' ')[1]!.startsWith('/api/v1/public/'));
    expect(document.paths['/api/v1/public/orders']!.post!.description).toMatch(/site key in `X-Site-Key`/);
    expect(v1.length).toBeGreaterThan(30);
    const undocumented = v1.filter(([, op]) => !op.summary?.trim() || !/\S[\s\S]*\n\nRoles: ([a-z]+, )*management, admin\.$/.test(op.description ?? ''));
    expect(undocumented.map(([route]) => route)).toEqual([]);
    expect(document.paths['/api/v1/orders/{id}/qualify']!.post!.description).toMatch(/Roles: sales, management, admin\.$/);
    expect(document.paths['/api/v1/employees']!.post!.description).toMatch(/Roles: management, admin\.$/);
  });

  it('types the rows of the 1C import', () => {
    const body = document.paths['/api/v1/integrations/1c/payments']!.post!.requestBody!.content['application/json']!.schema;
    const row = body.properties!.payments!.items!;
    expect(row.type).toBe('object');
    expect(Object.keys(row.properties ?? {}).sort()).toEqual(['amount', 'documentNumber', 'invoiceNumber', 'paidAt']);
  });
});

describe('a refused role', () => {
  it('is told which roles may, and the documentation names the same ones', async () => {
    const production = await createEmployee(stack.app, { department: 'production' });
    const refused = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/1c/payments',
      headers: production.headers,
      payload: { payments: [{}] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Allowed roles: accounting, management, admin');
    expect(document.paths['/api/v1/integrations/1c/payments']!.post!.description).toMatch(/Roles: accounting, management, admin\.$/);
  });
});
