// The contract of the payments list and of reconciliation (docs/api.md, Payments): one item shape for money
// counted on an invoice and for money kept unmatched.
import { z } from 'zod';
import { UNMATCHED_STATUSES } from '../db/schema.ts';
import { PAYMENT_SOURCES } from '../domain/records.ts';
import { calendarDate, kopecks } from './schemas.ts';

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const paymentListQuery = z.strictObject({
  matched: booleanQuery.default(true).describe('false: the money kept unmatched for accounting, instead of the payments on invoices'),
  status: z.enum(UNMATCHED_STATUSES).optional().describe('With matched=false: open (default), matched or dismissed'),
  source: z.enum(PAYMENT_SOURCES).optional(),
  from: calendarDate.optional().describe('Received on or after this date (BUSINESS_TIMEZONE)'),
  to: calendarDate.optional().describe('Received on or before this date (BUSINESS_TIMEZONE)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const paymentListItem = z.object({
  id: z.uuid().describe('The payment, or the unmatched entry (matched=false)'),
  matched: z.boolean(),
  orderId: z.uuid().nullable(),
  invoiceId: z.uuid().nullable(),
  amount: kopecks('The sum received; negative for a refund'),
  currency: z.string(),
  source: z.enum(PAYMENT_SOURCES),
  externalId: z.string().nullable().describe('The source’s reference: provider transaction, 1C document number, statement document, hand-entered reference'),
  receivedAt: z.iso.datetime(),
  unmatched: z
    .object({
      status: z.enum(UNMATCHED_STATUSES),
      reason: z.string().describe('Why the money could not be put on an invoice'),
      invoiceNumber: z.string().nullable().describe('The invoice number the money named, as written'),
      candidateInvoiceId: z.uuid().nullable().describe('An invoice found but not payable with this money'),
      payerName: z.string().nullable(),
      payerInn: z.string().nullable(),
      purpose: z.string().nullable(),
      paymentId: z.uuid().nullable().describe('Once matched: the payment it became'),
      dismissReason: z.enum(['not_ours', 'returned']).nullable(),
      comment: z.string().nullable(),
      decidedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
});

export const matchBody = z.strictObject({ invoiceId: z.uuid() });
export const dismissBody = z.strictObject({ reason: z.enum(['not_ours', 'returned']), comment: trimmed(2000).optional() });

export const handEntryBody = z.strictObject({
  amount: kopecks('The sum received', z.number().int().positive().max(1e13)),
  reference: trimmed(200).describe('The payment document’s reference: each is kept once'),
  paidAt: z.iso.datetime().optional(),
  payerName: trimmed(300).optional(),
  purpose: trimmed(1000).optional(),
});
