// The working calendar over HTTP: every day of a range with its reason, and date overrides that admin and
// management set and remove, against a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOverrides } from '../../db/schema.ts';
import { createEmployee } from '../helpers/api.ts';
import { asAdmin, bearer, COMPANY_CALENDAR, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ ...COMPANY_CALENDAR });
});
afterAll(async () => stack?.stop());

type Headers = Record<string, string>;
const days = (query: string, headers: Headers = asAdmin) => stack.app.inject({ method: 'GET', url: `/api/v1/calendar/days?${query}`, headers });
const put = (date: string, payload: unknown, headers: Headers = asAdmin) =>
  stack.app.inject({ method: 'PUT', url: `/api/v1/calendar/days/${date}`, headers, payload: payload as object });
const remove = (date: string, headers: Headers = asAdmin) => stack.app.inject({ method: 'DELETE', url: `/api/v1/calendar/days/${date}`, headers });
const overrides = () => stack.db.select().from(calendarOverrides).orderBy(calendarOverrides.date);

describe('GET /api/v1/calendar/days', () => {
  it('lists every day of the range with its type, hours and source', async () => {
    const response = await days('from=2026-11-01&to=2026-11-07');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      { date: '2026-11-01', type: 'day_off', hours: null, source: 'weekend', comment: null },
      { date: '2026-11-02', type: 'working_day', hours: '09:00-18:00', source: 'schedule', comment: null },
      { date: '2026-11-03', type: 'short_day', hours: '09:00-17:00', source: 'holiday', comment: null },
      { date: '2026-11-04', type: 'day_off', hours: null, source: 'holiday', comment: 'День народного единства' },
      { date: '2026-11-05', type: 'working_day', hours: '09:00-18:00', source: 'schedule', comment: null },
      { date: '2026-11-06', type: 'working_day', hours: '09:00-18:00', source: 'schedule', comment: null },
      { date: '2026-11-07', type: 'day_off', hours: null, source: 'weekend', comment: null },
    ]);
  });

  it('answers a whole year, every employee may read it', async () => {
    const worker = await createEmployee(stack.app, { department: 'production' });
    const response = await days('from=2027-01-01&to=2027-12-31', worker.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(365);
    const lastDays = await days('from=9999-12-01&to=9999-12-31');
    expect(lastDays.json().items.map((d: { date: string }) => d.date).at(-1)).toBe('9999-12-31');
  });

  it.each([
    ['from=2026-11-07&to=2026-11-01', 'query.to'],
    ['from=2026-01-01&to=2027-01-02', 'query.to'],
    ['from=2026-02-30&to=2026-03-01', 'query.from'],
    ['from=2026-11-01', 'query.to'],
  ])('refuses %s naming %s', async (query, field) => {
    const response = await days(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses a caller without a key', async () => {
    expect((await days('from=2026-11-01&to=2026-11-07', {})).statusCode).toBe(401);
  });
});

describe('PUT and DELETE /api/v1/calendar/days/:date', () => {
  it('makes a Saturday a working day of a moved weekend, idempotently, and removes it again', async () => {
    const body = { type: 'working_day', comment: 'перенос с 4 января' };
    const first = await put('2026-11-28', body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ date: '2026-11-28', type: 'working_day', hours: '09:00-18:00', source: 'override', comment: 'перенос с 4 января' });
    expect((await put('2026-11-28', body)).json()).toEqual(first.json());
    expect((await days('from=2026-11-28&to=2026-11-28')).json().items).toEqual([first.json()]);
    expect((await overrides()).filter((row) => row.date === '2026-11-28')).toHaveLength(1);

    const removed = await remove('2026-11-28');
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ type: 'day_off', source: 'weekend' });
    const again = await remove('2026-11-28');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('NOT_FOUND');
  });

  it('shortens a day, closes a holiday-eve day and replaces one override with another', async () => {
    expect((await put('2026-12-30', { type: 'short_day', hours: '09:00-13:00' })).json()).toMatchObject({ type: 'short_day', hours: '09:00-13:00' });
    expect((await put('2026-12-30', { type: 'day_off', comment: null })).json()).toMatchObject({ type: 'day_off', hours: null, source: 'override' });
    expect((await put('2026-12-31', { type: 'day_off', comment: 'перенос с 3 января' })).json()).toMatchObject({ type: 'day_off', source: 'override' });
    const items = (await days('from=2026-12-30&to=2026-12-31')).json().items;
    expect(items.map((d: { type: string }) => d.type)).toEqual(['day_off', 'day_off']);
  });

  it.each([
    ['a short day without hours', '2026-10-01', { type: 'short_day' }, 'body.hours'],
    ['a day off with hours', '2026-10-01', { type: 'day_off', hours: '09:00-13:00' }, 'body.hours'],
    ['hours that end before they start', '2026-10-01', { type: 'short_day', hours: '18:00-09:00' }, 'body.hours'],
    ['hours past midnight', '2026-10-01', { type: 'working_day', hours: '09:00-25:00' }, 'body.hours'],
    ['an unknown type', '2026-10-01', { type: 'holiday' }, 'body.type'],
    ['an unknown field', '2026-10-01', { type: 'day_off', colour: 'red' }, 'body'],
    ['an impossible date', '2026-02-30', { type: 'day_off' }, 'params.date'],
    ['a date in another format', '01.10.2026', { type: 'day_off' }, 'params.date'],
  ])('refuses %s with 400 and changes nothing', async (_name, date, body, field) => {
    const before = await overrides();
    const response = await put(date, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await overrides()).toEqual(before);
  });

  it('lets management change the calendar and refuses every other role with 403', async () => {
    const head = await createEmployee(stack.app, { department: 'management' });
    expect((await put('2026-10-02', { type: 'day_off' }, head.headers)).statusCode).toBe(200);
    const [row] = (await overrides()).filter((r) => r.date === '2026-10-02');
    expect(row?.updatedBy).toBe(head.id);

    for (const department of ['sales', 'production', 'logistics', 'accounting']) {
      const other = await createEmployee(stack.app, { department, isHead: true });
      const before = await overrides();
      const changed = await put('2026-10-05', { type: 'day_off' }, other.headers);
      expect(changed.statusCode, department).toBe(403);
      expect(changed.json().error.code).toBe('FORBIDDEN');
      expect((await remove('2026-10-02', other.headers)).statusCode, department).toBe(403);
      expect(await overrides()).toEqual(before);
    }
    expect((await remove('2026-10-02', head.headers)).statusCode).toBe(200);
    expect((await put('2026-10-02', { type: 'day_off' }, bearer('oek_wrong_key_0123456789'))).statusCode).toBe(401);
  });

  it('is in the served OpenAPI document', async () => {
    const document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/v1/calendar/days/{date}']).sort()).toEqual(['delete', 'put']);
    expect(document.paths['/api/v1/calendar/days'].get).toBeDefined();
  });
});
