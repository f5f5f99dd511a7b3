// The system of record and the read model behind every GET. Money is bigint minor units read as JS numbers
// (safe up to 9e15 kopecks); quantities are thousandths and discounts hundredths of a percent (domain/money.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Delivery, Department, ItemStatus, Locale, PaymentScheme, Stage, TaskStatus, TaskType, TimelineType } from '../domain/funnel.ts';
import type { PricedItem, VatRate } from '../domain/money.ts';
import type { InvoiceKind, InvoiceStatus, NotificationChannel, PaymentSource } from '../domain/records.ts';

const money = (name: string) => bigint(name, { mode: 'number' });
// Millisecond precision, as JavaScript dates have: keyset cursors compare them exactly.
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const createdAt = () => instant('created_at').notNull().defaultNow();

export const employees = pgTable(
  'employees',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    department: text('department').$type<Department>().notNull(),
    isHead: boolean('is_head').notNull().default(false),
    active: boolean('active').notNull().default(true),
    /** SHA-256 of the API key: keys are 256-bit random, so a fast hash is enough and lookups stay indexable. */
    apiKeyHash: text('api_key_hash').notNull(),
    /** scrypt of the workspace password (`scrypt$N$r$p$salt$hash`); null until the employee sets one. */
    passwordHash: text('password_hash'),
    /** The workspace language the employee chose; null: the company's default. */
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('employees_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('employees_api_key_hash_key').on(t.apiKeyHash),
    index('employees_department_idx').on(t.department, t.active),
  ],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default('pcs'),
    price: money('price').notNull(),
    currency: text('currency').notNull().default('RUB'),
    vatRate: integer('vat_rate').$type<NonNullable<VatRate>>(),
    costPrice: money('cost_price').notNull(),
    productionDays: integer('production_days').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('products_sku_key').on(t.sku), check('products_vat_rate_check', sql`${t.vatRate} in (22, 10, 0)`)],
);

/** Gapless per-year counters for order and invoice numbers, advanced in the transaction that uses the number. */
export const numberCounters = pgTable(
  'number_counters',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    stage: text('stage').$type<Stage>().notNull(),
    customer: jsonb('customer').$type<CustomerRecord>().notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    managerId: uuid('manager_id').references(() => employees.id),
    currency: text('currency').notNull().default('RUB'),
    amount: money('amount').notNull().default(0),
    vat: money('vat').notNull().default(0),
    paymentScheme: text('payment_scheme').$type<PaymentScheme>(),
    prepaymentAmount: money('prepayment_amount'),
    paid: money('paid').notNull().default(0),
    productionCost: money('production_cost'),
    margin: money('margin'),
    /** Margin percent × 100, an exact integer (two decimals). */
    marginBasisPoints: integer('margin_basis_points'),
    /** When the order entered production: the margin report's period is read on it. */
    productionStartedAt: instant('production_started_at'),
    delivery: jsonb('delivery').$type<DeliveryRecord>(),
    overdue: boolean('overdue').notNull().default(false),
    comment: text('comment'),
    externalId: text('external_id'),
    /**
     * The client's order page (`/o/:token`): 192 random bits like the payment links; re-issuing replaces it, so
     * the old link ends at once.
     */
    clientToken: text('client_token'),
    createdById: uuid('created_by_id'),
    /** The workflow's sequence number of the last change written: older writes are ignored. */
    version: integer('version').notNull().default(0),
    /**
     * Workflow time (ms) of the attempt that wrote `version`: a later attempt of a workflow task that died after
     * writing may write the same number with other contents, and wins (db/queries/order-changes.ts). 0 before.
     */
    versionAt: bigint('version_at', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    closedAt: instant('closed_at'),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_created_idx').on(t.createdAt, t.id),
    // the board's columns and the list filtered by stage: newest first within a stage
    index('orders_stage_idx').on(t.stage, t.createdAt, t.id),
    index('orders_manager_idx').on(t.managerId, t.stage),
    index('orders_production_started_idx').on(t.productionStartedAt),
    uniqueIndex('orders_client_token_key').on(t.clientToken),
    // orders no workflow has taken yet (its start failed): the relay starts them
    index('orders_unstarted_idx').on(t.createdAt).where(sql`${t.version} = 0`),
  ],
);

