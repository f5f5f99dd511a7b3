// The money state of an order whose workflow has ended, as the read model holds it: what a settlement run
// needs to count money that still arrives by the order workflow's own rules.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { employees, invoices, orders, tasks, timeline } from '../schema.ts';
import type { Department, Locale, Stage, TaskStatus, TaskType } from '../../domain/funnel.ts';
import type { InvoiceStatus } from '../../domain/qualification.ts';

export interface SettlementState {
  number: string;
  locale: Locale;
  currency: string;
  customerName: string;
  stage: Stage;
  total: number;
  paid: number;
  /** The order's last change: a settlement run writes above it. */
  version: number;
  invoices: { id: string; number: string; kind: 'prepayment' | 'postpayment'; amount: number; paid: number; status: InvoiceStatus }[];
  /** Every task of the order: an open refund task may still be completed. */
  tasks: {
    id: string;
    type: TaskType;
    itemId: string | null;
    department: Department;
    assignee: { id: string; name: string } | null;
    deadline: string;
    status: TaskStatus;
    overdue: boolean;
  }[];
  /** Payments the order has counted already (from its timeline): a payment delivered again counts once. */
  countedPayments: string[];
}

export async function settlementState(db: Db, orderId: string): Promise<SettlementState | null> {
  const [order] = await db
    .select({
      number: orders.number,
      locale: orders.locale,
      currency: orders.currency,
      customer: orders.customer,
      stage: orders.stage,
      amount: orders.amount,
      paid: orders.paid,
      version: orders.version,
    })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return null;
  const invoiceRows = await db
    .select({ id: invoices.id, number: invoices.number, kind: invoices.kind, amount: invoices.amount, paid: invoices.paid, status: invoices.status })
    .from(invoices)
    .where(eq(invoices.orderId, orderId));
  const counted = await db
    .selectDistinct({ paymentId: sql<string>`${timeline.data}->>'paymentId'` })
    .from(timeline)
    .where(and(eq(timeline.orderId, orderId), inArray(timeline.type, ['payment_received', 'refund_recorded'])));
  const taskRows = await db
    .select({
      id: tasks.id,
      type: tasks.type,
      itemId: tasks.itemId,
      department: tasks.department,
      assigneeId: tasks.assigneeId,
      assigneeName: employees.name,
      deadline: tasks.deadline,
      status: tasks.status,
      overdue: tasks.overdue,
    })
    .from(tasks)
    .leftJoin(employees, eq(employees.id, tasks.assigneeId))
    .where(eq(tasks.orderId, orderId));
  return {
    number: order.number,
    locale: order.locale as Locale,
    currency: order.currency,
    customerName: order.customer.name,
    stage: order.stage as Stage,
    total: order.amount,
    paid: order.paid,
    version: order.version,
    invoices: invoiceRows.map((row) => ({ ...row, kind: row.kind as 'prepayment' | 'postpayment', status: row.status as InvoiceStatus })),
    tasks: taskRows.map(({ assigneeId, assigneeName, ...task }) => ({
      ...task,
      type: task.type as TaskType,
      department: task.department as Department,
      status: task.status as TaskStatus,
      assignee: assigneeId ? { id: assigneeId, name: assigneeName ?? '' } : null,
      deadline: task.deadline.toISOString(),
    })),
    countedPayments: counted.map((row) => row.paymentId).filter(Boolean),
  };
}
