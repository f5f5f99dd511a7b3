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

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Adds an entry written by the API itself: only comments and client messages on an order whose workflow has
 * ended. A key already written is left as it is.
 */
export async function insertTimelineEntry(
  db: Db | Tx,
  entry: { key: string; orderId: string; at: Date; type: 'comment' | 'client_message'; actor: { id: string; name: string } | null; text: string; data: Record<string, unknown> },
): Promise<void> {
  await db.insert(timeline).values({
    key: entry.key,
    orderId: entry.orderId,
    at: entry.at,
    type: entry.type,
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    text: entry.text,
    data: entry.data,
  }).onConflictDoNothing({ target: timeline.key });
}
