// What the receivables report reads (api/services/receivables.ts): open invoices with their client, money in
// and out by month and source, and margin by manager.
import { and, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { employees, invoices, orders, payments } from '../schema.ts';

/** Invoices still asking for money (issued or partly paid), with the client as the order names it. */
export async function openInvoices(db: Db) {
  return db
    .select({
      id: invoices.id,
      amount: invoices.amount,
      paid: invoices.paid,
      dueDate: invoices.dueDate,
      name: sql<string>`${orders.customer}->>'name'`,
      company: sql<string | null>`${orders.customer}->>'company'`,
      inn: sql<string | null>`${orders.customer}->>'inn'`,
    })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(inArray(invoices.status, ['issued', 'partially_paid']));
}

/** Payments received in [from, to), reversed ones left out, summed by month (in `timeZone`) and source. */
export async function cashByMonth(db: Db, timeZone: string, from: Date, to: Date) {
  const month = sql<string>`to_char(${payments.receivedAt} at time zone ${timeZone}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      source: payments.source,
      received: sql<string>`coalesce(sum(${payments.amount}) filter (where ${payments.amount} > 0), 0)`,
      refunded: sql<string>`coalesce(-sum(${payments.amount}) filter (where ${payments.amount} < 0), 0)`,
    })
    .from(payments)
    .where(and(gte(payments.receivedAt, from), lt(payments.receivedAt, to), isNull(payments.reversedAt)))
    // by position: the month's expression carries the time zone as a parameter, which PostgreSQL would not
    // recognise as the same expression again
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
  return rows.map((r) => ({ ...r, received: Number(r.received), refunded: Number(r.refunded) }));
}

/** Orders (not lost) that entered production in [from, to), summed by their manager. */
export async function marginByManager(db: Db, from: Date, to: Date) {
  const rows = await db
    .select({
      managerId: orders.managerId,
      managerName: employees.name,
      orders: sql<number>`count(*)::int`,
      netOfVat: sql<string>`coalesce(sum(${orders.amount} - ${orders.vat}), 0)`,
      productionCost: sql<string>`coalesce(sum(${orders.productionCost}), 0)`,
    })
    .from(orders)
    .leftJoin(employees, eq(employees.id, orders.managerId))
    .where(and(gte(orders.productionStartedAt, from), lt(orders.productionStartedAt, to), ne(orders.stage, 'lost')))
    .groupBy(orders.managerId, employees.name)
    .orderBy(employees.name);
  return rows.map((r) => ({ ...r, netOfVat: Number(r.netOfVat), productionCost: Number(r.productionCost) }));
}
