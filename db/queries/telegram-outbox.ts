// The outbox's Telegram rows: the hand-over mark written before each Bot API call (integrations/telegram/delivery.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { notifications } from '../schema.ts';

/** Marks the row as handed to the Bot API, if the holder still has it; committed before the call is made. */
export async function handOver(db: Db, params: { id: string; holder: string }): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ handedAt: sql`now()` })
    .where(and(eq(notifications.id, params.id), eq(notifications.status, 'sending'), eq(notifications.claimedBy, params.holder), isNull(notifications.handedAt)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}
