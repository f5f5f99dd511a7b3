import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { rateLimits } from '../schema.ts';

export interface RateWindow {
  count: number;
  /** Milliseconds left in the window. */
  ttlMs: number;
}

/**
 * Counts one more hit on `key` in its current window (a new window once the last one has passed) and
 * answers the count; atomic, so API processes counting the same key at once each get their own number.
 */
export async function incrementRateLimit(db: Db, key: string, windowMs: number): Promise<RateWindow> {
  const expired = sql`${rateLimits.windowStart} + ${windowMs} * interval '1 millisecond' <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, count: 1, windowStart: sql`now()` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, ttlMs: sql<number>`(extract(epoch from (${rateLimits.windowStart} - now())) * 1000 + ${windowMs})::int` });
  // windows long past are of no use to anyone: failed attempts are rare, so clearing them here stays cheap
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, sql`now() - ${windowMs} * interval '1 millisecond'`));
  return row ?? { count: 1, ttlMs: windowMs };
}

/** The count of `key` in its current window, without counting (0 once the window has passed). */
export async function readRateLimit(db: Db, key: string, windowMs: number): Promise<RateWindow> {
  const [row] = await db
    .select({ count: rateLimits.count, ttlMs: sql<number>`(extract(epoch from (${rateLimits.windowStart} - now())) * 1000 + ${windowMs})::int` })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return row && row.ttlMs > 0 ? row : { count: 0, ttlMs: 0 };
}
