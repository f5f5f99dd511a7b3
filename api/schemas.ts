// Request and response shapes of the HTTP API (docs/api.md). Response schemas also keep internal columns from leaking.
import { z } from 'zod';
import { NOTIFICATION_STATUSES } from '../db/schema.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DELIVERY_METHODS, DEPARTMENTS, ITEM_STATUSES, LOCALES, PAYMENT_SCHEMES, STAGES, TASK_STATUSES, TASK_TYPES, TIMELINE_TYPES } from '../domain/funnel.ts';
import { INVOICE_KINDS, INVOICE_STATUSES, NOTIFICATION_CHANNELS, PAYMENT_SOURCES } from '../domain/records.ts';

export const uuidParam = z.object({ id: z.uuid() });

export const errorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** 1 500,00 ₽: every example in the document is the same sum, so a reader can compare them. */
const EXAMPLE_KOPECKS = 150_000;

/**
 * A money field: integer kopecks (minor units), never roubles with a fraction. The unit stands in the field's own
 * OpenAPI description with an example, since a newcomer reads the field, not the document's preface.
 */
export function kopecks(description: string, schema: z.ZodNumber = z.number().int()) {
  return schema.describe(`${description}. Integer kopecks (minor units): ${EXAMPLE_KOPECKS} is 1 500,00 ₽.`).meta({ example: EXAMPLE_KOPECKS });
}

const instant = z.iso.datetime();
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * Query schemas are strict: an unknown parameter (`?asigneeId=`) is a 400 naming it, not a silently unfiltered
 * list. Routes without parameters take this one, so that they refuse them too.
 */
export const noQuery = z.strictObject({});

/** `?limit=` (default 50, max 200) and `?cursor=` of every list. */
const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export const actorRef = z.object({ id: z.uuid(), name: z.string() });

// Employees
export const department = z.enum(DEPARTMENTS);
export const employee = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  department,
  isHead: z.boolean(),
  active: z.boolean(),
});
export const employeeCreated = employee.extend({ apiKey: z.string() });
export const createEmployeeBody = z.strictObject({
  name: trimmed(200),
  email: z.email().max(320),
  department,
  isHead: z.boolean().optional(),
});
export const patchEmployeeBody = z
  .strictObject({ active: z.boolean().optional(), isHead: z.boolean().optional(), department: department.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export const employeeListQuery = z.strictObject({
  department: department.optional(),
  active: booleanQuery.optional(),
  ...paging,
});

// Products
// A newcomer sent 20 and read only "Invalid input": the message names the rates the law knows.
export const vatRate = z
  .union([z.literal(22), z.literal(10), z.literal(0), z.null()], { error: 'Expected a VAT rate of 22, 10 or 0 percent, or null (no VAT)' })
  .describe('VAT rate in percent: 22, 10 or 0; null when the seller charges no VAT.');
const priceInput = z.number().int().min(0).max(1e13);
export const product = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  price: kopecks('Price per unit, VAT included'),
  currency: z.string(),
  vatRate,
  /** Absent for production and logistics, as every cost and margin field. */
  costPrice: kopecks('Cost of making one unit; absent for production and logistics').optional(),
  productionDays: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export const createProductBody = z.strictObject({
  sku: trimmed(64),
  name: trimmed(300),
  unit: trimmed(20).optional(),
  price: kopecks('Price per unit, VAT included', priceInput),
  vatRate,
  costPrice: kopecks('Cost of making one unit', priceInput),
  productionDays: z.number().int().min(0).max(3650),
});
export const patchProductBody = createProductBody
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export const productListQuery = z.strictObject({
  q: z.string().max(200).optional(),
  ...paging,
});

// Orders
export const itemInput = z.strictObject({
  productId: z.uuid(),
  quantity: z
    .number()
    .positive()
    .max(1e9)
    .refine((q) => Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, { message: 'at most three decimals' }),
  price: kopecks('Price per unit, VAT included; default: the product\'s price', priceInput).optional(),
  discountPercent: z
    .number()
    .min(0)
    .lt(100)
    .refine((d) => Math.abs(Math.round(d * 100) - d * 100) < 1e-6, { message: 'at most two decimals' })
    .optional(),
});

/** A client's phone, as every form that takes one accepts it. */
export const phoneInput = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,32}$/, 'a phone number such as +7 900 000-00-00');

