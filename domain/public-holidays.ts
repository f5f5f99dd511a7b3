// Russia's public holidays from `date-holidays` (Labour Code art. 112), with the two rules it leaves to us:
// a holiday on a day off moves the day off to the next working day (except 1–8 January, which the
// government moves by yearly decree: enter those as date overrides), and the working day before a holiday
// is one hour shorter (art. 95).
import Holidays from 'date-holidays';
import { addDays, type HolidayRules, NO_HOLIDAYS, weekday } from './working-calendar.ts';

export const PUBLIC_HOLIDAY_SETS = ['RU', 'none'] as const;
export type PublicHolidaySet = (typeof PUBLIC_HOLIDAY_SETS)[number];

const DAY_MS = 86_400_000;

interface Year {
  /** Every non-working date, with the holiday's name. */
  off: Map<string, string>;
  /** The statutory holidays themselves (not the days off moved for them). */
  statutory: Set<string>;
}

function russianYear(year: number, week: readonly number[]): Year {
  const statutory = new Map<string, string>();
  const datesByRule = new Map<string, string[]>();
  for (const holiday of new Holidays('RU', { types: ['public'] }).getHolidays(year)) {
    const first = holiday.date.slice(0, 10);
    const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
    for (let i = 0; i < length; i++) statutory.set(addDays(first, i), holiday.name);
    datesByRule.set(holiday.rule, [...(datesByRule.get(holiday.rule) ?? []), first]);
  }
  const off = new Map(statutory);
  const restDay = (date: string) => !week.includes(weekday(date));
  // the library already moved this one (8 March on a Sunday): its rule yields two dates
  const substituted = (date: string) => [...datesByRule.values()].some((dates) => dates.length > 1 && dates.includes(date));
  for (const [date, name] of statutory) {
    if (date.slice(5) <= '01-08' || !restDay(date) || substituted(date)) continue;
    let next = addDays(date, 1);
    for (let i = 0; i < 14 && (restDay(next) || off.has(next)); i++) next = addDays(next, 1);
    off.set(next, name);
  }
  return { off, statutory: new Set(statutory.keys()) };
}

/** The holiday rules of `set` for a company working on `week`'s weekdays; each year computed once. */
export function publicHolidays(set: PublicHolidaySet, week: readonly number[]): HolidayRules {
  if (set === 'none') return NO_HOLIDAYS;
  const years = new Map<number, Year>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    let found = years.get(year);
    if (!found) years.set(year, (found = russianYear(year, week)));
    return found;
  };
  return {
    holiday: (date) => yearOf(date).off.get(date),
    shortened: (date) => {
      const next = addDays(date, 1);
      return yearOf(next).statutory.has(next);
    },
  };
}
