import { describe, expect, it } from 'vitest';
import { endOfDay } from '../../domain/calendar.ts';
import { parseDuration } from '../../domain/duration.ts';
import { companyCalendar } from '../../domain/company-calendar.ts';
import type { PublicHolidaySet } from '../../domain/public-holidays.ts';
import {
  addBankingDays,
  addCalendarDays,
  addWorkingDays,
  addWorkingTime,
  dayOf,
  endOfWorkingDay,
  nextWorkingMoment,
  type DateOverride,
  type WorkingCalendar,
} from '../../domain/working-calendar.ts';
import { formatHours, parseHours, parseWorkingDays } from '../../domain/working-week.ts';

function calendar(
  options: { zone?: string; days?: string; hours?: string; holidays?: PublicHolidaySet; overrides?: Record<string, DateOverride> } = {},
): WorkingCalendar {
  const settings = {
    timezone: options.zone ?? 'Europe/Moscow',
    workingDays: parseWorkingDays(options.days ?? 'mon-fri')!,
    workingHours: parseHours(options.hours ?? '09:00-18:00')!,
    publicHolidays: options.holidays ?? 'RU',
  };
  return companyCalendar(settings, new Map(Object.entries(options.overrides ?? {})));
}

const msk = (local: string) => new Date(`${local}:00+03:00`);
const iso = (date: Date) => date.toISOString();
const factory = calendar();

describe('staff SLAs count working time (Moscow, Mon–Fri 09:00–18:00, Russian holidays)', () => {
  it.each([
    ['take in work, Friday 17:30', '2026-11-27T17:30', '2h', '2026-11-30T10:30'],
    ['take in work, Wednesday morning', '2026-11-25T10:00', '2h', '2026-11-25T12:00'],
    ['take in work, before the day starts', '2026-11-25T07:00', '2h', '2026-11-25T11:00'],
    ['take in work, Saturday', '2026-11-28T12:00', '2h', '2026-11-30T11:00'],
    ['take in work, exactly filling the day', '2026-11-25T16:00', '2h', '2026-11-25T18:00'],
    ['take in work, 23 February (a Monday) ahead', '2026-02-20T17:00', '2h', '2026-02-24T10:00'],
    ['take in work, 8 March on a Sunday moves to Monday 9th', '2026-03-06T17:00', '2h', '2026-03-10T10:00'],
    ['take in work, short 30 April, then 1–3 May', '2026-04-30T16:00', '2h', '2026-05-04T10:00'],
    ['take in work, 9 May on a Saturday moves the day off to Monday 11th', '2026-05-08T16:00', '2h', '2026-05-12T10:00'],
    ['take in work, short 11 June, then 12 June', '2026-06-11T16:30', '2h', '2026-06-15T10:30'],
    ['take in work, short 3 November, then 4 November', '2026-11-03T16:30', '2h', '2026-11-05T10:30'],
    ['take in work, New Year holidays across the year end', '2026-12-31T16:00', '2h', '2027-01-11T10:00'],
    ['qualify, Monday', '2026-11-23T11:00', '1d', '2026-11-24T11:00'],
    ['qualify, Friday', '2026-11-27T11:00', '1d', '2026-11-30T11:00'],
    ['qualify, created on a Sunday: all of Monday', '2026-11-29T20:00', '1d', '2026-11-30T18:00'],
    ['qualify, from a short 31 December: a full day of hours', '2026-12-31T11:00', '1d', '2027-01-11T12:00'],
    ['qualify, late in a short day', '2026-12-31T16:30', '1d', '2027-01-11T17:30'],
    ['enter delivery data, Thursday evening', '2026-11-26T17:59', '1d', '2026-11-27T17:59'],
    ['a day and a half', '2026-11-27T13:00', '30h', '2026-12-01T10:00'],
  ])('%s: %s + %s → %s', (_name, from, sla, due) => {
    expect(iso(addWorkingTime(factory, msk(from), parseDuration(sla)!))).toBe(iso(msk(due)));
  });
});

