// computeDeadlines reads the calendar's settings and the date overrides from a real PostgreSQL.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCalendarActivities, type DeadlineRequest } from '../../activities/calendar.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { putCalendarOverride } from '../../db/queries/calendar.ts';
import { calendarOverrides } from '../../db/schema.ts';
import { COMPANY_CALENDAR, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ ...COMPANY_CALENDAR }, { worker: false });
});
afterAll(async () => stack?.stop());
beforeEach(async () => {
  await stack.db.delete(calendarOverrides);
});

const activities = (env: Record<string, string> = {}) => createCalendarActivities({ db: stack.db, config: loadConfig({ ...stack.env, ...env }) });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const msk = (local: string) => new Date(`${local}:00+03:00`).toISOString();

describe('computeDeadlines with the default calendar (Moscow, Mon–Fri 09:00–18:00, RU)', () => {
  it('answers every kind of deadline, in the order asked', async () => {
    const friday = msk('2026-11-27T17:30');
    const requests: DeadlineRequest[] = [
      { kind: 'working_time', from: friday, durationMs: 2 * HOUR },
      { kind: 'working_time', from: friday, durationMs: DAY },
      { kind: 'production_days', from: friday, days: 3 },
      { kind: 'ship_date', date: '2026-12-01' },
      { kind: 'payment_term', from: friday, days: 3 },
      { kind: 'reminder', from: friday },
    ];
    expect(await activities().computeDeadlines(requests)).toEqual([
      msk('2026-11-30T10:30'),
      msk('2026-11-30T17:30'),
      msk('2026-12-02T18:00'),
      msk('2026-12-01T18:00'),
      '2026-11-30T20:59:59.999Z',
      msk('2026-11-30T10:00'),
    ]);
  });

  it('applies a change of the calendar to deadlines computed after it', async () => {
    const request: DeadlineRequest = { kind: 'working_time', from: msk('2026-11-27T17:30'), durationMs: 2 * HOUR };
    const calendar = activities();
    expect(await calendar.computeDeadlines([request])).toEqual([msk('2026-11-30T10:30')]);

    await putCalendarOverride(stack.db, '2026-11-28', { type: 'working_day', hours: { start: 10 * 60, end: 14 * 60 } }, null);
    expect(await calendar.computeDeadlines([request])).toEqual([msk('2026-11-28T11:30')]);

    await putCalendarOverride(stack.db, '2026-11-28', { type: 'day_off' }, null);
    await putCalendarOverride(stack.db, '2026-11-30', { type: 'day_off', comment: 'санитарный день' }, null);
    expect(await calendar.computeDeadlines([request])).toEqual([msk('2026-12-01T10:30')]);
  });

  it('reads an override on the very day a request starts from', async () => {
    await putCalendarOverride(stack.db, '2026-11-25', { type: 'short_day', hours: { start: 9 * 60, end: 12 * 60 } }, null);
    const deadlines = await activities().computeDeadlines([
      { kind: 'working_time', from: msk('2026-11-25T11:00'), durationMs: 2 * HOUR },
      { kind: 'ship_date', date: '2026-11-25' },
    ]);
    expect(deadlines).toEqual([msk('2026-11-26T10:00'), msk('2026-11-25T12:00')]);
  });

  it('counts a request from the result of an earlier one: a task’s deadline, its warning and its escalation in one call', async () => {
    const from = msk('2026-11-27T17:30');
    expect(
      await activities().computeDeadlines([
        { kind: 'working_time', from, durationMs: 2 * HOUR },
        { kind: 'working_share', from, to: { of: 0 }, share: 0.5 },
        { kind: 'working_time', from: { of: 0 }, durationMs: HOUR },
      ]),
    ).toEqual([msk('2026-11-30T10:30'), msk('2026-11-30T09:30'), msk('2026-11-30T11:30')]);
    // an invoice's due moment and its first reminder
    expect(
      await activities().computeDeadlines([
        { kind: 'payment_term', from, days: 3 },
        { kind: 'reminder', from: { of: 0 } },
      ]),
    ).toEqual(['2026-11-30T20:59:59.999Z', msk('2026-12-01T10:00')]);
    // a result not yet computed cannot be named
    const failure = await activities()
      .computeDeadlines([{ kind: 'working_time', from: { of: 0 }, durationMs: HOUR }])
      .catch((error: unknown) => error);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toMatch(/earlier request/);
  });

  it('refuses malformed requests without retrying', async () => {
    const bad = [{ kind: 'production_days', from: 'yesterday', days: -1 }] as unknown as DeadlineRequest[];
    const failure = await activities()
      .computeDeadlines(bad)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toMatch(/from/);
  });
});

describe('computeDeadlines with other settings', () => {
  it('counts a six-day week for production but banking days Monday to Friday for payment', async () => {
    const calendar = activities({ WORKING_DAYS: 'mon-sat', PAYMENT_TERM_DAYS: 'banking', REMINDER_HOUR: '9' });
    const friday = msk('2026-11-27T12:00');
    expect(
      await calendar.computeDeadlines([
        { kind: 'production_days', from: friday, days: 1 },
        { kind: 'payment_term', from: friday, days: 1 },
        { kind: 'reminder', from: msk('2026-11-27T12:00') },
      ]),
    ).toEqual([msk('2026-11-28T18:00'), '2026-11-30T20:59:59.999Z', msk('2026-11-28T09:00')]);
  });

  it('makes working time calendar time with every day, every hour and no holidays', async () => {
    const calendar = activities({ WORKING_DAYS: 'mon-sun', WORKING_HOURS: '00:00-24:00', PUBLIC_HOLIDAYS: 'none' });
    const from = '2026-12-31T19:45:00.000Z';
    const deadlines = await calendar.computeDeadlines([2 * HOUR, DAY, 3 * DAY].map((durationMs) => ({ kind: 'working_time', from, durationMs })));
    expect(deadlines).toEqual([2 * HOUR, DAY, 3 * DAY].map((ms) => new Date(Date.parse(from) + ms).toISOString()));
  });

  it.each([
    ['WORKING_DAYS', 'weekdays'],
    ['WORKING_HOURS', '18:00-09:00'],
    ['PUBLIC_HOLIDAYS', 'DE'],
    ['PAYMENT_TERM_DAYS', 'business'],
    ['REMINDER_HOUR', '24'],
  ])('refuses %s=%s at start-up, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
