import { and, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Stage } from '../../domain/funnel.ts';
import { orderItems, orders, stagesReached, tasks } from '../schema.ts';

/** Orders per stage (open and closed) with their total amount. */
export async function stageTotals(db: Db): Promise<{ stage: Stage; count: number; amount: number }[]> {
  const stages = await db
    .select({ stage: orders.stage, count: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${orders.amount}), 0)::bigint` })
    .from(orders)
    .groupBy(orders.stage);
  return stages.map((s) => ({ ...s, amount: Number(s.amount) }));
}

/** Orders per stage with their total amount, and the number of overdue open tasks. */
export async function funnelCounts(db: Db) {
  const [stages, [overdue]] = await Promise.all([
    stageTotals(db),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), eq(tasks.overdue, true))),
  ]);
  return { stages, overdueTasks: overdue?.count ?? 0 };
}

/** Orders (not cancelled) that entered production in [from, to), with their rows' money and costs. */
export async function productionRows(db: Db, from: Date, to: Date) {
  const entered = await db
    .select({ id: orders.id, number: orders.number, startedAt: orders.productionStartedAt })
    .from(orders)
    .where(and(gte(orders.productionStartedAt, from), lt(orders.productionStartedAt, to), ne(orders.stage, 'lost')))
    .orderBy(orders.productionStartedAt, orders.id);
  if (entered.length === 0) return { orders: entered, items: [] };
  const items = await db
    .select({
      orderId: orderItems.orderId,
      productId: orderItems.productId,
      sku: orderItems.sku,
      name: orderItems.name,
      quantityMilli: orderItems.quantityMilli,
      amount: orderItems.amount,
      vat: orderItems.vat,
      productionCost: orderItems.productionCost,
    })
    .from(orderItems)
    .where(inArray(orderItems.orderId, entered.map((o) => o.id)));
  return { orders: entered, items };
}

/**
 * How many orders ever reached each stage (an order skips the stages its payment scheme does not have, and a
 * lost order keeps the stages it passed), and how many orders there are.
 */
export async function stageReach(db: Db): Promise<{ orders: number; reached: { stage: Stage; count: number }[] }> {
  const [reached, [all]] = await Promise.all([
    db
      .select({ stage: stagesReached.stage, count: sql<number>`count(*)::int` })
      .from(stagesReached)
      .groupBy(stagesReached.stage),
    db.select({ count: sql<number>`count(*)::int` }).from(orders),
  ]);
  return { orders: all?.count ?? 0, reached };
}
