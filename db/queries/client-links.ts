// The client's link to the order page (`/o/:token`): looked up by its token, read for messages, re-issued.
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { orders } from '../schema.ts';

/** The order a client link belongs to; undefined for an unknown or re-issued (ended) link. */
export async function orderIdOfClientToken(db: Db, token: string): Promise<string | undefined> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.clientToken, token));
  return row?.id;
}

export async function clientTokenOf(db: Db, orderId: string): Promise<string | undefined> {
  const [row] = await db.select({ token: orders.clientToken }).from(orders).where(eq(orders.id, orderId));
  return row?.token ?? undefined;
}

/** Replaces the order's link: the old token matches nothing from this moment. False for an unknown order. */
export async function replaceClientToken(db: Db, orderId: string, token: string): Promise<boolean> {
  const rows = await db.update(orders).set({ clientToken: token }).where(eq(orders.id, orderId)).returning({ id: orders.id });
  return rows.length > 0;
}