export interface CustomerRecord {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  inn: string | null;
}

export type DeliveryRecord = Delivery;

export const orderItems = pgTable(
  'order_items',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
    price: money('price').notNull(),
    discountHundredths: integer('discount_hundredths').notNull().default(0),
    vatRate: integer('vat_rate').$type<NonNullable<VatRate>>(),
    amount: money('amount').notNull(),
    vat: money('vat').notNull(),
    costPrice: money('cost_price'),
    productionCost: money('production_cost'),
    productionDays: integer('production_days').notNull(),
    status: text('status').$type<ItemStatus>().notNull().default('pending'),
  },
  (t) => [uniqueIndex('order_items_position_key').on(t.orderId, t.position)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    itemId: uuid('item_id').references(() => orderItems.id),
    type: text('type').$type<TaskType>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    department: text('department').$type<Department>().notNull(),
    assigneeId: uuid('assignee_id').references(() => employees.id),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    deadline: instant('deadline').notNull(),
    overdue: boolean('overdue').notNull().default(false),
    completedAt: instant('completed_at'),
    completedById: uuid('completed_by_id'),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    index('tasks_order_idx').on(t.orderId),
    index('tasks_assignee_idx').on(t.assigneeId, t.status),
    index('tasks_department_idx').on(t.department, t.status),
    index('tasks_created_idx').on(t.createdAt, t.id),
  ],
);

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind').$type<InvoiceKind>().notNull(),
    amount: money('amount').notNull(),
    paid: money('paid').notNull().default(0),
    currency: text('currency').notNull().default('RUB'),
    status: text('status').$type<InvoiceStatus>().notNull().default('issued'),
    issuedAt: instant('issued_at').notNull(),
    /** Calendar date in the business time zone, as printed on the invoice. */
    dueDate: text('due_date').notNull(),
    dueAt: instant('due_at').notNull(),
    /** Unguessable token of the client's payment page (/pay/:token) and public PDF. */
    paymentToken: text('payment_token').notNull(),
    /** Where the client pays: our sandbox page, or the provider's payment page. */
    paymentUrl: text('payment_url'),
    /** The order's rows as they were when the invoice was issued: the document never changes afterwards. */
    rows: jsonb('rows').$type<InvoiceRow[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoices_number_key').on(t.number),
    uniqueIndex('invoices_payment_token_key').on(t.paymentToken),
    index('invoices_order_idx').on(t.orderId),
    index('invoices_created_idx').on(t.createdAt, t.id),
  ],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The invoice's PDF as rendered once when its payment link was made: the e-mail and `/pdf` send these bytes.
 * A table of its own so that reading invoices never drags documents along.
 */
export const invoicePdfs = pgTable('invoice_pdfs', {
  invoiceId: uuid('invoice_id')
    .primaryKey()
    .references(() => invoices.id),
  pdf: bytea('pdf').notNull(),
  createdAt: createdAt(),
});

/** A row as printed on an invoice: the order's priced row without its catalog links. */
export type InvoiceRow = Omit<PricedItem, 'id' | 'productId' | 'productionDays'>;

