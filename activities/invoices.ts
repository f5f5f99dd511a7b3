// Invoices as records: one per invoice step of the workflow (its id comes from the workflow), with a gapless
// number within the calendar year and the order's rows frozen into it.
import { ApplicationFailure } from '@temporalio/activity';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { nextNumber } from '../db/queries/orders.ts';
import { invoices, orderItems, orders } from '../db/schema.ts';
import { dateIn } from '../domain/calendar.ts';
import { formatNumber, yearIn } from '../domain/format.ts';
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

export function createInvoiceActivities({ db, paymentLinks }: { db: Db; paymentLinks: PaymentLinks }) {
  return {
    /**
     * Gives the invoice its payment link, once: a link already made is returned as it is, and the provider
     * call carries the invoice id as its idempotency key.
     */
    async createPaymentLink({ invoiceId }: { invoiceId: string }): Promise<string> {
      const [invoice] = await db
        .select({
          number: invoices.number,
          token: invoices.paymentToken,
          url: invoices.paymentUrl,
          amount: invoices.amount,
          currency: invoices.currency,
          orderId: invoices.orderId,
          orderNumber: orders.number,
          customer: orders.customer,
        })
        .from(invoices)
        .innerJoin(orders, eq(orders.id, invoices.orderId))
        .where(eq(invoices.id, invoiceId));
      if (!invoice) throw ApplicationFailure.nonRetryable(`invoice ${invoiceId} does not exist`);
      if (invoice.url) return invoice.url;
      const url = await paymentLinks({
        invoiceId,
        invoiceNumber: invoice.number,
        token: invoice.token,
        amount: invoice.amount,
        currency: invoice.currency,
        orderId: invoice.orderId,
        orderNumber: invoice.orderNumber,
        email: invoice.customer.email,
      });
      await db.update(invoices).set({ paymentUrl: url }).where(and(eq(invoices.id, invoiceId), isNull(invoices.paymentUrl)));
      return url;
    },

    /** Writes the invoice once: a retry finds it and answers with the same number. */
    async issueInvoice(input: IssueInvoiceInput): Promise<IssuedInvoice> {
      return db.transaction(async (tx) => {
        const [existing] = await tx
          .select({ number: invoices.number, dueDate: invoices.dueDate })
          .from(invoices)
          .where(eq(invoices.id, input.invoiceId));
        if (existing) return existing;

        const issuedAt = new Date(input.issuedAt);
        const dueAt = new Date(input.dueAt);
        const year = yearIn(input.timezone, issuedAt);
        const number = formatNumber('invoice', year, await nextNumber(tx, 'invoice', year));
        const dueDate = dateIn(input.timezone, dueAt);
        const rows = await tx
          .select({
            sku: orderItems.sku,
            name: orderItems.name,
            unit: orderItems.unit,
            quantityMilli: orderItems.quantityMilli,
            price: orderItems.price,
            discountHundredths: orderItems.discountHundredths,
            vatRate: orderItems.vatRate,
            amount: orderItems.amount,
            vat: orderItems.vat,
          })
          .from(orderItems)
          .where(eq(orderItems.orderId, input.orderId))
          .orderBy(asc(orderItems.position));
        await tx.insert(invoices).values({
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
          rows,
          createdAt: issuedAt,
        });
        return { number, dueDate };
      });
    },
  };
}
