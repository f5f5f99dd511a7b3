// Telegram as the client's second channel: one-time start codes of the deep link, and the chat bound to an
// order until the client sends /stop.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../client.ts';
import { notifications, orders, telegramChats, telegramCodes } from '../schema.ts';
import { OUTBOX_CHANNEL } from './outbox.ts';

/** A start code is good for a day: long enough to open Telegram, short enough not to linger. */
const CODE_LIFETIME = sql`interval '1 day'`;

export async function insertStartCode(db: Db, orderId: string, code: string): Promise<void> {
  await db.insert(telegramCodes).values({ code, orderId });
}

/** Uses the code once: the order it was made for, or undefined for an unknown, used or expired code. */
export async function useStartCode(db: Db, code: string): Promise<string | undefined> {
  const [row] = await db
    .update(telegramCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(telegramCodes.code, code), isNull(telegramCodes.usedAt), gt(telegramCodes.createdAt, sql`now() - ${CODE_LIFETIME}`)))
    .returning({ orderId: telegramCodes.orderId });
  return row?.orderId;
}

/** Binds the chat to the order's client and queues the chat's welcome, in one transaction. */
export async function bindChat(db: Db, params: { orderId: string; chatId: string; updateId: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(telegramChats).values({ orderId: params.orderId, chatId: params.chatId }).onConflictDoUpdate({ target: telegramChats.orderId, set: { chatId: params.chatId, boundAt: sql`now()` } });
    const [order] = await tx.select({ number: orders.number, locale: orders.locale }).from(orders).where(eq(orders.id, params.orderId));
    await tx
      .insert(notifications)
      .values({
        id: randomUUID(),
        // Telegram's update id: a webhook delivered twice welcomes once
        key: `telegram:${params.chatId}:bound:${params.updateId}`,
        orderId: params.orderId,
        channel: 'telegram',
        recipient: params.chatId,
        template: 'telegram_bound',
        subject: 'telegram_bound',
        data: { number: order?.number ?? '' },
        locale: order?.locale ?? 'ru',
      })
      .onConflictDoNothing({ target: notifications.key });
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  });
}

/** `/stop`: the chat gets nothing more from any order. */
export async function unbindChat(db: Db, chatId: string): Promise<number> {
  const rows = await db.delete(telegramChats).where(eq(telegramChats.chatId, chatId)).returning({ orderId: telegramChats.orderId });
  return rows.length;
}

export async function isChatBound(db: Db, orderId: string): Promise<boolean> {
  const [row] = await db.select({ orderId: telegramChats.orderId }).from(telegramChats).where(eq(telegramChats.orderId, orderId));
  return row !== undefined;
}
