// What the client's order page shows, read with explicit columns: nothing internal (costs, margins, tasks,
// staff other than the manager's name) is even selected.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { employees, invoices, orderItems, orders, payments, timeline } from '../schema.ts';

export async function readClientOrder(db: Db, orderId: string) {
  const [order] = await db
    .select({
      id: orders.id,
      number: orders.number,
      stage: orders.stage,
      locale: orders.locale,
      currency: orders.currency,
      amount: orders.amount,
      paid: orders.paid,
      delivery: orders.delivery,
      managerName: employees.name,
      version: orders.version,
      customerName: sql<string>`${orders.customer}->>'name'`,
    })
    .from(orders)
    .leftJoin(employees, eq(employees.id, orders.managerId))
    .where(eq(orders.id, orderId));
  if (!order) return undefined;
  const [items, bills, received, conversation] = await Promise.all([
    db
      .select({ name: orderItems.name, unit: orderItems.unit, quantityMilli: orderItems.quantityMilli, amount: orderItems.amount, status: orderItems.status })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId))
      .orderBy(asc(orderItems.position)),
    db
      .select({ number: invoices.number, kind: invoices.kind, amount: invoices.amount, paid: invoices.paid, status: invoices.status, dueDate: invoices.dueDate, token: invoices.paymentToken, paymentUrl: invoices.paymentUrl })
      .from(invoices)
      .where(eq(invoices.orderId, orderId))
      .orderBy(asc(invoices.issuedAt)),
    db.select({ amount: payments.amount, receivedAt: payments.receivedAt }).from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.receivedAt)),
    // comments staff chose to send to the client, and the client's own messages
    db
      .select({ at: timeline.at, type: timeline.type, data: timeline.data })
      .from(timeline)
      .where(
        and(
          eq(timeline.orderId, orderId),
          inArray(timeline.type, ['comment', 'client_message']),
          sql`(${timeline.type} = 'client_message' or (${timeline.data}->>'notifyClient')::boolean is true)`,
        ),
      )
      .orderBy(asc(timeline.at), asc(timeline.id)),
  ]);
  return { order, items, invoices: bills, payments: received, conversation };
}

export type ClientOrder = NonNullable<Awaited<ReturnType<typeof readClientOrder>>>;
