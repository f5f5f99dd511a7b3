// The moment a given share of a task's working time is gone (issue 13, warnings before a deadline): 80% of a
// task created Friday 17:00 and due Monday 11:00 is Monday 09:24, not Sunday night. Pure.
import { dateIn } from './calendar.ts';
import { addDays, dayOf, wallTime, type WorkingCalendar } from './working-calendar.ts';

/** Working intervals between `from` and `to`, clipped to them. */
function spans(calendar: WorkingCalendar, from: Date, to: Date): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const last = dateIn(calendar.timezone, to);
  for (let date = dateIn(calendar.timezone, from); date <= last; date = addDays(date, 1)) {
    const { hours } = dayOf(calendar, date);
    if (!hours) continue;
    const start = Math.max(from.getTime(), wallTime(calendar.timezone, date, hours.start).getTime());
    const end = Math.min(to.getTime(), wallTime(calendar.timezone, date, hours.end).getTime());
    if (end > start) out.push({ start, end });
  }
  return out;
}

/**
 * The instant when `share` (0 to 1) of the working time between `from` and `to` has passed. With no working time
 * in between (a deadline set inside a day off), the same share of the calendar time.
 */
export function workingShare(calendar: WorkingCalendar, from: Date, to: Date, share: number): Date {
  if (to <= from) return to;
  const worked = spans(calendar, from, to);
  const total = worked.reduce((sum, span) => sum + (span.end - span.start), 0);
  if (total === 0) return new Date(from.getTime() + Math.round((to.getTime() - from.getTime()) * share));
  let remaining = Math.round(total * share);
  for (const span of worked) {
    if (remaining <= span.end - span.start) return new Date(span.start + remaining);
    remaining -= span.end - span.start;
  }
  return to;
}
