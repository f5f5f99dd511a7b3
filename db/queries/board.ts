// What the board's cards need beyond the order list: the deadline of each order's open work.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { tasks } from '../schema.ts';

/** The earliest deadline among the open tasks of each order (orders without an open task are absent). */
export async function openTaskDeadlines(db: Db, orderIds: string[]): Promise<{ orderId: string; deadline: Date }[]> {
  if (orderIds.length === 0) return [];
  return db
    .select({ orderId: tasks.orderId, deadline: sql<Date>`min(${tasks.deadline})`.mapWith(tasks.deadline) })
    .from(tasks)
    .where(and(inArray(tasks.orderId, orderIds), eq(tasks.status, 'open')))
    .groupBy(tasks.orderId);
}
