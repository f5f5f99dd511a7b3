// An order whose workflow has ended (past its settlement window) has nobody left to write its read model.
// The few things that can still happen to it are written here, in one transaction each.
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../client.ts';
import { invoices, orders, tasks, timeline } from '../schema.ts';

export interface LateMoney {
  orderId: string;
  invoiceId: string;
  paymentId: string;
  amount: number;
  at: Date;
  refundDeadline: Date;
  entry: { text: string; data: Record<string, unknown> };
  refundTitle: string;
}

/**
 * Counts money that arrived after the order's workflow ended: paid on the order and the invoice, a timeline
 * entry, and for money in a refund task in the accounting queue. Keyed by the payment: done once.
 */
export async function recordLateMoney(db: Db, late: LateMoney): Promise<void> {
  await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(timeline)
      .values({
        key: `order-${late.orderId}:late-payment:${late.paymentId}`,
        orderId: late.orderId,
        at: late.at,
        type: late.amount < 0 ? 'refund_recorded' : 'payment_received',
        text: late.entry.text,
        data: late.entry.data,
      })
      .onConflictDoNothing({ target: timeline.key })
      .returning({ id: timeline.id });
    if (!inserted) return;
    await tx.update(orders).set({ paid: sql`${orders.paid} + ${late.amount}`, updatedAt: late.at }).where(eq(orders.id, late.orderId));
    await tx.update(invoices).set({ paid: sql`${invoices.paid} + ${late.amount}` }).where(eq(invoices.id, late.invoiceId));
    if (late.amount > 0) {
      await tx.insert(tasks).values({
        id: randomUUID(),
        orderId: late.orderId,
        type: 'refund',
        title: late.refundTitle,
        description: 'Payment received after the order was closed',
        department: 'accounting',
        assigneeId: null,
        deadline: late.refundDeadline,
        createdAt: late.at,
      });
    }
  });
}

/** Completes an open task of a closed order; false when it is not open. */
export async function completeClosedOrderTask(db: Db, taskId: string, by: { id: string | null; comment: string | null; at: Date }): Promise<boolean> {
  const [done] = await db
    .update(tasks)
    .set({ status: 'done', completedAt: by.at, completedById: by.id, comment: by.comment })
    .where(and(eq(tasks.id, taskId), eq(tasks.status, 'open')))
    .returning({ id: tasks.id });
  return Boolean(done);
}