describe('the days of the Russian calendar', () => {
  it.each<[string, string, string | null, string]>([
    ...['01-01', '01-02', '01-05', '01-07', '01-08', '02-23', '03-08', '03-09', '05-01', '05-09', '05-11', '06-12', '11-04'].map(
      (day): [string, string, null, string] => [`2026-${day}`, 'day_off', null, 'holiday'],
    ),
    ['2027-05-10', 'day_off', null, 'holiday'], // 9 May 2027 is a Sunday
    ['2027-01-04', 'day_off', null, 'holiday'],
    ['2026-04-30', 'short_day', '09:00-17:00', 'holiday'],
    ['2026-05-08', 'short_day', '09:00-17:00', 'holiday'],
    ['2026-11-03', 'short_day', '09:00-17:00', 'holiday'],
    ['2026-12-31', 'short_day', '09:00-17:00', 'holiday'],
    ['2026-02-20', 'working_day', '09:00-18:00', 'schedule'], // the day before is a Saturday: nothing shortened
    ['2026-01-09', 'working_day', '09:00-18:00', 'schedule'], // moved by decree only: an override's job
    ['2026-11-28', 'day_off', null, 'weekend'],
  ])('%s is %s %s (%s)', (date, type, hours, source) => {
    const day = dayOf(factory, date);
    expect({ type: day.type, hours: day.hours && formatHours(day.hours), source: day.source }).toEqual({ type, hours, source });
  });

  it('names the holiday', () => {
    expect(dayOf(factory, '2026-06-12').comment).toBe('День России');
  });

  it('lets a date override win: a moved working Saturday, a day off, a short day', () => {
    const moved = calendar({
      overrides: {
        '2026-11-28': { type: 'working_day', comment: 'перенос' },
        '2026-11-30': { type: 'day_off' },
        '2026-12-01': { type: 'short_day', hours: parseHours('09:00-13:00') },
        '2026-01-09': { type: 'day_off', comment: 'перенос с 3 января' },
      },
    });
    expect(dayOf(moved, '2026-11-28')).toMatchObject({ type: 'working_day', source: 'override', comment: 'перенос' });
    expect(iso(addWorkingTime(moved, msk('2026-11-27T17:30'), parseDuration('2h')!))).toBe(iso(msk('2026-11-28T10:30')));
    expect(iso(addWorkingTime(moved, msk('2026-11-28T17:00'), parseDuration('2h')!))).toBe(iso(msk('2026-12-01T10:00')));
    expect(iso(addWorkingTime(moved, msk('2026-12-01T12:00'), parseDuration('2h')!))).toBe(iso(msk('2026-12-02T10:00')));
    expect(iso(addWorkingTime(moved, msk('2026-01-08T12:00'), parseDuration('2h')!))).toBe(iso(msk('2026-01-12T11:00')));
  });
});

describe('production days, ship dates, payment terms and reminders', () => {
  it.each([
    ['2026-11-27T10:00', 2, '2026-12-01T18:00'],
    ['2026-11-27T10:00', 0, '2026-11-27T18:00'],
    ['2026-11-27T19:00', 0, '2026-11-30T18:00'],
    ['2026-11-28T10:00', 1, '2026-11-30T18:00'],
    ['2026-12-30T10:00', 1, '2026-12-31T17:00'],
    ['2026-12-30T10:00', 2, '2027-01-11T18:00'],
  ])('production from %s, %i working days → %s', (from, days, due) => {
    expect(iso(addWorkingDays(factory, msk(from), days))).toBe(iso(msk(due)));
  });

  it.each([
    ['2026-11-30', '2026-11-30T15:00:00.000Z'],
    ['2026-11-03', '2026-11-03T14:00:00.000Z'], // a short day
    ['2026-11-28', '2026-11-28T20:59:59.999Z'], // a Saturday the client chose: its midnight
  ])('a ship date %s ends at %s', (date, end) => {
    expect(iso(endOfWorkingDay(factory, date))).toBe(end);
  });

  it.each([
    ['calendar', '2026-11-27T10:00', 3, '2026-11-30T20:59:59.999Z'],
    ['calendar', '2026-12-30T10:00', 3, '2027-01-02T20:59:59.999Z'],
    ['banking', '2026-11-27T10:00', 3, '2026-12-02T20:59:59.999Z'],
    ['banking', '2026-04-30T10:00', 3, '2026-05-06T20:59:59.999Z'],
    ['banking', '2026-12-29T10:00', 3, '2027-01-11T20:59:59.999Z'],
  ])('%s payment term from %s, %i days → %s', (mode, from, days, due) => {
    const at = mode === 'calendar' ? addCalendarDays('Europe/Moscow', msk(from), days) : addBankingDays(factory, msk(from), days);
    expect(iso(at)).toBe(due);
  });

  it.each([
    ['2026-11-28T12:00', '2026-11-30T10:00'],
    ['2026-11-30T09:00', '2026-11-30T10:00'],
    ['2026-11-30T10:00', '2026-11-30T10:00'],
    ['2026-11-30T11:00', '2026-12-01T10:00'],
    ['2026-12-31T11:00', '2027-01-11T10:00'],
  ])('a reminder due %s goes out at %s', (from, at) => {
    expect(iso(nextWorkingMoment(factory, msk(from), 10 * 60))).toBe(iso(msk(at)));
  });
});