export const customerInput = z
  .strictObject({
    name: trimmed(300),
    email: z.email().max(320).optional(),
    phone: phoneInput.optional(),
    company: trimmed(300).optional(),
    inn: z
      .string()
      .regex(/^(\d{10}|\d{12})$/, '10 or 12 digits')
      .optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined, {
    message: 'email or phone is required',
    path: ['email'],
  });

export const createOrderBody = z.strictObject({
  customer: customerInput,
  items: z.array(itemInput).max(200).optional(),
  comment: z.string().max(5000).optional(),
  externalId: trimmed(200).optional(),
});

export const item = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  price: kopecks('Price per unit, VAT included'),
  discountPercent: z.number(),
  vatRate,
  amount: kopecks('The line\'s sum after the discount, VAT included'),
  vat: kopecks('VAT contained in the line\'s amount'),
  costPrice: kopecks('Cost of making one unit; absent for production and logistics').nullable().optional(),
  productionCost: kopecks('Cost of making the line; absent for production and logistics').nullable().optional(),
  status: z.enum(ITEM_STATUSES),
});

export const task = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  orderNumber: z.string(),
  itemId: z.uuid().nullable(),
  type: z.enum(TASK_TYPES),
  title: z.string(),
  description: z.string(),
  department,
  assignee: actorRef.nullable(),
  status: z.enum(TASK_STATUSES),
  deadline: instant,
  overdue: z.boolean(),
  completedAt: instant.nullable(),
  completedBy: actorRef.nullable(),
  comment: z.string().nullable(),
  orderUrl: z.url().describe('The order’s page in the workspace'),
});

export const customer = z.object({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  inn: z.string().nullable(),
  locale: z.enum(LOCALES),
});

export const invoice = z.object({
  id: z.uuid(),
  number: z.string(),
  orderId: z.uuid(),
  kind: z.enum(INVOICE_KINDS),
  amount: kopecks('The sum to pay, VAT included'),
  paid: kopecks('Paid so far against this invoice'),
  currency: z.string(),
  status: z.enum(INVOICE_STATUSES),
  issuedAt: instant,
  dueDate: z.string(),
  paymentUrl: z.string(),
  pdfUrl: z.string(),
});
export const order = z.object({
  id: z.uuid(),
  number: z.string(),
  stage: z.enum(STAGES),
  customer,
  manager: actorRef.nullable(),
  items: z.array(item),
  currency: z.string(),
  totals: z.object({
    amount: kopecks('The order\'s total, VAT included'),
    vat: kopecks('VAT contained in the total'),
    netOfVat: kopecks('The total without VAT'),
  }),
  paymentScheme: z.enum(PAYMENT_SCHEMES).nullable(),
  prepaymentAmount: kopecks('The prepayment asked for').nullable(),
  paid: kopecks('Paid so far, all invoices together'),
  due: kopecks('Still to pay'),
  overpaid: kopecks('Paid beyond the total, to refund'),
  productionCost: kopecks('Cost of making the order; absent for production and logistics').nullable().optional(),
  margin: kopecks('Net of VAT minus production cost; absent for production and logistics').nullable().optional(),
  marginPercent: z.number().nullable().optional(),
  delivery: z
    .object({
      method: z.enum(['delivery', 'pickup']),
      carrier: z.string().nullable(),
      address: z.string().nullable(),
      shipDate: z.string(),
      comment: z.string().nullable(),
      trackingNumber: z.string().nullable(),
    })
    .nullable(),
  overdue: z.boolean(),
  invoices: z.array(invoice),
  tasks: z.array(task),
  comment: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  closedAt: instant.nullable(),
  clientUrl: z.string().nullable().describe('The client\'s own page of the order (`/o/:token`); POST /orders/:id/client-link re-issues it'),
});

export const orderListQuery = z.strictObject({
  stage: z.enum(STAGES).optional(),
  managerId: z.uuid().optional(),
  overdue: booleanQuery.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  due: booleanQuery.optional().describe('true: something is still to pay; false: nothing is'),
  overpaid: booleanQuery.optional().describe('true: paid above the total, to refund'),
  ...paging,
});

