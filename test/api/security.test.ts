// Security properties of the HTTP surface: headers, no secrets in logs, rate-limited failed authentication.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { sign } from '../../integrations/cloudpayments.ts';
import { createEmployee } from '../helpers/api.ts';
import { ADMIN_KEY, asAdmin, bearer, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: 'a-webhook-secret-for-the-log-test' });
});
afterAll(async () => stack?.stop());

describe('security', () => {
  it('sets security headers on API answers', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: asAdmin });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('never writes an API key, a webhook secret or a card field to the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const secret = 'a-webhook-secret-for-the-log-test';
    const app = await buildApp({
      config: stack.config,
      db: stack.db,
      temporal: stack.temporal,
      adminApiKey: ADMIN_KEY,
      webhookSecret: secret,
      logger: { level: 'trace', stream },
    });
    try {
      const employee = await createEmployee(app, { department: 'sales' });
      await app.inject({ method: 'GET', url: '/api/v1/orders', headers: employee.headers });
      await app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer('oek_wrong-key-that-must-not-be-logged') });
      const body = 'TransactionId=1&Amount=1.00&InvoiceId=INV-1&CardFirstSix=424242&CardLastFour=4242&Token=tk_secret_card_token';
      await app.inject({ method: 'POST', url: '/webhooks/cloudpayments/pay', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': sign(body, secret) }, payload: body });
      await app.inject({ method: 'POST', url: '/webhooks/cloudpayments/pay', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': 'forged' }, payload: body });
      const log = lines.join('');
      expect(log.length).toBeGreaterThan(0);
      for (const secretText of [ADMIN_KEY, employee.apiKey, 'oek_wrong-key-that-must-not-be-logged', secret, 'tk_secret_card_token', '424242']) {
        expect(log, secretText).not.toContain(secretText);
      }
    } finally {
      await app.close();
    }
  });

  it('rate-limits failed authentication per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(`guess-${i}`), remoteAddress: '10.9.8.7' })).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    const blocked = await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: asAdmin, remoteAddress: '10.9.8.7' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    // others are not affected
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/orders', headers: asAdmin, remoteAddress: '10.9.8.6' })).statusCode).toBe(200);
  });
});
