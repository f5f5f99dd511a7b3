// The notification outbox: a step's messages are queued in the same transaction as the step's change to the
// read model, so a message exists exactly when its cause does. The mail dispatcher (worker process) drains
// the queue; nothing here sends anything.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../client.ts';
import { employees, notifications, orders, telegramChats } from '../schema.ts';
import type { Department, Locale } from '../../domain/funnel.ts';
import { subjectOf } from '../../integrations/mail/compose.ts';
import type { Template, TemplateData } from '../../integrations/mail/templates.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Who a message is for: resolved to addresses when it is queued. */
export type Recipient =
  | { kind: 'client' }
  | { kind: 'employee'; employeeId: string }
  | { kind: 'heads'; department: Department; except?: string }
  /** Every active member of a department (management, when a task is escalated). */
  | { kind: 'department'; department: Department; except?: string };

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

/** What the caller already knows of the order's client (the step's own update returns it): no read for it. */
export interface KnownClient {
  orderId: string;
  email: string | null;
  locale: Locale;
}

/**
 * Queues messages inside the caller's transaction. Each recipient gets a row keyed by the message key (heads
 * by `key:<employeeId>`); a key already queued is left as it is, so a retried step queues nothing twice.
 * A recipient without an address gets a `skipped` row that says why. A row queued by the engine before the
 * outbox (no template data; its order's `notify` activity is retried on the new code) gets its data now.
 * The dispatcher is woken by the insert's own trigger (migration 0015), so queuing is one statement, plus
 * at most one read of the recipients that are staff and one of the client when the caller does not know it.
 */
export async function enqueueNotifications(tx: Tx | Db, messages: OutboxMessage[], defaultStaffLocale: Locale, known?: KnownClient): Promise<void> {
  if (messages.length === 0) return;
  const resolve = await recipientResolver(tx, messages, defaultStaffLocale, known);
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const message of messages) {
    for (const to of resolve(message)) {
      rows.push({
        id: randomUUID(),
        key: `${message.key}${to.suffix}`,
        orderId: message.orderId,
        channel: to.channel,
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
  const written = await tx
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
    })
    // xmax is 0 on a row this statement inserted: any other row returned is an old one just given its data
    .returning({ filled: sql<boolean>`xmax <> 0` });
  // the insert trigger wakes the dispatcher for new rows only; an old row just made sendable needs a word too
  if (written.some((row) => row.filled)) await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

interface Resolved {
  suffix: string;
  channel: 'email' | 'telegram';
  /** The e-mail address, or the Telegram chat for a `telegram` row. */
  email: string | null;
  locale: Locale;
}

/** Reads every recipient the messages name at once: the clients (unless known) and the staff, one query each. */
async function recipientResolver(tx: Tx | Db, messages: OutboxMessage[], staffLocale: Locale, known?: KnownClient) {
  // a message to a client is always about an order; one without (an invitation) goes to an employee
  const aboutOrder = (m: OutboxMessage): m is OutboxMessage & { orderId: string } => m.orderId !== null;
  const clientOrders = [...new Set(messages.filter((m) => m.to.kind === 'client' && aboutOrder(m) && m.orderId !== known?.orderId).map((m) => m.orderId!))];
  const clients = new Map<string, Resolved>(known ? [[known.orderId, { suffix: '', channel: 'email', email: known.email, locale: known.locale }]] : []);
  if (clientOrders.length) {
    const found = await tx.select({ id: orders.id, customer: orders.customer, locale: orders.locale }).from(orders).where(inArray(orders.id, clientOrders));
    for (const order of found) clients.set(order.id, { suffix: '', channel: 'email', email: order.customer.email ?? null, locale: order.locale as Locale });
  }
  // a client who asked for Telegram (docs/client.md) gets the same message there too, as a row of its own
  const withClient = [...new Set(messages.filter((m) => m.to.kind === 'client' && aboutOrder(m)).map((m) => m.orderId!))];
  const chats = new Map(
    withClient.length
      ? (await tx.select({ orderId: telegramChats.orderId, chatId: telegramChats.chatId }).from(telegramChats).where(inArray(telegramChats.orderId, withClient))).map(
          (c) => [c.orderId, c.chatId] as const,
        )
      : [],
  );
  const ids = messages.flatMap((m) => (m.to.kind === 'employee' ? [m.to.employeeId] : []));
  const departments = messages.flatMap((m) => (m.to.kind === 'heads' ? [m.to.department] : []));
  const whole = messages.flatMap((m) => (m.to.kind === 'department' ? [m.to.department] : []));
  const staff =
    ids.length || departments.length || whole.length
      ? await tx
          .select({ id: employees.id, email: employees.email, department: employees.department, isHead: employees.isHead })
          .from(employees)
          .where(
            and(
              eq(employees.active, true),
              or(
                ids.length ? inArray(employees.id, [...new Set(ids)]) : undefined,
                departments.length ? and(eq(employees.isHead, true), inArray(employees.department, [...new Set(departments)])) : undefined,
                whole.length ? inArray(employees.department, [...new Set(whole)]) : undefined,
              ),
            ),
          )
      : [];
  // staff read the company's language
  return (message: OutboxMessage): Resolved[] => {
    const { to } = message;
    if (to.kind === 'client') {
      if (!message.orderId) return [];
      const client = clients.get(message.orderId);
      const chat = chats.get(message.orderId);
      if (!client) return [];
      return chat ? [client, { suffix: ':tg', channel: 'telegram', email: chat, locale: client.locale }] : [client];
    }
    if (to.kind === 'employee') return staff.filter((e) => e.id === to.employeeId).map((e) => ({ suffix: '', channel: 'email' as const, email: e.email as string | null, locale: staffLocale }));
    return staff
      .filter((e) => (to.kind === 'department' || e.isHead) && e.department === to.department && e.id !== to.except)
      .map((e) => ({ suffix: `:${e.id}`, channel: 'email' as const, email: e.email as string | null, locale: staffLocale }));
  };
}

function withoutUndefined(data: TemplateData): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Record<string, string | number | boolean | null>;
}
