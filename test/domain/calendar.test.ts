import { describe, expect, it } from 'vitest';
import { dateIn, endOfDay, isCalendarDate, startOfDay } from '../../domain/calendar.ts';

describe('calendar days in the business time zone', () => {
  it.each([
    ['Europe/Moscow', '2026-11-27', '2026-11-26T21:00:00.000Z', '2026-11-27T20:59:59.999Z'],
    ['UTC', '2026-11-27', '2026-11-27T00:00:00.000Z', '2026-11-27T23:59:59.999Z'],
    ['Asia/Vladivostok', '2026-01-01', '2025-12-31T14:00:00.000Z', '2026-01-01T13:59:59.999Z'],
    // a day with a DST change: 23 hours long
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.999Z'],
  ])('%s %s runs from %s to %s', (zone, date, start, end) => {
    expect(startOfDay(zone, date).toISOString()).toBe(start);
    expect(endOfDay(zone, date).toISOString()).toBe(end);
    expect(dateIn(zone, new Date(start))).toBe(date);
    expect(dateIn(zone, new Date(end))).toBe(date);
  });

  it('knows real dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-28')).toBe(false);
  });
});
