import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { timeline } from '../schema.ts';

/** The order's timeline, oldest first; with `key`, only that entry. */
export async function getTimeline(db: Db, orderId: string, key?: string) {
  const rows = await db
    .select()
    .from(timeline)
    .where(and(eq(timeline.orderId, orderId), key ? eq(timeline.key, key) : undefined))
    .orderBy(asc(timeline.at), asc(timeline.id));
  return rows.map((row) => ({
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actorId && row.actorName ? { id: row.actorId, name: row.actorName } : null,
    text: row.text,
    data: row.data,
  }));
}
