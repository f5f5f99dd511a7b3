// The notification outbox: a step's messages are queued in the same transaction as the step's change to the
// read model, so a message exists exactly when its cause does. The mail dispatcher (worker process) drains
// the queue; nothing here sends anything.
import { and, eq, ne, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../client.ts';
import { employees, notifications, orders } from '../schema.ts';
import type { Department, Locale } from '../../domain/funnel.ts';
import { subjectOf } from '../../integrations/mail/compose.ts';
import type { Template, TemplateData } from '../../integrations/mail/templates.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Who a message is for: resolved to addresses when it is queued. */
export type Recipient = { kind: 'client' } | { kind: 'employee'; employeeId: string } | { kind: 'heads'; department: Department; except?: string };

export interface OutboxMessage {
  /** Derived from the workflow and the step; one message per key (and recipient), ever. */
  key: string;
  /** null: a message about no order (an invitation); it goes to an employee. */
  orderId: string | null;
  template: Template;
  to: Recipient;
  data: TemplateData;
  /** The invoice the message is about: its payment link goes into the message. */
  invoiceId?: string;
  /** Attach the invoice's PDF. */
  attachInvoice?: boolean;
}

/** PostgreSQL channel the dispatcher listens on; a queued row wakes it at once instead of at its next poll. */
export const OUTBOX_CHANNEL = 'notification_outbox';

/**
 * Queues messages inside the caller's transaction. Each recipient gets a row keyed by the message key (heads
 * by `key:<employeeId>`); a key already queued is left as it is, so a retried step queues nothing twice.
 * A recipient without an address gets a `skipped` row that says why. A row queued by the engine before the
 * outbox (no template data; its order's `notify` activity is retried on the new code) gets its data now.
 */
export async function enqueueNotifications(tx: Tx | Db, messages: OutboxMessage[], defaultStaffLocale: Locale): Promise<void> {
  if (messages.length === 0) return;
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const message of messages) {
    for (const to of await recipientsOf(tx, message, defaultStaffLocale)) {
      rows.push({
        id: randomUUID(),
        key: `${message.key}${to.suffix}`,
        orderId: message.orderId,
        recipient: to.email,
        template: message.template,
        subject: subjectOf(message.template, to.locale, message.data),
        data: withoutUndefined(message.data),
        locale: to.locale,
        invoiceId: message.invoiceId ?? null,
        attachInvoice: message.attachInvoice ?? false,
        status: to.email ? 'pending' : 'skipped',
        error: to.email ? null : 'the recipient has no e-mail address',
      });
    }
  }
  if (rows.length === 0) return;
  await tx
    .insert(notifications)
    .values(rows)
    .onConflictDoUpdate({
      target: notifications.key,
      set: {
        data: sql`excluded.data`,
        locale: sql`excluded.locale`,
        subject: sql`excluded.subject`,
        invoiceId: sql`excluded.invoice_id`,
        attachInvoice: sql`excluded.attach_invoice`,
      },
      setWhere: sql`${notifications.data} = '{}'::jsonb and ${notifications.status} in ('pending', 'failed', 'sending')`,
    });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

async function recipientsOf(tx: Tx | Db, message: OutboxMessage, staffLocale: Locale) {
  const { to } = message;
  if (to.kind === 'client') {
    if (!message.orderId) return [];
    const [order] = await tx.select({ customer: orders.customer, locale: orders.locale }).from(orders).where(eq(orders.id, message.orderId));
    if (!order) return [];
    return [{ suffix: '', email: order.customer.email ?? null, locale: order.locale as Locale }];
  }
  const found = await tx
    .select({ id: employees.id, email: employees.email })
    .from(employees)
    .where(
      to.kind === 'employee'
        ? and(eq(employees.id, to.employeeId), eq(employees.active, true))
        : and(eq(employees.department, to.department), eq(employees.isHead, true), eq(employees.active, true), ...(to.except ? [ne(employees.id, to.except)] : [])),
    );
  // staff read the company's language
  return found.map((row) => ({ suffix: to.kind === 'heads' ? `:${row.id}` : '', email: row.email as string | null, locale: staffLocale }));
}

function withoutUndefined(data: TemplateData): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Record<string, string | number | boolean | null>;
}
