// The served OpenAPI document describes the routes of the HTTP API (docs/api.md), with the error envelope on /api/v1 routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const CONTRACT: [string, string][] = [
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
  ['post', '/api/v1/employees'],
  ['get', '/api/v1/employees'],
  ['patch', '/api/v1/employees/{id}'],
  ['post', '/api/v1/products'],
  ['get', '/api/v1/products'],
  ['get', '/api/v1/products/{id}'],
  ['patch', '/api/v1/products/{id}'],
  ['post', '/api/v1/orders'],
  ['get', '/api/v1/orders'],
  ['get', '/api/v1/orders/{id}'],
  ['get', '/api/v1/orders/{id}/timeline'],
  ['get', '/api/v1/orders/{id}/notifications'],
  ['post', '/api/v1/orders/{id}/qualify'],
  ['post', '/api/v1/orders/{id}/delivery'],
  ['post', '/api/v1/orders/{id}/cancel'],
  ['post', '/api/v1/orders/{id}/comments'],
  ['get', '/api/v1/orders/{id}/payments'],
  ['get', '/api/v1/tasks'],
  ['get', '/api/v1/tasks/{id}'],
  ['post', '/api/v1/tasks/{id}/complete'],
  ['get', '/api/v1/invoices'],
  ['get', '/api/v1/invoices/{id}'],
  ['get', '/api/v1/invoices/{id}/pdf'],
  ['post', '/api/v1/invoices/{id}/payments'],
  ['get', '/pay/{token}'],
  ['post', '/webhooks/cloudpayments/check'],
  ['post', '/webhooks/cloudpayments/pay'],
  ['post', '/webhooks/cloudpayments/fail'],
  ['post', '/webhooks/cloudpayments/refund'],
  ['post', '/api/v1/integrations/1c/payments'],
  ['get', '/api/v1/reports/funnel'],
  ['get', '/api/v1/reports/margin'],
];

describe('GET /openapi.json', () => {
  it('lists every route of the contract', async () => {
    const document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.openapi).toMatch(/^3\./);
    const missing = CONTRACT.filter(([method, path]) => !document.paths?.[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });

  it('documents the error envelope and bearer auth on /api/v1 routes', async () => {
    const document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const create = document.paths['/api/v1/orders'].post;
    for (const status of ['400', '401', '403', '409', '503']) expect(create.responses[status], status).toBeDefined();
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/webhooks/cloudpayments/pay'].post.security).toEqual([]);
  });

  it('serves the browsable docs', async () => {
    const docs = await stack.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});
