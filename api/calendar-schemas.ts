// Request and response shapes of the working calendar's routes (/api/v1/calendar/days).
import { z } from 'zod';
import { DAY_SOURCES, DAY_TYPES, OVERRIDE_TYPES } from '../domain/working-calendar.ts';
import { parseHours } from '../domain/working-week.ts';
import { calendarDate } from './schemas.ts';

/** The longest range one GET answers: a year and a day, so any whole year fits. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

const hours = z.string().refine((text) => parseHours(text) !== undefined, { message: 'hours such as 09:00-17:00, start before end, at most 24:00' });

export const calendarRangeQuery = z
  .strictObject({ from: calendarDate, to: calendarDate })
  .superRefine(({ from, to }, ctx) => {
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days after from` });
  });

export const calendarDateParam = z.object({ date: calendarDate });

export const putCalendarDayBody = z
  .strictObject({
    type: z.enum(OVERRIDE_TYPES),
    hours: hours.optional(),
    comment: z.string().trim().max(500).nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'short_day' && body.hours === undefined) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'required for a short_day' });
    if (body.type === 'day_off' && body.hours !== undefined) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'a day_off has no hours' });
  });

export const calendarDay = z.object({
  date: z.string(),
  type: z.enum(DAY_TYPES),
  /** Working hours such as `09:00-18:00`; null on a day off. */
  hours: z.string().nullable(),
  /** Why the day is what it is: the usual week, a weekend, a public holiday, or a date override. */
  source: z.enum(DAY_SOURCES),
  /** The override's comment or the holiday's name. */
  comment: z.string().nullable(),
});

export const calendarDays = z.object({ items: z.array(calendarDay) });
