import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { DateOverride, OverrideType } from '../../domain/working-calendar.ts';
import type { Db } from '../client.ts';
import { calendarOverrides } from '../schema.ts';

const columns = {
  date: calendarOverrides.date,
  type: calendarOverrides.type,
  hoursStart: calendarOverrides.hoursStart,
  hoursEnd: calendarOverrides.hoursEnd,
  comment: calendarOverrides.comment,
};

type Row = { [K in keyof typeof columns]: (typeof calendarOverrides.$inferSelect)[K] };

function toOverride(row: Row): DateOverride {
  const hours = row.hoursStart !== null && row.hoursEnd !== null ? { start: row.hoursStart, end: row.hoursEnd } : undefined;
  return { type: row.type as OverrideType, ...(hours && { hours }), comment: row.comment };
}

/** Raised by the trigger of migration 0015 whenever the overrides change: workers that cache them read again. */
export const CALENDAR_CHANNEL = 'calendar_changed';

// This process's own writes also count at once, before their notification comes back over the wire.
let writes = 0;
/** How many times this process has changed the overrides. */
export const calendarWrites = () => writes;

/** The date overrides from `from` to `to` (inclusive; open-ended without `to`), by date. */
export async function listCalendarOverrides(db: Db, params: { from: string; to?: string }): Promise<Map<string, DateOverride>> {
  const rows = await db
    .select(columns)
    .from(calendarOverrides)
    .where(and(gte(calendarOverrides.date, params.from), params.to ? lte(calendarOverrides.date, params.to) : undefined))
    .orderBy(asc(calendarOverrides.date));
  return new Map(rows.map((row) => [row.date, toOverride(row)]));
}

/** Sets the date's override, replacing any earlier one: a repeated PUT leaves the same row. */
export async function putCalendarOverride(db: Db, date: string, override: DateOverride, updatedBy: string | null): Promise<void> {
  const values = {
    type: override.type,
    hoursStart: override.hours?.start ?? null,
    hoursEnd: override.hours?.end ?? null,
    comment: override.comment ?? null,
    updatedBy,
    updatedAt: new Date(),
  };
  await db.insert(calendarOverrides).values({ date, ...values }).onConflictDoUpdate({ target: calendarOverrides.date, set: values });
  writes++;
}

/** Removes the date's override; false when there was none. */
export async function deleteCalendarOverride(db: Db, date: string): Promise<boolean> {
  const deleted = await db.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning({ date: calendarOverrides.date });
  writes++;
  return deleted.length > 0;
}
