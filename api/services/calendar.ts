// The working calendar's days as the API shows them, and the date overrides admin and management set on them
// (docs/api.md#the-working-calendar).
import { deleteCalendarOverride, listCalendarOverrides, putCalendarOverride } from '../../db/queries/calendar.ts';
import { companyCalendar } from '../../domain/company-calendar.ts';
import { datesBetween, dayOf, type DateOverride, type Day } from '../../domain/working-calendar.ts';
import { formatHours, parseHours } from '../../domain/working-week.ts';
import { notFound } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';

const view = (day: Day) => ({ ...day, hours: day.hours && formatHours(day.hours) });

/** Each date from `from` to `to`, both included, as the calendar and its overrides make it. */
export async function daysBetween({ db, config }: Pick<ServiceDeps, 'db' | 'config'>, from: string, to: string) {
  const calendar = companyCalendar({ timezone: config.timezone, ...config.calendar }, await listCalendarOverrides(db, { from, to }));
  return datesBetween(from, to).map((date) => view(dayOf(calendar, date)));
}

export interface OverrideInput {
  type: DateOverride['type'];
  hours?: string;
  comment?: string | null;
}

/** Sets the date's override and answers the day as it now is. */
export async function overrideDay(deps: Pick<ServiceDeps, 'db' | 'config'>, date: string, input: OverrideInput, byId: string | null) {
  const override: DateOverride = { type: input.type, hours: input.hours === undefined ? undefined : parseHours(input.hours), comment: input.comment || null };
  await putCalendarOverride(deps.db, date, override, byId);
  const [day] = await daysBetween(deps, date, date);
  return day!;
}

/** Removes the date's override (404 when it had none) and answers the day as it now is. */
export async function removeDayOverride(deps: Pick<ServiceDeps, 'db' | 'config'>, date: string) {
  if (!(await deleteCalendarOverride(deps.db, date))) throw notFound(`An override of ${date}`);
  const [day] = await daysBetween(deps, date, date);
  return day!;
}
