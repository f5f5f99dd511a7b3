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

  it('shares the failed-authentication count between API processes, through PostgreSQL', async () => {
    const second = await buildApp({ config: stack.config, db: stack.db, temporal: stack.temporal, adminApiKey: ADMIN_KEY, webhookSecret: 'another-process' });
    try {
      const guess = (app: typeof second, i: number) =>
        app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(`spread-guess-${i}`), remoteAddress: '10.9.8.5' });
      const statuses: number[] = [];
      // ten tries on each process: each alone is under the limit, together they reach it
      for (let i = 0; i < 20; i++) statuses.push((await guess(i % 2 === 0 ? stack.app : second, i)).statusCode);
      expect(statuses).toEqual(Array(20).fill(401));
      const refused = await guess(second, 20);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await guess(stack.app, 21)).statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });

  it('lets the API docs load their scripts, and nothing else', async () => {
    const docs = await stack.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toBeUndefined();
    expect(docs.headers['x-frame-options']).toBe('DENY');
    const page = await stack.app.inject({ method: 'GET', url: '/pay/no-such-token-0123456789' });
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
