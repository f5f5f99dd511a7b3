import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { invoices } from '../schema.ts';
import { keyset } from './keyset.ts';

const columns = {
  id: invoices.id,
  number: invoices.number,
  orderId: invoices.orderId,
  kind: invoices.kind,
  amount: invoices.amount,
  paid: invoices.paid,
  currency: invoices.currency,
  status: invoices.status,
  issuedAt: invoices.issuedAt,
  dueDate: invoices.dueDate,
  paymentToken: invoices.paymentToken,
  createdAt: invoices.createdAt,
};

export type InvoiceRecord = Pick<typeof invoices.$inferSelect, keyof typeof columns>;

export async function getInvoice(db: Db, id: string): Promise<InvoiceRecord | undefined> {
  const [row] = await db.select(columns).from(invoices).where(eq(invoices.id, id));
  return row;
}

export async function getOrderInvoices(db: Db, orderId: string): Promise<InvoiceRecord[]> {
  return db.select(columns).from(invoices).where(eq(invoices.orderId, orderId)).orderBy(asc(invoices.issuedAt), asc(invoices.id));
}

export async function listInvoices(db: Db, params: { orderId?: string; limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(invoices.createdAt, invoices.id, params.cursor);
  return db
    .select(columns)
    .from(invoices)
    .where(and(params.orderId ? eq(invoices.orderId, params.orderId) : undefined, page.where))
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}
