import { describe, expect, it } from 'vitest';
import { companyCalendar } from '../../domain/company-calendar.ts';
import { workingShare } from '../../domain/working-share.ts';
import { parseHours, parseWorkingDays } from '../../domain/working-week.ts';

const calendar = (days: string, hours: string) =>
  companyCalendar({ timezone: 'Europe/Moscow', workingDays: parseWorkingDays(days)!, workingHours: parseHours(hours)!, publicHolidays: 'RU' }, new Map());
const factory = calendar('mon-fri', '09:00-18:00');
const always = companyCalendar({ timezone: 'Europe/Moscow', workingDays: parseWorkingDays('mon-sun')!, workingHours: parseHours('00:00-24:00')!, publicHolidays: 'none' }, new Map());
const msk = (local: string) => new Date(`${local}:00+03:00`);

describe('the moment a share of a task’s working time is gone', () => {
  it.each([
    ['80% of two hours on a Wednesday', factory, '2026-11-25T10:00', '2026-11-25T12:00', 0.8, '2026-11-25T11:36'],
    ['80% across a weekend: Friday 17:00 to Monday 11:00 is 3h of work', factory, '2026-11-27T17:00', '2026-11-30T11:00', 0.8, '2026-11-30T10:24'],
    ['half of a two-day span lands at the end of the first day', factory, '2026-11-25T09:00', '2026-11-26T18:00', 0.5, '2026-11-25T18:00'],
    ['across the New Year holidays: only 11 and 12 January are worked', factory, '2027-01-04T09:00', '2027-01-12T18:00', 0.5, '2027-01-11T18:00'],
    ['always working: plain time', always, '2026-11-28T00:00', '2026-11-28T10:00', 0.8, '2026-11-28T08:00'],
    ['no working time in between: calendar time', factory, '2026-11-28T10:00', '2026-11-28T20:00', 0.5, '2026-11-28T15:00'],
    ['a deadline already past: the deadline', factory, '2026-11-25T12:00', '2026-11-25T10:00', 0.8, '2026-11-25T10:00'],
  ])('%s', (_what, cal, from, to, share, expected) => {
    expect(workingShare(cal, msk(from), msk(to), share).toISOString()).toBe(msk(expected).toISOString());
  });
});
