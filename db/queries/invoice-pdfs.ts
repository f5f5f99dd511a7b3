// Stored invoice documents: rendered once, then the same bytes for the e-mail, staff and the client's link.
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { invoicePdfs } from '../schema.ts';

export async function findInvoicePdf(db: Db, invoiceId: string): Promise<Buffer | undefined> {
  const [row] = await db.select({ pdf: invoicePdfs.pdf }).from(invoicePdfs).where(eq(invoicePdfs.invoiceId, invoiceId));
  return row?.pdf;
}

/** Stores the document unless one is stored already; answers with the stored one, so every reader gets the same bytes. */
export async function storeInvoicePdf(db: Db, invoiceId: string, pdf: Buffer): Promise<Buffer> {
  const [inserted] = await db.insert(invoicePdfs).values({ invoiceId, pdf }).onConflictDoNothing().returning({ pdf: invoicePdfs.pdf });
  return inserted?.pdf ?? (await findInvoicePdf(db, invoiceId)) ?? pdf;
}
