// Invoice documents for staff (authenticated) and clients (by the payment link's token).
import type { Config } from '../../config.ts';
import type { InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { renderStoredInvoice } from '../../integrations/invoice-pdf.ts';
import { payPageUrl } from '../../integrations/payment-links.ts';

export function invoicePdf(config: Config, found: InvoiceWithOrder): Promise<Buffer> {
  return renderStoredInvoice(config, found, found.invoice.paymentUrl ?? payPageUrl(config, found.invoice.paymentToken));
}

/** `Content-Disposition` for a PDF named after the invoice number (ASCII-safe: numbers are `INV-2026-00001`). */
export const pdfDisposition = (number: string) => `inline; filename="invoice-${number.replace(/[^\w.-]/g, '_')}.pdf"`;
