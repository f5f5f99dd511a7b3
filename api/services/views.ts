// Read-model records as the contract shows them.
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import { payPageUrl, publicPdfUrl } from '../../integrations/payment-links.ts';
import type { InvoiceRecord } from '../../db/queries/invoices.ts';
import type { getOrder } from '../../db/queries/orders.ts';
import type { PaymentRecord } from '../../db/queries/payments.ts';
import type { invoice, order, payment } from '../schemas.ts';

/** Invoices issued before links were stored, and any whose provider call failed, pay on our own page. */
export function invoiceView(config: Config, record: InvoiceRecord): z.input<typeof invoice> {
  return {
    id: record.id,
    number: record.number,
    orderId: record.orderId,
    kind: record.kind,
    amount: record.amount,
    paid: record.paid,
    currency: record.currency,
    status: record.status,
    issuedAt: record.issuedAt.toISOString(),
    dueDate: record.dueDate,
    paymentUrl: record.paymentUrl ?? payPageUrl(config, record.paymentToken),
    pdfUrl: publicPdfUrl(config, record.paymentToken),
  };
}

export function paymentView(record: PaymentRecord): z.input<typeof payment> {
  return {
    id: record.id,
    orderId: record.orderId,
    invoiceId: record.invoiceId,
    amount: record.amount,
    currency: record.currency,
    source: record.source,
    externalId: record.externalId,
    receivedAt: record.receivedAt.toISOString(),
  };
}

type Found = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

export function orderView(config: Config, found: Found): z.input<typeof order> {
  return { ...found.order, invoices: found.order.invoices.map((i) => invoiceView(config, i)) };
}
