// The invoice's PDF as every reader gets it: rendered once and stored, then the stored bytes. Invoices issued
// before documents were stored get theirs on first use.
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { findInvoicePdf, storeInvoicePdf } from '../db/queries/invoice-pdfs.ts';
import { findInvoiceWithOrder, type InvoiceWithOrder } from '../db/queries/invoices.ts';
import { renderStoredInvoice } from './invoice-pdf.ts';
import { payPageUrl } from './payment-links.ts';

/** The invoice's document; undefined when there is no such invoice. `found` saves a read when the caller has it. */
export async function invoiceDocument(db: Db, config: Config, invoiceId: string, found?: InvoiceWithOrder): Promise<Buffer | undefined> {
  const stored = await findInvoicePdf(db, invoiceId);
  if (stored) return stored;
  const invoice = found ?? (await findInvoiceWithOrder(db, { id: invoiceId }));
  if (!invoice) return undefined;
  const pdf = await renderStoredInvoice(config, invoice, invoice.invoice.paymentUrl ?? payPageUrl(config, invoice.invoice.paymentToken));
  // the document prints the payment link: until the provider has made it, render without keeping the result
  return invoice.invoice.paymentUrl ? storeInvoicePdf(db, invoiceId, pdf) : pdf;
}
