// Invoice documents for staff (authenticated) and clients (by the payment link's token).
import type { Config } from '../config.ts';
import type { InvoiceWithOrder } from '../db/queries/invoices.ts';
import { renderInvoicePdf } from '../integrations/invoice-pdf.ts';
import { payPageUrl } from '../integrations/payment-links.ts';

export function invoicePdf(config: Config, { invoice, order }: InvoiceWithOrder): Promise<Buffer> {
  return renderInvoicePdf({
    number: invoice.number,
    issuedAt: invoice.issuedAt,
    dueDate: invoice.dueDate,
    kind: invoice.kind as 'prepayment' | 'postpayment',
    currency: invoice.currency,
    orderNumber: order.number,
    seller: config.seller,
    buyer: order.customer,
    rows: invoice.rows,
    amountToPay: invoice.amount,
    paymentUrl: invoice.paymentUrl ?? payPageUrl(config, invoice.paymentToken),
    timezone: config.timezone,
  });
}

/** `Content-Disposition` for a PDF named after the invoice number (ASCII-safe: numbers are `INV-2026-00001`). */
export const pdfDisposition = (number: string) => `inline; filename="invoice-${number.replace(/[^\w.-]/g, '_')}.pdf"`;