export const timelineEntry = z.object({
  at: instant,
  type: z.enum(TIMELINE_TYPES),
  actor: actorRef.nullable(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
});

// Tasks
export const taskListQuery = z.strictObject({
  assigneeId: z.uuid().optional(),
  department: department.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  orderId: z.uuid().optional(),
  overdue: booleanQuery.optional(),
  type: z.enum(TASK_TYPES).optional(),
  ...paging,
});

// Staff commands on an order
export const calendarDate = z.string().refine(isCalendarDate, { message: 'a date such as 2026-11-27' });

const deliveryFields = z.strictObject({
  method: z.enum(DELIVERY_METHODS),
  carrier: trimmed(200).optional(),
  address: trimmed(1000).optional(),
  shipDate: calendarDate,
  comment: z.string().max(2000).optional(),
});

/** The delivery stage's form: any field given at qualification may be left out, and that value is taken. */
export const deliveryEntryBody = deliveryFields.partial();

export const deliveryBody = deliveryFields
  .superRefine((d, ctx) => {
    if (d.method !== 'delivery') return;
    for (const field of ['carrier', 'address'] as const) {
      if (!d[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'required for delivery' });
    }
  });

export const qualifyBody = z.strictObject({
  /** Left out: the order's rows as they are. */
  items: z.array(itemInput).min(1).max(200).optional(),
  paymentScheme: z.enum(PAYMENT_SCHEMES),
  prepaymentAmount: kopecks('The prepayment to ask for', z.number().int().min(0).max(1e15)).optional(),
  delivery: deliveryBody.optional(),
});

export const cancelBody = z.strictObject({
  reason: trimmed(2000),
  /** The reason is written for staff: it goes to the client only when this is true. */
  notifyClientOfReason: z.boolean().optional(),
});
export const commentBody = z.strictObject({ text: trimmed(5000), notifyClient: z.boolean().optional() });
export const completeTaskBody = z.strictObject({
  comment: z.string().max(5000).optional(),
  trackingNumber: trimmed(200).optional(),
  /** Production tasks: also tell the client that the item is made. */
  notifyClient: z.boolean().optional(),
  refund: z
    .strictObject({
      amount: kopecks('The sum paid back to the client', z.number().int().positive().max(1e13)),
      reference: trimmed(200).describe('The payment document of the refund: recorded once'),
      paidAt: instant.optional(),
    })
    .optional()
    .describe('Refund tasks: the money paid back, which lowers what the order has paid'),
});

// Invoices and payments
export const invoiceListQuery = z.strictObject({
  orderId: z.uuid().optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
  kind: z.enum(INVOICE_KINDS).optional(),
  overdue: booleanQuery.optional().describe('true: still asking for money after its due time'),
  dueAfter: calendarDate.optional().describe('Due on or after this date'),
  dueBefore: calendarDate.optional().describe('Due on or before this date'),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the invoice number, or of the client’s name, company, INN or e-mail'),
  ...paging,
});

export const payment = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  invoiceId: z.uuid(),
  amount: kopecks('The sum received'),
  currency: z.string(),
  source: z.enum(PAYMENT_SOURCES),
  externalId: z.string().nullable(),
  receivedAt: instant,
  reversedAt: instant.nullable().describe('When accounting reversed the payment (it then no longer counts); null while it counts'),
  reversalReason: z.string().nullable().describe('Why it was reversed'),
});
/**
 * One payment row of the 1C import. The route takes the rows untyped and the service checks each on its own, so
 * that a bad row is answered in its result rather than failing the batch; the OpenAPI still shows this shape.
 */
export const paymentImportRow = z.strictObject({
  invoiceNumber: z.string().trim().min(1).max(64),
  amount: kopecks('The sum received', z.number().int().positive().max(1e13)),
  paidAt: z.iso.datetime({ offset: true }).or(z.iso.date()).describe('When it was paid: a date-time with offset, or a date (the start of that day in BUSINESS_TIMEZONE)'),
  documentNumber: z.string().trim().min(1).max(100).describe('The payment document number in 1C: each is recorded once, ever'),
});

export const manualPaymentBody = z.strictObject({
  amount: kopecks('The sum received', z.number().int().positive().max(1e13)),
  reference: trimmed(200).optional(),
  paidAt: instant.optional(),
});
export const reversePaymentBody = z.strictObject({
  reason: z.string().trim().min(3).max(500).describe('Why the payment is reversed: shown on the timeline'),
});
export const pageQuery = z.strictObject({ ...paging });

export const notification = z.object({
  id: z.uuid(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  recipient: z.string().nullable(),
  template: z.string(),
  subject: z.string(),
  /** Every status a row can have; `sending` while a dispatcher holds it, `undeliverable` once given up. */
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  /** Why it failed, was given up or skipped. */
  error: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
});

/** Every /api/v1 route may answer with the error envelope; listing it documents the statuses in OpenAPI. */
export const errorResponses = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
  503: errorEnvelope,
};

/** Issue 13: a task handed to someone, or taken from the department's queue by the caller (no assigneeId). */
export const assignTaskBody = z.strictObject({
  assigneeId: z.uuid().nullable().optional().describe('An active employee of the task’s department; null: back to the department’s queue; absent: the caller takes the task from the queue'),
});
export const setManagerBody = z.strictObject({ managerId: z.uuid().describe('An active employee of sales') });
