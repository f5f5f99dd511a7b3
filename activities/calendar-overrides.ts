// The date overrides as computeDeadlines reads them: kept per process, read again when they change. Every
// order asks for deadlines several times (nine calls per order in the benchmark), and the overrides change a
// few times a year. A change reaches this cache three ways: this process's own writes at once; another
// process's by the trigger's notification (migration 0015), a few milliseconds later; and should the listening
// connection drop, by reading again after it reconnects and in any case after MAX_AGE_MS.
import type { Db } from '../db/client.ts';
import { CALENDAR_CHANNEL, calendarWrites, listCalendarOverrides } from '../db/queries/calendar.ts';
import { addDays, type DateOverride } from '../domain/working-calendar.ts';

const MAX_AGE_MS = 60_000;
/** Read this far before the date first asked for, so the requests of events a little older are served too. */
const MARGIN_DAYS = 31;

interface Cached {
  from: string;
  readAt: number;
  /** The changes known when it was read: this process's writes plus the notifications of others. */
  version: number;
  overrides: Map<string, DateOverride>;
}

export function createOverrideCache(db: Db) {
  let cached: Cached | undefined;
  let listening: Promise<unknown> | undefined;
  let notified = 0;
  const forget = () => {
    notified++;
  };
  const version = () => calendarWrites() + notified;
  const fresh = (c: Cached | undefined, from: string): c is Cached =>
    c !== undefined && c.from <= from && c.version === version() && Date.now() - c.readAt < MAX_AGE_MS;

  /** The overrides from `from` on (and perhaps some before it, which no deadline after `from` reads). */
  return async function overridesFrom(from: string): Promise<Map<string, DateOverride>> {
    // listening before the first read, so no change between the read and the LISTEN goes unnoticed
    listening ??= db.$client.listen(CALENDAR_CHANNEL, forget, forget).catch(() => {
      listening = undefined;
    });
    await listening;
    if (fresh(cached, from)) return cached.overrides;
    const start = addDays(from, -MARGIN_DAYS);
    const readAt = Date.now();
    const before = version();
    const overrides = await listCalendarOverrides(db, { from: start });
    // a change noticed while reading wins: the next call reads again
    cached = { from: start, readAt, version: before, overrides };
    return overrides;
  };
}
