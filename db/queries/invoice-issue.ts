// The writes behind issuing an invoice: its record with the order's rows frozen into it, and its payment link.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Tx } from './outbox.ts';
import { invoices, orderItems, orders } from '../schema.ts';

/** What the payment provider needs to make the invoice's link, and the link if it is made already. */
export async function findPaymentLinkSubject(db: Db, invoiceId: string) {
  const [invoice] = await db
    .select({
      number: invoices.number,
      token: invoices.paymentToken,
      url: invoices.paymentUrl,
      amount: invoices.amount,
      currency: invoices.currency,
      orderId: invoices.orderId,
      orderNumber: orders.number,
      customer: orders.customer,
    })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(eq(invoices.id, invoiceId));
  return invoice;
}

/** Sets the link once: a link already there stays. */
export async function setPaymentUrl(db: Db, invoiceId: string, url: string): Promise<void> {
  await db.update(invoices).set({ paymentUrl: url }).where(and(eq(invoices.id, invoiceId), isNull(invoices.paymentUrl)));
}

export async function findIssuedInvoice(tx: Tx, invoiceId: string) {
  const [existing] = await tx.select({ number: invoices.number, dueDate: invoices.dueDate }).from(invoices).where(eq(invoices.id, invoiceId));
  return existing;
}

/** The order's rows as they are now, in their order: what the invoice prints for ever. */
export async function orderRowsForInvoice(tx: Tx, orderId: string) {
  return tx
    .select({
      sku: orderItems.sku,
      name: orderItems.name,
      unit: orderItems.unit,
      quantityMilli: orderItems.quantityMilli,
      price: orderItems.price,
      discountHundredths: orderItems.discountHundredths,
      vatRate: orderItems.vatRate,
      amount: orderItems.amount,
      vat: orderItems.vat,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.position));
}

export async function insertInvoice(tx: Tx, invoice: typeof invoices.$inferInsert): Promise<void> {
  await tx.insert(invoices).values(invoice);
}
