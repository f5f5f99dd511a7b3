import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { PaymentSource } from '../../domain/records.ts';
import type { Db } from '../client.ts';
import { employees, payments } from '../schema.ts';
import { keyset } from './keyset.ts';

const columns = {
  id: payments.id,
  orderId: payments.orderId,
  invoiceId: payments.invoiceId,
  amount: payments.amount,
  currency: payments.currency,
  source: payments.source,
  externalId: payments.externalId,
  receivedAt: payments.receivedAt,
  createdAt: payments.createdAt,
  reversedAt: payments.reversedAt,
  reversalReason: payments.reversalReason,
};

export type PaymentRecord = Pick<typeof payments.$inferSelect, keyof typeof columns>;

export type NewPayment = Omit<typeof payments.$inferInsert, 'createdAt'> & { createdAt: Date };

/**
 * Stores a payment once. The unique indexes (source + external id; invoice + reference for manual ones)
 * make a repeat return the payment stored first, with `created: false`.
 */
export async function recordPayment(db: Db, payment: NewPayment): Promise<{ payment: PaymentRecord; created: boolean }> {
  const [inserted] = await db.insert(payments).values(payment).onConflictDoNothing().returning(columns);
  if (inserted) return { payment: inserted, created: true };
  const sameKey =
    payment.source === 'manual'
      ? and(eq(payments.source, 'manual'), eq(payments.invoiceId, payment.invoiceId), eq(payments.externalId, payment.externalId!))
      : and(eq(payments.source, payment.source), eq(payments.externalId, payment.externalId!), sql`${payments.source} <> 'manual'`);
  const [existing] = await db.select(columns).from(payments).where(sameKey);
  if (!existing) throw new Error('payment conflict without a stored payment');
  return { payment: existing, created: false };
}

export async function listOrderPayments(db: Db, params: { orderId: string; limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(payments.createdAt, payments.id, params.cursor);
  return db
    .select(columns)
    .from(payments)
    .where(and(eq(payments.orderId, params.orderId), page.where))
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}

export async function getPayment(db: Db, id: string): Promise<PaymentRecord | undefined> {
  const [row] = await db.select(columns).from(payments).where(eq(payments.id, id));
  return row;
}

/** Payments across orders, newest stored first, by source and by when the money was received (`to` excluded). */
export async function listPayments(db: Db, params: { source?: PaymentSource; from?: Date; to?: Date; limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(payments.createdAt, payments.id, params.cursor);
  return db
    .select(columns)
    .from(payments)
    .where(
      and(
        params.source ? eq(payments.source, params.source) : undefined,
        params.from ? gte(payments.receivedAt, params.from) : undefined,
        params.to ? lt(payments.receivedAt, params.to) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}

/** Removes a payment that was stored a moment ago but could not be given to its order (closed). */
export async function deletePayment(db: Db, id: string): Promise<void> {
  await db.delete(payments).where(eq(payments.id, id));
}

export async function getPaymentByExternalId(db: Db, source: PaymentSource, externalId: string): Promise<PaymentRecord | undefined> {
  const [row] = await db
    .select(columns)
    .from(payments)
    .where(and(eq(payments.source, source), eq(payments.externalId, externalId)));
  return row;
}

/** How much of a payment has been refunded so far (a positive number). */
export async function refundedOf(db: Db, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(-sum(${payments.amount}), 0)` })
    .from(payments)
    .where(eq(payments.refundOfId, paymentId));
  return Number(row?.total ?? 0);
}

/**
 * What is stored for an invoice, refunds taken off: it runs ahead of the invoice's `paid` while a payment is
 * on its way to the order, so the pay page can say that a payment is being recorded.
 */
export async function storedForInvoice(db: Db, invoiceId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${payments.amount}), 0)` })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), isNull(payments.reversedAt)));
  return Number(row?.total ?? 0);
}

/** The payment has reached its order: signalled to the workflow, or counted on the closed order. */
export async function markPaymentDelivered(db: Db, id: string, at = new Date()): Promise<void> {
  await db.update(payments).set({ deliveredAt: at }).where(and(eq(payments.id, id), isNull(payments.deliveredAt)));
}

/** Payments stored before `before` that have not reached their order yet, oldest first, with who recorded them. */
export async function undeliveredPayments(db: Db, params: { before: Date; limit: number }) {
  return db
    .select({ ...columns, recordedById: payments.recordedById, recordedByName: employees.name })
    .from(payments)
    .leftJoin(employees, eq(employees.id, payments.recordedById))
    .where(and(isNull(payments.deliveredAt), lt(payments.createdAt, params.before)))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(params.limit);
}

/** Marks a payment reversed, once: false when it was reversed already. */
export async function markPaymentReversed(db: Db, params: { id: string; reason: string; byId: string | null; at: Date }): Promise<boolean> {
  const updated = await db
    .update(payments)
    .set({ reversedAt: params.at, reversalReason: params.reason, reversedById: params.byId })
    .where(and(eq(payments.id, params.id), isNull(payments.reversedAt)))
    .returning({ id: payments.id });
  return updated.length > 0;
}

/** Takes back a reversal the order refused, so that the row says what the order counts. */
export async function unmarkPaymentReversed(db: Db, id: string): Promise<void> {
  await db.update(payments).set({ reversedAt: null, reversalReason: null, reversedById: null }).where(eq(payments.id, id));
}