/**
 * Money received (or refunded, as a negative amount), stored before the workflow hears of it. One row per
 * provider transaction or 1C document (source, externalId), and per manual reference on an invoice.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('RUB'),
    source: text('source').$type<PaymentSource>().notNull(),
    externalId: text('external_id'),
    /** For a refund: the payment it gives money back from. */
    refundOfId: uuid('refund_of_id'),
    receivedAt: instant('received_at').notNull(),
    recordedById: uuid('recorded_by_id'),
    createdAt: createdAt(),
    /** When the payment reached its order (signalled to the workflow, or counted on a closed order); null: the relay still owes it. */
    deliveredAt: instant('delivered_at'),
    /** A payment recorded by mistake is reversed by accounting, never deleted: when, why and by whom. */
    reversedAt: instant('reversed_at'),
    reversalReason: text('reversal_reason'),
    reversedById: uuid('reversed_by_id'),
  },
  (t) => [
    index('payments_undelivered_idx').on(t.createdAt).where(sql`${t.deliveredAt} is null`),
    uniqueIndex('payments_external_key').on(t.source, t.externalId).where(sql`${t.source} <> 'manual'`),
    uniqueIndex('payments_manual_reference_key').on(t.invoiceId, t.externalId).where(sql`${t.source} = 'manual'`),
    index('payments_order_idx').on(t.orderId, t.receivedAt),
  ],
);

export const UNMATCHED_STATUSES = ['open', 'matched', 'dismissed'] as const;
export type UnmatchedStatus = (typeof UNMATCHED_STATUSES)[number];

/**
 * Money that reached us but could not be given to an invoice (no invoice, an unknown one, or an amount the
 * invoice does not ask for): kept once per source and reference for accounting to match or dismiss
 * (docs/money.md, Reconciliation).
 */
export const unmatchedPayments = pgTable(
  'unmatched_payments',
  {
    id: uuid('id').primaryKey(),
    source: text('source').$type<PaymentSource>().notNull(),
    /** The source's own reference: statement document key, 1C document number, provider transaction, or the hand entry's reference. */
    reference: text('reference').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('RUB'),
    receivedAt: instant('received_at').notNull(),
    payerName: text('payer_name'),
    payerInn: text('payer_inn'),
    purpose: text('purpose'),
    /** The invoice number the money named, if any, as written. */
    invoiceNumber: text('invoice_number'),
    /** An invoice we found but could not pay with this money (a different amount): where to look first. */
    candidateInvoiceId: uuid('candidate_invoice_id').references(() => invoices.id),
    reason: text('reason').notNull(),
    status: text('status').$type<UnmatchedStatus>().notNull().default('open'),
    /** Set once matched: the payment it became. */
    paymentId: uuid('payment_id').references(() => payments.id),
    dismissReason: text('dismiss_reason').$type<'not_ours' | 'returned'>(),
    comment: text('comment'),
    decidedById: uuid('decided_by_id'),
    decidedAt: instant('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('unmatched_payments_source_reference_key').on(t.source, t.reference), index('unmatched_payments_status_idx').on(t.status, t.createdAt)],
);

/**
 * The outbox: one row per message, keyed by the workflow and the step that sends it, so a retried activity
 * or a restarted worker finds the row and never sends the message twice.
 */
/**
 * `sending`: a dispatcher holds the row; `failed`: retried at `next_attempt_at`; `undeliverable`: given up
 * (a permanent refusal, a bad address, or too many attempts); `skipped`: nothing to send it to.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'undeliverable', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    /** null for a message about no order (an employee's invitation). */
    orderId: uuid('order_id').references(() => orders.id),
    channel: text('channel').$type<NotificationChannel>().notNull().default('email'),
    /** null when the recipient has no address: the row says why and nothing is sent. */
    recipient: text('recipient'),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    status: text('status').$type<NotificationStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** When a dispatcher took the row to send it, renewed while it sends: a fresh claim keeps everyone else off. */
    claimedAt: instant('claimed_at'),
    /** The dispatcher that holds the claim (`<host>/<pid>/<random>`); rows claimed before the outbox name an activity. */
    claimedBy: text('claimed_by'),
    /** Only rows claimed by the `notify` activity before the outbox have it. */
    claimAttempt: integer('claim_attempt'),
    /** What the template needs, as the step wrote it; rendered when the message is sent. */
    data: jsonb('data').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    /** The reader's language, fixed when the message is queued. */
    locale: text('locale').$type<Locale>().notNull().default('ru'),
    /** The invoice the message is about (its payment link) and whether its PDF goes along. */
    invoiceId: uuid('invoice_id'),
    attachInvoice: boolean('attach_invoice').notNull().default(false),
    /** The dispatcher takes a pending or failed row once this time has come (backoff after a failure). */
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    /**
     * Telegram only: set, in its own committed write, just before the Bot API call. A claim that finds it set
     * knows an earlier holder may have sent the message and died before the mark: it does not send again.
     */
    handedAt: instant('handed_at'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_key_key').on(t.key),
    index('notifications_order_idx').on(t.orderId, t.createdAt),
    index('notifications_due_idx').on(t.nextAttemptAt).where(sql`status in ('pending', 'failed', 'sending')`),
  ],
);

/** Every change of state, oldest first. `key` is derived from the workflow and its step, so a retry adds nothing. */
export const timeline = pgTable(
  'timeline',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    at: instant('at').notNull(),
    type: text('type').$type<TimelineType>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    text: text('text').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('timeline_key_key').on(t.key), index('timeline_order_idx').on(t.orderId, t.at, t.id)],
);

