// Invoices as records: one per invoice step of the workflow (its id comes from the workflow), with a gapless
// number within the calendar year and the order's rows frozen into it, and its document rendered once.
import { ApplicationFailure } from '@temporalio/activity';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { findIssuedInvoice, findPaymentLinkSubject, insertInvoice, orderRowsForInvoice, setPaymentUrl } from '../db/queries/invoice-issue.ts';
import { nextNumber } from '../db/queries/orders.ts';
import { dateIn } from '../domain/calendar.ts';
import { formatNumber, yearIn } from '../domain/format.ts';
import { invoiceDocument } from '../integrations/invoice-documents.ts';
import type { PaymentLinks } from '../integrations/payment-links.ts';

export interface IssueInvoiceInput {
  invoiceId: string;
  orderId: string;
  kind: 'prepayment' | 'postpayment';
  amount: number;
  currency: string;
  issuedAt: string;
  dueAt: string;
  timezone: string;
}

export interface IssuedInvoice {
  number: string;
  dueDate: string;
}

export function createInvoiceActivities({ db, config, paymentLinks }: { db: Db; config: Config; paymentLinks: PaymentLinks }) {
  return {
    /**
     * Gives the invoice its payment link, once: a link already made is returned as it is, and the provider
     * call carries the invoice id as its idempotency key. The document, which prints the link, is rendered
     * and stored here, once, so the e-mail and every download send the same bytes without rendering again.
     */
    async createPaymentLink({ invoiceId }: { invoiceId: string }): Promise<string> {
      const invoice = await findPaymentLinkSubject(db, invoiceId);
      if (!invoice) throw ApplicationFailure.nonRetryable(`invoice ${invoiceId} does not exist`);
      const url =
        invoice.url ??
        (await paymentLinks({
          invoiceId,
          invoiceNumber: invoice.number,
          token: invoice.token,
          amount: invoice.amount,
          currency: invoice.currency,
          orderId: invoice.orderId,
          orderNumber: invoice.orderNumber,
          email: invoice.customer.email,
        }));
      if (!invoice.url) await setPaymentUrl(db, invoiceId, url);
      await invoiceDocument(db, config, invoiceId);
      return url;
    },

    /** Writes the invoice once: a retry finds it and answers with the same number. */
    async issueInvoice(input: IssueInvoiceInput): Promise<IssuedInvoice> {
      return db.transaction(async (tx) => {
        const existing = await findIssuedInvoice(tx, input.invoiceId);
        if (existing) return existing;

        const issuedAt = new Date(input.issuedAt);
        const dueAt = new Date(input.dueAt);
        const year = yearIn(input.timezone, issuedAt);
        const number = formatNumber('invoice', year, await nextNumber(tx, 'invoice', year));
        const dueDate = dateIn(input.timezone, dueAt);
        await insertInvoice(tx, {
          id: input.invoiceId,
          number,
          orderId: input.orderId,
          kind: input.kind,
          amount: input.amount,
          currency: input.currency,
          issuedAt,
          dueDate,
          dueAt,
          paymentToken: randomBytes(24).toString('base64url'),
          rows: await orderRowsForInvoice(tx, input.orderId),
          createdAt: issuedAt,
        });
        return { number, dueDate };
      });
    },
  };
}
