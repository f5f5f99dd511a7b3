// The company's working calendar from its settings (WORKING_DAYS, WORKING_HOURS, PUBLIC_HOLIDAYS) and the
// date overrides kept in the database: what the calendar API shows and the deadline activity counts in.
import { publicHolidays, type PublicHolidaySet } from './public-holidays.ts';
import type { DateOverride, HolidayRules, WorkingCalendar } from './working-calendar.ts';
import type { Hours } from './working-week.ts';

export interface CalendarSettings {
  timezone: string;
  workingDays: readonly number[];
  workingHours: Hours;
  publicHolidays: PublicHolidaySet;
}

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

// computing a year of holidays costs a few milliseconds; the rules never change while the process runs
const rulesCache = new Map<string, HolidayRules>();
function holidaysFor(set: PublicHolidaySet, week: readonly number[]): HolidayRules {
  const key = `${set}:${week.join(',')}`;
  let rules = rulesCache.get(key);
  if (!rules) rulesCache.set(key, (rules = publicHolidays(set, week)));
  return rules;
}

export function companyCalendar(settings: CalendarSettings, overrides: ReadonlyMap<string, DateOverride>): WorkingCalendar {
  return {
    timezone: settings.timezone,
    week: settings.workingDays,
    hours: settings.workingHours,
    holidays: holidaysFor(settings.publicHolidays, settings.workingDays),
    overrides,
  };
}

/**
 * Banks work Monday to Friday whatever the factory's week, with the same public holidays; the date overrides
 * apply too, since the government's moved weekends are entered as overrides.
 */
export function bankingCalendar(settings: CalendarSettings, overrides: ReadonlyMap<string, DateOverride>): WorkingCalendar {
  return companyCalendar({ ...settings, workingDays: MONDAY_TO_FRIDAY }, overrides);
}