/**
 * Each stage an order has entered, once: the funnel report's conversion counts these rows instead of the
 * timeline's stage changes (written with the change that moves the order, db/queries/order-changes.ts).
 */
export const stagesReached = pgTable(
  'stages_reached',
  {
    stage: text('stage').$type<Stage>().notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
  },
  (t) => [primaryKey({ columns: [t.stage, t.orderId] })],
);

/** An `Idempotency-Key` of `POST /orders` maps to one order; the body hash detects a conflicting reuse. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    orderId: uuid('order_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** The working calendar's dates set by hand (domain/working-calendar.ts); hours are minutes after local midnight. */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    type: text('type').notNull(),
    hoursStart: integer('hours_start'),
    hoursEnd: integer('hours_end'),
    comment: text('comment'),
    updatedBy: uuid('updated_by'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('calendar_overrides_type_check', sql`${t.type} in ('day_off', 'working_day', 'short_day')`),
    check(
      'calendar_overrides_hours_check',
      sql`(${t.hoursStart} is null and ${t.hoursEnd} is null and ${t.type} <> 'short_day')
        or (${t.type} <> 'day_off' and 0 <= ${t.hoursStart} and ${t.hoursStart} < ${t.hoursEnd} and ${t.hoursEnd} <= 1440)`,
    ),
  ],
);
/**
 * Rate-limit windows shared by every API process (the failed-authentication limiter): one row per key, its
 * count in the window that started at `windowStart`.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: instant('window_start').notNull(),
});
/**
 * Workspace sessions. The cookie holds a random token; only its SHA-256 is stored, so a database leak does not
 * hand out sessions. `employeeId` null is the built-in admin.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    employeeId: uuid('employee_id').references(() => employees.id),
    /** Sent back with every form: a page of another site cannot know it. */
    csrfToken: text('csrf_token').notNull(),
    locale: text('locale').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('sessions_employee_idx').on(t.employeeId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** A single-use link that lets a new employee set a password; only the token's SHA-256 is stored. */
export const invitations = pgTable(
  'invitations',
  {
    tokenHash: text('token_hash').primaryKey(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('invitations_employee_idx').on(t.employeeId)],
);

/** One-time start codes of the Telegram deep link (`t.me/<bot>?start=<code>`): used once, by one chat. */
export const telegramCodes = pgTable('telegram_codes', {
  code: text('code').primaryKey(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => orders.id),
  createdAt: createdAt(),
  usedAt: instant('used_at'),
});

/** The Telegram chat an order's client receives its messages in, until `/stop`. */
export const telegramChats = pgTable(
  'telegram_chats',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id),
    chatId: text('chat_id').notNull(),
    boundAt: createdAt(),
  },
  (t) => [index('telegram_chats_chat_idx').on(t.chatId)],
);
