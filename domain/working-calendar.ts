// Working time in the business time zone: which days are worked and when, and deadlines counted in it.
// Pure: the calendar's rules (week, hours, holidays, date overrides) come in, instants go out.
import { dateIn, endOfDay, offsetMs } from './calendar.ts';
import type { Hours } from './working-week.ts';

export const DAY_TYPES = ['working_day', 'short_day', 'day_off'] as const;
export type DayType = (typeof DAY_TYPES)[number];
export const OVERRIDE_TYPES = ['day_off', 'working_day', 'short_day'] as const;
export type OverrideType = (typeof OVERRIDE_TYPES)[number];
export const DAY_SOURCES = ['schedule', 'weekend', 'holiday', 'override'] as const;
export type DaySource = (typeof DAY_SOURCES)[number];

/** A date the company set by hand: a day off, a working Saturday of a moved weekend, a shortened day. */
export interface DateOverride {
  type: OverrideType;
  /** Required for `short_day`; a `working_day` without hours works the usual ones. */
  hours?: Hours;
  comment?: string | null;
}

/** What is known about public holidays, by date (`YYYY-MM-DD`). */
export interface HolidayRules {
  /** The holiday's name when the date is a non-working public holiday (or a day off moved for one). */
  holiday(date: string): string | undefined;
  /** True for the working day before a public holiday, one hour shorter by law. */
  shortened(date: string): boolean;
}

export const NO_HOLIDAYS: HolidayRules = { holiday: () => undefined, shortened: () => false };

export interface WorkingCalendar {
  timezone: string;
  /** Weekday numbers worked (0 = Sunday). */
  week: readonly number[];
  hours: Hours;
  holidays: HolidayRules;
  overrides: ReadonlyMap<string, DateOverride>;
}

export interface Day {
  date: string;
  type: DayType;
  /** Working hours of the day; null on a day off. */
  hours: Hours | null;
  source: DaySource;
  /** The override's comment or the holiday's name. */
  comment: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Ten years without a working day means the calendar is wrong, not that the deadline is far. */
const SEARCH_LIMIT_DAYS = 3660;

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The weekday of `date`, 0 = Sunday. */
export const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The instant of local wall time `minutes` after midnight of `date` (1440 is the next midnight). */
export function wallTime(timezone: string, date: string, minutes: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d, 0, minutes);
  // the offset at the guess, then at the corrected guess: right on both sides of a DST change
  const guess = local - offsetMs(timezone, new Date(local));
  return new Date(local - offsetMs(timezone, new Date(guess)));
}

/** The type, hours and reason of one date. Overrides win over holidays, holidays over the week. */
export function dayOf(calendar: WorkingCalendar, date: string): Day {
  const override = calendar.overrides.get(date);
  if (override) {
    const comment = override.comment ?? null;
    if (override.type === 'day_off') return { date, type: 'day_off', hours: null, source: 'override', comment };
    return { date, type: override.type, hours: override.hours ?? calendar.hours, source: 'override', comment };
  }
  const holiday = calendar.holidays.holiday(date);
  if (holiday) return { date, type: 'day_off', hours: null, source: 'holiday', comment: holiday };
  if (!calendar.week.includes(weekday(date))) return { date, type: 'day_off', hours: null, source: 'weekend', comment: null };
  if (calendar.holidays.shortened(date) && calendar.hours.end - calendar.hours.start > 60) {
    return { date, type: 'short_day', hours: { ...calendar.hours, end: calendar.hours.end - 60 }, source: 'holiday', comment: null };
  }
  return { date, type: 'working_day', hours: calendar.hours, source: 'schedule', comment: null };
}

/** Working hours of `date` as instants; undefined on a day off. */
function interval(calendar: WorkingCalendar, date: string): { start: Date; end: Date } | undefined {
  const { hours } = dayOf(calendar, date);
  if (!hours) return undefined;
  return { start: wallTime(calendar.timezone, date, hours.start), end: wallTime(calendar.timezone, date, hours.end) };
}

/** Working days from `date` on (inclusive), with their hours as instants. */
function* workingDays(calendar: WorkingCalendar, date: string) {
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    const day = addDays(date, i);
    const hours = interval(calendar, day);
    if (hours) yield { date: day, ...hours };
  }
  throw new Error(`No working day within ${SEARCH_LIMIT_DAYS} days of ${date}: check WORKING_DAYS and the date overrides`);
}

/**
 * `ms` of working time after `from`. A whole day in `ms` (an SLA of `1d`) is one usual working day's hours, so
 * Monday 11:00 + 1d is Tuesday 11:00, and with every hour worked a day is exactly 24 hours.
 */
export function addWorkingTime(calendar: WorkingCalendar, from: Date, ms: number): Date {
  const days = Math.floor(ms / DAY_MS);
  let remaining = days * (calendar.hours.end - calendar.hours.start) * MINUTE_MS + (ms - days * DAY_MS);
  if (remaining <= 0) return from;
  let at = from.getTime();
  for (const day of workingDays(calendar, dateIn(calendar.timezone, from))) {
    const start = Math.max(at, day.start.getTime());
    const end = day.end.getTime();
    if (end <= start) continue;
    if (start + remaining <= end) return new Date(start + remaining);
    remaining -= end - start;
    at = end;
  }
  throw new Error('unreachable: workingDays ends by throwing');
}

/** The date of the `days`-th working day after the date of `from`; with 0, the working day in progress or the next. */
export function workingDayAfter(calendar: WorkingCalendar, from: Date, days: number): string {
  const today = dateIn(calendar.timezone, from);
  if (days === 0) {
    for (const day of workingDays(calendar, today)) if (day.end > from) return day.date;
  }
  let count = 0;
  for (const day of workingDays(calendar, addDays(today, 1))) if (++count === days) return day.date;
  throw new Error('unreachable: workingDays ends by throwing');
}

/**
 * The end of `date`'s working hours. A date that is not worked, or worked until midnight, ends at the day's last
 * millisecond, as a ship date did before the calendar: the client chose the date, so the date itself still counts.
 */
export function endOfWorkingDay(calendar: WorkingCalendar, date: string): Date {
  const midnight = endOfDay(calendar.timezone, date);
  const end = interval(calendar, date)?.end;
  return end && end < midnight ? end : midnight;
}

/** Production: the end of the `days`-th working day after `from`'s date (0: of the working day in progress). */
export function addWorkingDays(calendar: WorkingCalendar, from: Date, days: number): Date {
  return endOfWorkingDay(calendar, workingDayAfter(calendar, from, days));
}

/** A payment term: the end of the day `days` calendar days after `from`'s date. */
export function addCalendarDays(timezone: string, from: Date, days: number): Date {
  return endOfDay(timezone, addDays(dateIn(timezone, from), days));
}

/** A payment term in banking days: the end of the `days`-th banking day after `from`'s date. */
export function addBankingDays(banking: WorkingCalendar, from: Date, days: number): Date {
  return endOfDay(banking.timezone, workingDayAfter(banking, from, days));
}

/** The first moment at or after `from` that is `minutes` past midnight of a working day. */
export function nextWorkingMoment(calendar: WorkingCalendar, from: Date, minutes: number): Date {
  for (const day of workingDays(calendar, dateIn(calendar.timezone, from))) {
    const at = wallTime(calendar.timezone, day.date, minutes);
    if (at >= from) return at;
  }
  throw new Error('unreachable: workingDays ends by throwing');
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  // counted, not compared as text: past year 9999 an ISO date gains a sign and sorts before every other
  const count = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
}
