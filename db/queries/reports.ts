import { and, eq, gte, inArray, lt, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { orderItems, orders, tasks } from '../schema.ts';
import { CLOSED_STAGES } from '../../domain/funnel.ts';

/** Open orders per stage with their total amount, and the number of overdue open tasks. */
export async function funnelCounts(db: Db) {
  const [stages, [overdue]] = await Promise.all([
    db
      .select({ stage: orders.stage, count: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${orders.amount}), 0)::bigint` })
      .from(orders)
      .where(notInArray(orders.stage, [...CLOSED_STAGES]))
      .groupBy(orders.stage),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), eq(tasks.overdue, true))),
  ]);
  return { stages: stages.map((s) => ({ ...s, amount: Number(s.amount) })), overdueTasks: overdue?.count ?? 0 };
}

/** Orders (not cancelled) that entered production in [from, to), with their rows' money and costs. */
export async function productionRows(db: Db, from: Date, to: Date) {
  const entered = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(gte(orders.productionStartedAt, from), lt(orders.productionStartedAt, to), ne(orders.stage, 'lost')))
    .orderBy(orders.productionStartedAt, orders.id);
  if (entered.length === 0) return { orders: entered, items: [] };
  const items = await db
    .select({
      orderId: orderItems.orderId,
      productId: orderItems.productId,
      sku: orderItems.sku,
      quantityMilli: orderItems.quantityMilli,
      amount: orderItems.amount,
      vat: orderItems.vat,
      productionCost: orderItems.productionCost,
    })
    .from(orderItems)
    .where(inArray(orderItems.orderId, entered.map((o) => o.id)));
  return { orders: entered, items };
}
