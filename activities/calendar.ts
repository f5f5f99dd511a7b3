// Deadlines counted in the working calendar. The calendar (settings and date overrides) is read here, outside
// the workflow: the instants returned are fixed in its history, so a replay gets the same ones and a change of
// the calendar applies to deadlines set after it. The overrides are cached per process (calendar-overrides.ts).
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { dateIn, isCalendarDate } from '../domain/calendar.ts';
import { createOverrideCache } from './calendar-overrides.ts';
import { bankingCalendar, companyCalendar } from '../domain/company-calendar.ts';
import {
  addBankingDays,
  addCalendarDays,
  addDays,
  addWorkingDays,
  addWorkingTime,
  endOfWorkingDay,
  nextWorkingMoment,
  type WorkingCalendar,
} from '../domain/working-calendar.ts';
import { workingShare } from '../domain/working-share.ts';

const instant = z.iso.datetime({ offset: true });
const count = z.number().int().min(0).max(3650);
/** An instant, or the result of an earlier request of the same call (`{ of: its index }`): a task's deadline and its warning in one call. */
const moment = z.union([instant, z.strictObject({ of: z.number().int().min(0) })]);

/** One deadline to compute; `from` is an ISO instant, usually the workflow's `Date.now()`. */
const deadlineRequest = z.discriminatedUnion('kind', [
  /** A staff SLA (SLA_TAKE_IN_WORK, SLA_QUALIFY, ...): `durationMs` of working time; a whole day is a working day's hours. */
  z.strictObject({ kind: z.literal('working_time'), from: moment, durationMs: z.number().int().min(0) }),
  /** Production: the end of the `days`-th working day after `from`'s date (0: of the working day in progress). */
  z.strictObject({ kind: z.literal('production_days'), from: instant, days: count }),
  /** A ship date's deadline: the end of that day's working hours (its midnight if it is not worked). */
  z.strictObject({ kind: z.literal('ship_date'), date: z.string().refine(isCalendarDate, 'a date such as 2026-11-27') }),
  /** An invoice's due moment: the end of the `days`-th calendar or banking day (PAYMENT_TERM_DAYS) after `from`'s date. */
  z.strictObject({ kind: z.literal('payment_term'), from: instant, days: count }),
  /** A reminder: the first moment at or after `from` that is REMINDER_HOUR of a working day. */
  z.strictObject({ kind: z.literal('reminder'), from: moment }),
  /** A warning before a task's deadline: when `share` of the working time from `from` to `to` is gone. */
  z.strictObject({ kind: z.literal('working_share'), from: instant, to: moment, share: z.number().min(0).max(1) }),
]);

export type DeadlineRequest = z.infer<typeof deadlineRequest>;
type Moment = z.infer<typeof moment>;

/** The instants a request counts from or to. */
const momentsOf = (r: DeadlineRequest): Moment[] => (r.kind === 'ship_date' ? [] : r.kind === 'working_share' ? [r.from, r.to] : [r.from]);

/** The first date any request counts from, so overrides before it need not be read (a result counts from its request's). */
function firstDate(timezone: string, requests: DeadlineRequest[]): string {
  const dates = requests.flatMap((r) => (r.kind === 'ship_date' ? [r.date] : typeof r.from === 'string' ? [dateIn(timezone, new Date(r.from))] : []));
  return addDays(dates.sort()[0]!, -1);
}

/** A request that names a result must name one computed before it. */
const refersBack = (requests: DeadlineRequest[]) => requests.every((r, index) => momentsOf(r).every((m) => typeof m === 'string' || m.of < index));

export function createCalendarActivities({ db, config }: { db: Db; config: Config }) {
  const settings = { timezone: config.timezone, ...config.calendar };
  const { paymentTermDays, reminderHour } = config.calendar;
  const overridesFrom = createOverrideCache(db);

  function compute(request: DeadlineRequest, working: WorkingCalendar, banking: WorkingCalendar, earlier: Date[]): Date {
    const at = (m: Moment) => (typeof m === 'string' ? new Date(m) : earlier[m.of]!);
    switch (request.kind) {
      case 'working_time':
        return addWorkingTime(working, at(request.from), request.durationMs);
      case 'production_days':
        return addWorkingDays(working, new Date(request.from), request.days);
      case 'ship_date':
        return endOfWorkingDay(working, request.date);
      case 'payment_term':
        return paymentTermDays === 'banking'
          ? addBankingDays(banking, new Date(request.from), request.days)
          : addCalendarDays(working.timezone, new Date(request.from), request.days);
      case 'reminder':
        return nextWorkingMoment(working, at(request.from), reminderHour * 60);
      case 'working_share':
        return workingShare(working, new Date(request.from), at(request.to), request.share);
    }
  }

  return {
    /** The deadline of each request, as ISO instants in the same order. */
    async computeDeadlines(requests: DeadlineRequest[]): Promise<string[]> {
      const parsed = z.array(deadlineRequest).safeParse(requests);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid deadline requests: ${z.prettifyError(parsed.error)}`, 'InvalidDeadlineRequest');
      if (!refersBack(parsed.data)) throw ApplicationFailure.nonRetryable('invalid deadline requests: { of } must name an earlier request', 'InvalidDeadlineRequest');
      if (parsed.data.length === 0) return [];
      const overrides = await overridesFrom(firstDate(config.timezone, parsed.data));
      const working = companyCalendar(settings, overrides);
      const banking = bankingCalendar(settings, overrides);
      const results: Date[] = [];
      for (const request of parsed.data) results.push(compute(request, working, banking, results));
      return results.map((at) => at.toISOString());
    },
  };
}
