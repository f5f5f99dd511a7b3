import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { timeline } from '../schema.ts';

export async function getTimeline(db: Db, orderId: string) {
  const rows = await db
    .select()
    .from(timeline)
    .where(eq(timeline.orderId, orderId))
    .orderBy(asc(timeline.at), asc(timeline.id));
  return rows.map((row) => ({
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actorId && row.actorName ? { id: row.actorId, name: row.actorName } : null,
    text: row.text,
    data: row.data,
  }));
}
