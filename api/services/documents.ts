// Invoice documents for staff (authenticated) and clients (by the payment link's token).
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { invoiceDocument } from '../../integrations/invoice-documents.ts';

/** The stored document, the same bytes the client was mailed. */
export async function invoicePdf(db: Db, config: Config, found: InvoiceWithOrder): Promise<Buffer> {
  return (await invoiceDocument(db, config, found.invoice.id, found))!;
}

/** `Content-Disposition` for a PDF named after the invoice number (ASCII-safe: numbers are `INV-2026-00001`). */
export const pdfDisposition = (number: string) => `inline; filename="invoice-${number.replace(/[^\w.-]/g, '_')}.pdf"`;
