// The website's order form endpoint and the ways it is abused: no or a wrong site key, a site key used as an
// API key, a bot filling the honeypot, a flood from one address, the same submission sent twice.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client } from '../helpers/funnel.ts';
import { asAdmin, bearer, startStack, type Stack } from '../helpers/stack.ts';

const SITE_KEY = 'site-key-for-the-tests-0001';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ SITE_KEYS: `other-site-key-000000001,${SITE_KEY}`, PUBLIC_ORDERS_PER_HOUR: '5' });
});
afterAll(async () => stack?.stop());

let address = 0;
/** Each test from an address of its own, so the limit counts only its own requests. */
const from = () => `10.0.0.${++address}`;
const form = (fields: Record<string, unknown> = {}) => ({ submissionId: crypto.randomUUID(), name: 'Ирина Сайтова', email: 'irina@example.com', comment: 'Нужен стол на 8 персон', ...fields });
const place = (ip: string, payload: unknown, key: string | null = SITE_KEY) =>
  stack.app.inject({ method: 'POST', url: '/api/v1/public/orders', remoteAddress: ip, headers: key === null ? {} : { 'x-site-key': key }, payload: payload as object });
const orderCount = async () => (await stack.app.inject({ method: 'GET', url: '/api/v1/orders?limit=100', headers: asAdmin })).json<{ items: unknown[] }>().items.length;

it('creates an order that starts the funnel and answers its number and the client’s page', async () => {
  const ip = from();
  const response = await place(ip, form());
  expect(response.statusCode).toBe(201);
  const { number, clientUrl } = response.json<{ number: string; clientUrl: string }>();
  expect(clientUrl).toMatch(/\/o\/[\w-]{32}$/);
  const listed = (await stack.app.inject({ method: 'GET', url: `/api/v1/orders?q=${number}`, headers: asAdmin })).json<{ items: { id: string }[] }>().items;
  const order = await client(stack).until(listed[0]!.id, (o) => o.tasks.some((t) => t.type === 'take_in_work'), 'the first task');
  expect(order).toMatchObject({ stage: 'new', customer: { name: 'Ирина Сайтова', email: 'irina@example.com' }, comment: 'Нужен стол на 8 персон' });
  expect((await stack.app.inject({ method: 'GET', url: new URL(clientUrl).pathname })).statusCode).toBe(200);
});

it('refuses a missing or wrong site key, and a site key is no API key', async () => {
  const before = await orderCount();
  expect((await place(from(), form(), null)).statusCode).toBe(401);
  const wrong = await place(from(), form(), 'site-key-for-the-tests-0002');
  expect(wrong.statusCode).toBe(401);
  expect(wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  for (const url of ['/api/v1/orders', '/api/v1/products']) {
    expect((await stack.app.inject({ method: 'GET', url, headers: bearer(SITE_KEY) })).statusCode).toBe(401);
  }
  expect((await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: bearer(SITE_KEY), payload: { customer: { name: 'x' } } })).statusCode).toBe(401);
  expect(await orderCount()).toBe(before);
});

it('answers a bot that filled the honeypot as if all went well, and stores nothing', async () => {
  const before = await orderCount();
  const response = await place(from(), form({ website: 'http://spam.example' }));
  expect(response.statusCode).toBe(202);
  expect(response.json()).toEqual({ received: true });
  expect(await orderCount()).toBe(before);
});

it('refuses bad fields in words, with nothing stored', async () => {
  const before = await orderCount();
  const noContact = await place(from(), form({ email: undefined }));
  expect(noContact.statusCode).toBe(400);
  expect(JSON.stringify(noContact.json())).toContain('phone');
  expect((await place(from(), form({ name: '' }))).statusCode).toBe(400);
  expect((await place(from(), form({ isAdmin: true }))).statusCode).toBe(400);
  expect((await place(from(), form({ comment: 'a\u0000b' }))).statusCode).toBe(400);
  expect(await orderCount()).toBe(before);
});

it('limits one address to its hourly share, with Retry-After, while another address goes on', async () => {
  const ip = from();
  const codes: number[] = [];
  for (let i = 0; i < 6; i += 1) codes.push((await place(ip, form({ website: 'bot' }))).statusCode);
  expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  const limited = await place(ip, form());
  expect(limited.statusCode).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
  // wrong keys count too: guessing keys is limited the same way
  expect((await place(ip, form(), 'guess-guess-guess-guess')).statusCode).toBe(429);
  expect((await place(from(), form())).statusCode).toBe(201);
});

it('makes one order of a submission sent twice, and refuses its id reused for another form', async () => {
  const ip = from();
  const submission = form();
  const first = await place(ip, submission);
  const second = await place(ip, submission);
  expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
  expect(second.json()).toEqual(first.json());
  const reused = await place(ip, { ...submission, name: 'Кто-то другой' });
  expect(reused.statusCode).toBe(409);
});

it('lets the company’s site ask first (CORS preflight)', async () => {
  const preflight = await stack.app.inject({ method: 'OPTIONS', url: '/api/v1/public/orders', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-site-key' } });
  expect(preflight.statusCode).toBe(204);
  expect(preflight.headers['access-control-allow-headers']).toContain('x-site-key');
});
