// Hostile input at the calendar's routes: always the contract's envelope with a 4xx or a 200, never a 5xx,
// and a refused change writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOverrides } from '../../db/schema.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { worker: false });
});
afterAll(async () => stack?.stop());

const odd = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('9999-12-31', '0001-01-01', '2026-02-29', '2026-13-01', '24:00-24:00', '00:00-24:00', "' OR 1=1 --", '\u0000', 'a'.repeat(600)),
  fc.constantFrom('day_off', 'working_day', 'short_day', '09:00-13:00'),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
);
const body = fc.oneof(odd, fc.record({ type: odd, hours: odd, comment: odd, extra: odd }, { requiredKeys: [] }));
// a path segment past fastify's 100 characters is answered 414 by the router itself, before any route
const segment = odd.filter((v) => encodeURIComponent(String(v)).length <= 100);
const date = fc.oneof(segment, fc.date({ min: new Date('1900-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));

const rows = () => stack.db.select().from(calendarOverrides).orderBy(calendarOverrides.date);

function expectContract(response: { statusCode: number; json(): { error?: { code: string } } }) {
  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode >= 400) expect(response.json().error?.code).toMatch(/^[A-Z_]+$/);
}

describe('calendar routes under hostile input', () => {
  it('PUT answers 200 or a 4xx envelope, and a 4xx changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(date, body, async (day, payload) => {
        const before = await rows();
        const url = `/api/v1/calendar/days/${encodeURIComponent(String(day))}`;
        const headers = { ...asAdmin, 'content-type': 'application/json' };
        const response = await stack.app.inject({ method: 'PUT', url, headers, payload: JSON.stringify(payload) });
        expectContract(response);
        if (response.statusCode !== 200) expect(await rows()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('GET and DELETE answer 200 or a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(date, date, async (from, to) => {
        const query = new URLSearchParams({ from: String(from), to: String(to) });
        expectContract(await stack.app.inject({ method: 'GET', url: `/api/v1/calendar/days?${query}`, headers: asAdmin }));
        expectContract(await stack.app.inject({ method: 'DELETE', url: `/api/v1/calendar/days/${encodeURIComponent(String(from))}`, headers: asAdmin }));
      }),
      { numRuns: 100 },
    );
  });
});