describe('every day, all day, no holidays: working time is calendar time', () => {
  const always = calendar({ days: 'mon-sun', hours: '00:00-24:00', holidays: 'none' });

  it.each(['2h', '15m', '1d', '3d', '30h', '10h'])('adds %s exactly', (duration) => {
    const from = new Date('2026-12-31T19:45:00Z');
    expect(addWorkingTime(always, from, parseDuration(duration)!).getTime()).toBe(from.getTime() + parseDuration(duration)!);
  });

  it('ends a ship date or a production day at the last millisecond of the date, as before the calendar', () => {
    expect(iso(endOfWorkingDay(always, '2026-11-28'))).toBe(iso(endOfDay('Europe/Moscow', '2026-11-28')));
    expect(iso(addWorkingDays(always, msk('2026-11-27T10:00'), 1))).toBe('2026-11-28T20:59:59.999Z');
  });

  it('still honours a date override', () => {
    const closed = calendar({ days: 'mon-sun', hours: '00:00-24:00', holidays: 'none', overrides: { '2027-01-01': { type: 'day_off' } } });
    expect(iso(addWorkingTime(closed, msk('2026-12-31T23:00'), parseDuration('2h')!))).toBe(iso(msk('2027-01-02T01:00')));
  });
});

describe('a zone with daylight saving time (Berlin)', () => {
  const berlin = calendar({ zone: 'Europe/Berlin', holidays: 'none' });

  it('keeps working hours in local time across the change', () => {
    // Friday 17:00 CET, one hour that day, one on Monday 09:00 CEST
    expect(iso(addWorkingTime(berlin, new Date('2026-03-27T16:00:00Z'), parseDuration('2h')!))).toBe('2026-03-30T08:00:00.000Z');
    expect(iso(endOfWorkingDay(berlin, '2026-10-26'))).toBe('2026-10-26T17:00:00.000Z');
    expect(iso(endOfWorkingDay(berlin, '2026-10-23'))).toBe('2026-10-23T16:00:00.000Z');
  });

  it('counts the real hours of a 23-hour day when every hour is worked', () => {
    const always = calendar({ zone: 'Europe/Berlin', days: 'mon-sun', hours: '00:00-24:00', holidays: 'none' });
    expect(iso(addWorkingTime(always, new Date('2026-03-29T00:30:00Z'), parseDuration('2h')!))).toBe('2026-03-29T02:30:00.000Z');
    // a day is 24 real hours, as it was before the calendar: 12:00 CET becomes 13:00 CEST
    expect(iso(addWorkingTime(always, new Date('2026-03-28T11:00:00Z'), parseDuration('1d')!))).toBe('2026-03-29T11:00:00.000Z');
    expect(iso(addWorkingTime(always, new Date('2026-10-24T10:00:00Z'), parseDuration('2d')!))).toBe('2026-10-26T10:00:00.000Z');
  });
});

describe('writing the week and the hours', () => {
  it.each([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['mon-sat', [1, 2, 3, 4, 5, 6]],
    ['mon-sun', [0, 1, 2, 3, 4, 5, 6]],
    ['Mon,Wed,fri', [1, 3, 5]],
    ['fri-mon', [0, 1, 5, 6]],
    ['mon-', undefined],
    ['weekdays', undefined],
    ['', undefined],
  ])('%s', (text, days) => expect(parseWorkingDays(text)).toEqual(days));

  it.each([
    ['09:00-18:00', { start: 540, end: 1080 }],
    ['00:00-24:00', { start: 0, end: 1440 }],
    ['18:00-09:00', undefined],
    ['09:00-24:30', undefined],
    ['9:00-18:00', undefined],
    ['09:60-18:00', undefined],
  ])('%s', (text, hours) => expect(parseHours(text)).toEqual(hours));
});
