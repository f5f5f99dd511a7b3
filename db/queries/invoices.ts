import { and, asc, eq, gte, inArray, lte, notInArray, or, sql } from 'drizzle-orm';
import type { InvoiceKind, InvoiceStatus } from '../../domain/records.ts';
import type { Db, Reader } from '../client.ts';
import { invoices, orders } from '../schema.ts';
import { keyset } from './keyset.ts';
import { escapeLike } from './products.ts';

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
  paymentUrl: invoices.paymentUrl,
  createdAt: invoices.createdAt,
};

export type InvoiceRecord = Pick<typeof invoices.$inferSelect, keyof typeof columns>;

export async function getInvoice(db: Db, id: string): Promise<InvoiceRecord | undefined> {
  const [row] = await db.select(columns).from(invoices).where(eq(invoices.id, id));
  return row;
}

export async function getOrderInvoices(db: Db, orderId: string): Promise<InvoiceRecord[]> {
  return getInvoicesOfOrders(db, [orderId]);
}

/** The invoices of several orders in one query, each order's in the sequence they were issued. */
export async function getInvoicesOfOrders(db: Reader, orderIds: string[]): Promise<InvoiceRecord[]> {
  return db.select(columns).from(invoices).where(inArray(invoices.orderId, orderIds)).orderBy(asc(invoices.issuedAt), asc(invoices.id));
}

export interface InvoiceFilter {
  orderId?: string;
  status?: InvoiceStatus;
  kind?: InvoiceKind;
  /** true: still asking for money after its due time; false: not. */
  overdue?: boolean;
  /** Calendar dates (the invoice's due date), both included. */
  dueAfter?: string;
  dueBefore?: string;
  /** Part of the invoice number, or of the client's name, company, INN or e-mail. */
  q?: string;
}

const OPEN: InvoiceStatus[] = ['issued', 'partially_paid'];

export async function listInvoices(db: Db, params: InvoiceFilter & { limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(invoices.createdAt, invoices.id, params.cursor);
  const pattern = params.q ? `%${escapeLike(params.q)}%` : undefined;
  const overdue = and(inArray(invoices.status, OPEN), sql`${invoices.dueAt} < now()`);
  return db
    .select(columns)
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(
      and(
        params.orderId ? eq(invoices.orderId, params.orderId) : undefined,
        params.status ? eq(invoices.status, params.status) : undefined,
        params.kind ? eq(invoices.kind, params.kind) : undefined,
        params.overdue === undefined ? undefined : params.overdue ? overdue : or(notInArray(invoices.status, OPEN), sql`${invoices.dueAt} >= now()`),
        params.dueAfter ? gte(invoices.dueDate, params.dueAfter) : undefined,
        params.dueBefore ? lte(invoices.dueDate, params.dueBefore) : undefined,
        pattern
          ? or(
              sql`${invoices.number} ilike ${pattern}`,
              sql`${orders.customer}->>'name' ilike ${pattern}`,
              sql`${orders.customer}->>'company' ilike ${pattern}`,
              sql`${orders.customer}->>'inn' ilike ${pattern}`,
              sql`${orders.customer}->>'email' ilike ${pattern}`,
            )
          : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}

/** The invoice with what a document or a payment page shows of its order. */
export async function findInvoiceWithOrder(db: Db, by: { id: string } | { number: string } | { token: string }) {
  const where = 'id' in by ? eq(invoices.id, by.id) : 'number' in by ? eq(invoices.number, by.number) : eq(invoices.paymentToken, by.token);
  const [row] = await db
    .select({
      invoice: { ...columns, rows: invoices.rows, dueAt: invoices.dueAt },
      order: {
        id: orders.id,
        number: orders.number,
        stage: orders.stage,
        customer: orders.customer,
        locale: orders.locale,
        amount: orders.amount,
        paid: orders.paid,
      },
    })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(where);
  return row;
}

export type InvoiceWithOrder = NonNullable<Awaited<ReturnType<typeof findInvoiceWithOrder>>>;

/** Remembers the provider's payment link for an invoice. */
export async function savePaymentUrl(db: Db, id: string, url: string): Promise<void> {
  await db.update(invoices).set({ paymentUrl: url }).where(eq(invoices.id, id));
}
