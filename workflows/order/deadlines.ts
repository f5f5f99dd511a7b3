// Deadlines counted in the working calendar (issue 13). The calendar (week, hours, holidays, date overrides) is
// read by the computeDeadlines activity, outside the workflow: the instants it returns are fixed in the history,
// so a replay gets the same ones and a change of the calendar applies to deadlines set after it.
//
// A configured duration of whole days counts in the calendar's days; a shorter one (seconds in tests and
// demos) has no day to count in, so a payment term or a reminder interval of that kind is plain time, while
// SLAs and production days are working time either way.
import type { DeadlineRequest } from '../../activities/index.ts';
import { computeDeadlines } from './activities.ts';
import type { OrderContext } from './context.ts';

const DAY_MS = 86_400_000;

/** A request for the calendar, or an instant already known. */
export type Deadline = DeadlineRequest | { kind: 'plain'; atMs: number };

const iso = (ms: number) => new Date(ms).toISOString();
/** Deadlines count from when the event happened (see OrderContext.eventAt), not from when they are asked for. */
const since = (ctx: OrderContext) => ctx.eventAt ?? Date.now();
const wholeDays = (ms: number) => ms > 0 && ms % DAY_MS === 0;

/** A staff SLA (take in work, qualify, enter delivery data): working time from now. */
export const sla = (ctx: OrderContext, durationMs: number): Deadline => ({ kind: 'working_time', from: iso(since(ctx)), durationMs });

/** A production task of `days` production days: the end of that many working days from now. */
export function production(ctx: OrderContext, days: number): Deadline {
  const dayMs = ctx.input.settings.productionDayMs;
  if (wholeDays(dayMs)) return { kind: 'production_days', from: iso(since(ctx)), days: (days * dayMs) / DAY_MS };
  return { kind: 'working_time', from: iso(since(ctx)), durationMs: days * dayMs };
}

/** A delivery: the end of the ship date's working day. */
export const shipDate = (date: string): Deadline => ({ kind: 'ship_date', date });

/** An invoice's due moment or a refund's deadline: PAYMENT_TERM in calendar or banking days from now. */
export function paymentTerm(ctx: OrderContext): Deadline {
  const termMs = ctx.input.settings.paymentTermMs;
  if (wholeDays(termMs)) return { kind: 'payment_term', from: iso(since(ctx)), days: termMs / DAY_MS };
  return { kind: 'plain', atMs: since(ctx) + termMs };
}

/** A payment reminder: REMINDER_HOUR of the first working day at or after `atMs` when `byDays` counts in days. */
const reminder = (atMs: number, byDays: boolean): Deadline => (byDays ? { kind: 'reminder', from: iso(atMs) } : { kind: 'plain', atMs });

/**
 * The reminder after the due moment: the first one follows the term, later ones PAYMENT_REMINDER_INTERVAL. The
 * due moment is known (ms), or the result of the first request of the same call (`{ of: 0 }`), which a term in
 * days always is: then the reminder counts in days too.
 */
export function reminderAfterTerm(ctx: OrderContext, due: number | { of: number }): Deadline {
  const byDays = wholeDays(ctx.input.settings.paymentTermMs);
  if (typeof due === 'number') return reminder(due, byDays);
  if (!byDays) throw new Error('a term in plain time has no calendar result to count from');
  return { kind: 'reminder', from: due };
}
export function nextReminder(ctx: OrderContext): Deadline {
  const intervalMs = ctx.input.settings.paymentReminderIntervalMs;
  if (!wholeDays(intervalMs)) return reminder(since(ctx) + intervalMs, false);
  // The reminder before fired a moment after REMINDER_HOUR: counted from that moment, the day two days on had
  // passed its hour too, and reminders came every three days. Counted from an hour earlier, they keep the interval.
  return reminder(since(ctx) + intervalMs - REMINDER_SLACK_MS, true);
}

/** How late a reminder's timer may fire and still count as on time for the next one. */
const REMINDER_SLACK_MS = 60 * 60 * 1000;

/**
 * The instants of `wanted`, in its order: the calendar's ones in one activity call (none when all are known).
 * With `tasks`, they are deadlines of tasks about to open, and their warnings and escalations are computed in
 * the same call (escalation.ts takes them from `ctx.escalation.ahead`).
 */
export async function deadlines(ctx: OrderContext, summary: string, wanted: Deadline[], { tasks = false } = {}): Promise<number[]> {
  const requests = wanted.filter((d): d is DeadlineRequest => d.kind !== 'plain');
  const ahead = tasks ? ctx.escalation?.ahead : undefined;
  // each task's warning and escalation count from its deadline: a known instant, or the result of its request
  let calendarIndex = 0;
  const warnings = ahead ? wanted.flatMap((d) => warningRequests(ctx, d.kind === 'plain' ? iso(d.atMs) : { of: calendarIndex++ })) : [];
  const asked = [...requests, ...warnings];
  const more = warnings.length ? ', предупреждения и эскалация' : '';
  const computed = asked.length === 0 ? [] : await computeDeadlines.executeWithOptions({ summary: `${summary}${more} (заказ ${ctx.input.number})` }, [asked]);
  let next = 0;
  const take = () => Date.parse(computed[next++]!);
  const instants = wanted.map((d) => (d.kind === 'plain' ? d.atMs : take()));
  if (ahead) for (const deadline of instants) ahead.set(deadline, warningOf(ctx, take));
  return instants;
}

/** A task's warning (when TASK_WARNING_AT is set) and its escalation, counted from its deadline, as requests. */
export function warningRequests(ctx: OrderContext, deadline: string | { of: number }): DeadlineRequest[] {
  const { warnAtShare, delayMs } = ctx.escalation!;
  return [
    ...(warnAtShare === null ? [] : [{ kind: 'working_share' as const, from: iso(since(ctx)), to: deadline, share: warnAtShare }]),
    { kind: 'working_time' as const, from: deadline, durationMs: delayMs },
  ];
}

/** The instants warningRequests asked for, taken in its order from the call's results. */
export function warningOf(ctx: OrderContext, take: () => number): { warnAt: number | null; escalateAt: number } {
  const warnAt = ctx.escalation!.warnAtShare === null ? null : take();
  return { warnAt, escalateAt: take() };
}
