// Read-model records as the contract shows them.
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { InvoiceRecord } from '../db/queries/invoices.ts';
import type { getOrder } from '../db/queries/orders.ts';
import type { PaymentRecord } from '../db/queries/payments.ts';
import type { invoice, order, payment } from './schemas.ts';

/** Payment link and PDF arrive with the client-facing invoice documents; until then both are null. */
export function invoiceView(_config: Config, record: InvoiceRecord): z.input<typeof invoice> {
  return {
    id: record.id,
    number: record.number,
    orderId: record.orderId,
    kind: record.kind as 'prepayment' | 'postpayment',
    amount: record.amount,
    paid: record.paid,
    currency: record.currency,
    status: record.status as z.input<typeof invoice>['status'],
    issuedAt: record.issuedAt.toISOString(),
    dueDate: record.dueDate,
    paymentUrl: null,
    pdfUrl: null,
  };
}

export function paymentView(record: PaymentRecord): z.input<typeof payment> {
  return {
    id: record.id,
    orderId: record.orderId,
    invoiceId: record.invoiceId,
    amount: record.amount,
    currency: record.currency,
    source: record.source as z.input<typeof payment>['source'],
    externalId: record.externalId,
    receivedAt: record.receivedAt.toISOString(),
  };
}

type Found = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

export function orderView(config: Config, found: Found): z.input<typeof order> {
  return { ...found.order, invoices: found.order.invoices.map((i) => invoiceView(config, i)) } as z.input<typeof order>;
}
